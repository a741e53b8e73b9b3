import { parseDocument, type Document } from 'yaml';
import type { OffsetRange, SyntaxProblem } from '../model/types';
import { EXCERPT_LENGTH } from '../util/excerpt';
import { MAX_NESTING, tooDeepAt } from './nestingDepth';
import { AliasExpansionError, PlainValues } from './plainValue';
import { yamlErrorMessage } from './yamlMessages';
import { keyRanges, resolveAliases } from './yamlNodes';

/** YAML errors reported per parse; the rest are counted in one last problem. */
const MAX_YAML_PROBLEMS = 100;

export interface ParsedYaml {
  readonly document: Document.Parsed;
  readonly value: unknown;
  readonly problems: SyntaxProblem[];
  /** Plain values of the document's nodes, aliases resolved (see PlainValues). */
  readonly values: PlainValues;
}

/** Parses YAML text into a document with ranges, its plain value and readable problems. */
export function parseYaml(text: string): ParsedYaml {
  const tooDeep = tooDeepAt(text);
  if (tooDeep !== undefined) return refused(text, tooDeep);
  // merge: `<<: *base` adds the keys of the mapping it names (YAML 1.1, and a common idiom in 1.2 files).
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false, merge: true });
  const problems: SyntaxProblem[] = [];
  // The yaml package reads a lone CR as part of a line, which yields baffling errors; say what is wrong instead.
  const loneCarriageReturn = /\r(?!\n)/.exec(text);
  if (loneCarriageReturn) {
    problems.push({ message: 'Lines end with a lone carriage return (CR, old Mac style); save the file with LF or CRLF line endings.', range: [loneCarriageReturn.index, loneCarriageReturn.index + 1] });
  }
  const errors = document.errors;
  // The yaml package places a key written twice at its first character: the whole key, for the message to name it.
  const keys = errors.some((error) => error.code === 'DUPLICATE_KEY') ? keyRanges(document) : undefined;
  // A pasted megabyte of garbage has hundreds of thousands of errors; the first ones say enough.
  for (const error of errors.slice(0, MAX_YAML_PROBLEMS)) {
    const range = (error.code === 'DUPLICATE_KEY' && keys?.get(error.pos[0])) || firstLineOf(text, clampRange(error.pos, text.length));
    problems.push({ message: yamlErrorMessage(error.code, error.message, text.slice(range[0], Math.min(range[1], range[0] + EXCERPT_LENGTH))), range });
  }
  if (errors.length > MAX_YAML_PROBLEMS) {
    const last = errors[MAX_YAML_PROBLEMS];
    problems.push({ message: `YAML: ${errors.length - MAX_YAML_PROBLEMS} more errors after these`, range: firstLineOf(text, clampRange(last.pos, text.length)) });
  }
  // An alias or merge that cannot be read is left out of the value (null, or no keys), as its problem says.
  problems.push(...resolveAliases(document));
  let value: unknown = undefined;
  const values = new PlainValues(text.length);
  if (document.errors.length === 0) {
    try {
      value = values.of(document.contents);
    } catch (error) {
      if (!(error instanceof AliasExpansionError)) throw error;
      problems.push({ message: `YAML: ${error.message}`, range: [0, Math.min(1, text.length)] });
    }
  }
  return { document, value, problems, values };
}

/** A text nested too deeply to hand to the yaml package: an empty document and one problem where it gets too deep. */
function refused(text: string, at: number): ParsedYaml {
  const document = parseDocument('');
  const message = `YAML: lists and mappings nest more than ${MAX_NESTING} levels deep here; befw reads no deeper (a manifest or rule file needs fewer than ten)`;
  return { document, value: undefined, problems: [{ message, range: [at, Math.min(at + 1, text.length)] }], values: new PlainValues(0) };
}

function clampRange(pos: readonly [number, number], length: number): OffsetRange {
  const start = Math.min(Math.max(pos[0], 0), length);
  const end = Math.min(Math.max(pos[1], start), length);
  return [start, end];
}

/** A range cut at its first line break: an error about a whole second document is shown at its first line. */
function firstLineOf(text: string, range: OffsetRange): OffsetRange {
  const lineBreak = text.slice(range[0], range[1]).search(/[\r\n]/);
  return lineBreak <= 0 ? range : [range[0], range[0] + lineBreak];
}
