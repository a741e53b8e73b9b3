import { isScalar, parseDocument, type Document, type ErrorCode } from 'yaml';
import type { OffsetRange, SyntaxProblem } from '../model/types';
import { EXCERPT_LENGTH, excerpt } from '../util/excerpt';
import { AliasExpansionError, PlainValues } from './plainValue';
import { keyRanges, resolveAliases } from './yamlNodes';
import { tooBrokenToParse, type Verdict } from './yamlPrescan';

/** YAML errors reported per parse; the rest are counted in one last problem. */
const MAX_YAML_PROBLEMS = 100;

export interface ParsedYaml {
  readonly document: Document.Parsed;
  readonly value: unknown;
  readonly problems: SyntaxProblem[];
  /** Plain values of the document's nodes, aliases resolved (see PlainValues). */
  readonly values: PlainValues;
}

/**
 * Key comparisons one parse may make, per character of the text. The yaml
 * package compares each key with every earlier key of its map, so 1 MB of
 * distinct keys (150,000) takes 105 s; a befw map has a dozen keys at most.
 */
const KEY_COMPARISONS_PER_CHARACTER = 4;

/**
 * The yaml package's own key equality, counted. Past the budget each
 * comparison throws, which makes the yaml package abandon that map at once
 * (it reports the error on the map and goes on with the rest).
 */
class KeyComparisons {
  private left: number;

  constructor(budget: number) {
    this.left = budget;
  }

  get exhausted(): boolean {
    return this.left < 0;
  }

  readonly equal = (a: unknown, b: unknown): boolean => {
    if (--this.left < 0) throw new Error('too many key comparisons');
    return a === b || (isScalar(a) && isScalar(b) && a.value === b.value);
  };
}

/** Parses YAML text into a document with ranges, its plain value and readable problems. */
export function parseYaml(text: string): ParsedYaml {
  // The first pass says more (what the text holds, where); the nesting guard covers the texts it leaves to the parser.
  const broken = tooBrokenToParse(text);
  if (broken) return unparsed(broken);
  const tooDeep = tooDeepAt(text);
  if (tooDeep !== undefined) return refused(text, tooDeep);
  const keyBudget = new KeyComparisons(Math.max(100_000, KEY_COMPARISONS_PER_CHARACTER * text.length));
  // merge: `<<: *base` adds the keys of the mapping it names (YAML 1.1, and a common idiom in 1.2 files).
  const document = parseDocument(text, { uniqueKeys: keyBudget.equal, prettyErrors: false, keepSourceTokens: false, merge: true });
  if (keyBudget.exhausted) return unparsed({ range: [0, Math.min(1, text.length)], reason: 'its mappings have more keys than any manifest or rule file' });
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

/** A text not given to the YAML parser (see yamlPrescan.ts): one problem saying why, and no value. */
function unparsed(verdict: Verdict): ParsedYaml {
  const document = parseDocument('');
  const message = `This text is too broken to check as YAML: ${verdict.reason}. Fix or remove such lines and it is checked again.`;
  return { document, value: undefined, problems: [{ message, range: verdict.range }], values: new PlainValues(0) };
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

/**
 * How deep a YAML text may nest lists and mappings before befw refuses to
 * read it. The yaml package composes nodes recursively and runs out of stack
 * somewhere between 500 and 1,000 levels; caught deep in the stack, that has
 * even brought the whole process down (V8 "RegExpCompiler Allocation
 * failed"). Real manifests and rule files nest fewer than ten levels.
 */
export const MAX_NESTING = 100;

/**
 * Where the text first nests deeper than MAX_NESTING, by an estimate that is
 * cheap to compute and at least half the true depth: open [ and { (outside
 * quotes and comments) plus, per line, the columns of indentation and of
 * "- " / "? " indicators before the content (a block level takes at least
 * one column, but for a list that is a mapping's value: two levels per two
 * columns at most). Undefined when the text stays within the limit.
 */
function tooDeepAt(text: string): number | undefined {
  let flowDepth = 0;
  let lineStart = true;
  let blockDepth = 0;
  let previous = '\n';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      lineStart = true;
      blockDepth = 0;
      previous = c;
      continue;
    }
    if (lineStart) {
      if (c === ' ' || ((c === '-' || c === '?') && isBlank(text[i + 1]))) {
        blockDepth++;
        if (flowDepth + blockDepth > MAX_NESTING) return i;
        continue;
      }
      lineStart = false;
    }
    if (c === '#' && isBlank(previous)) {
      i = lineEnd(text, i) - 1;
      continue;
    }
    if ((c === '"' || c === "'") && opensValue(previous)) {
      i = quoteEnd(text, i);
      previous = c;
      continue;
    }
    if ((c === '[' || c === '{') && opensValue(previous)) {
      flowDepth++;
      if (flowDepth + blockDepth > MAX_NESTING) return i;
    } else if ((c === ']' || c === '}') && flowDepth > 0) {
      flowDepth--;
    }
    if (c !== ' ' && c !== '\t') previous = c;
    else if (!isBlank(previous)) previous = ' ';
  }
  return undefined;
}

const isBlank = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Whether a value may start after `previous` (the last character that is not a blank, or a blank itself after a token). */
const opensValue = (previous: string) => isBlank(previous) || previous === '[' || previous === '{' || previous === ',' || previous === ':' || previous === '-' || previous === '?';

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (text[i] === '\n' || text[i] === '\r') return i;
  return text.length;
}

/** The offset of the quote that closes the one at `start` (YAML doubles a single quote inside '…' and escapes with \ inside "…"). */
function quoteEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return text.length;
}

/**
 * What each of the yaml package's error codes means, said for a person who
 * edits a manifest or a rule file rather than for a programmer who calls the
 * library ("please use YAML.parseAllDocuments()", "Maximum call stack size
 * exceeded"). Where a code covers several situations and the library's words
 * name the one at hand ("Missing closing "quote"), they follow the sentence;
 * where its words are the library's own ("flow-seq-end token"), the sentence
 * names the text found there instead.
 */
/** A sentence, or one that names the text found where the error is (already an excerpt, never empty). */
type Sentence = string | ((found: string) => string);

const SENTENCES: Readonly<Record<ErrorCode, { readonly sentence: Sentence; readonly keepDetail?: true }>> = {
  ALIAS_PROPS: { sentence: 'an alias (*name) cannot have an anchor (&name) or a tag (!tag) of its own' },
  BAD_ALIAS: { sentence: 'an anchor (&name) or alias (*name) needs a name' },
  BAD_DIRECTIVE: { sentence: 'a line starting with "%" is a YAML directive, and this one is not valid; quote the value if "%" is part of it', keepDetail: true },
  BAD_DQ_ESCAPE: { sentence: 'text in double quotes has a backslash that starts no valid escape; write \\\\ for a backslash, or use single quotes', keepDetail: true },
  BAD_INDENT: { sentence: 'the indentation does not line up: items of one list or mapping must start in the same column, deeper than their parent', keepDetail: true },
  BAD_PROP_ORDER: { sentence: 'an anchor (&name) or tag (!tag) must come after the "-" or "?" of an item, not before it' },
  BAD_SCALAR_START: { sentence: 'a value cannot start with this character; put the value in quotes', keepDetail: true },
  BLOCK_AS_IMPLICIT_KEY: { sentence: 'a key is followed by another "key:" on the same line; start the inner mapping on a new, indented line, or write it as { key: value }' },
  BLOCK_IN_FLOW: { sentence: 'inside [ ] or { } items are separated by commas: a "- " list or an indented mapping cannot appear there' },
  DUPLICATE_KEY: { sentence: (key) => `"${key}" is written a second time in this mapping; befw reads the first one and ignores this one: keep one` },
  IMPOSSIBLE: { sentence: 'the YAML reader met a construct it cannot place here', keepDetail: true },
  KEY_OVER_1024_CHARS: { sentence: 'a key is longer than 1,024 characters (or a line lacks its ":"); write long text as a value' },
  MISSING_CHAR: { sentence: 'a character the YAML syntax needs is missing', keepDetail: true },
  MULTILINE_IMPLICIT_KEY: { sentence: 'a key runs over more than one line, or a line lacks the ":" after its key' },
  MULTIPLE_ANCHORS: { sentence: 'a value can have only one anchor (&name)' },
  MULTIPLE_DOCS: { sentence: 'the file holds more than one YAML document (a "---" line starts another); befw reads one document per file: remove the second or move it to a file of its own' },
  MULTIPLE_TAGS: { sentence: 'a value can have only one tag (!tag)' },
  NON_STRING_KEY: { sentence: 'keys must be plain text, not lists or mappings' },
  RESOURCE_EXHAUSTION: { sentence: 'the YAML reader ran out of room for this file (lists or mappings nested too deeply, or values too large); befw cannot read it' },
  TAB_AS_INDENT: { sentence: 'a tab is used for indentation; YAML indents with spaces only' },
  TAG_RESOLVE_FAILED: { sentence: 'a value does not fit its tag (!!int, !!bool …), or the tag is unknown; remove the tag', keepDetail: true },
  UNEXPECTED_TOKEN: { sentence: (found) => `"${found}" is not where the YAML syntax expects it; check the indentation, commas and brackets around it` },
  BAD_COLLECTION_TYPE: { sentence: 'a tag says list where there is a mapping, or the other way round; remove the tag' },
};

/**
 * The message of a YAML error: the sentence for its code and, where it helps,
 * the library's own words or the text `found` where the error is (an excerpt
 * of either: they may hold a token of any length).
 */
export function yamlErrorMessage(code: ErrorCode, libraryMessage: string, found: string): string {
  const { sentence, keepDetail } = SENTENCES[code] ?? { sentence: 'the file is not valid YAML', keepDetail: true };
  const text = typeof sentence === 'string' ? sentence : sentence(excerpt(found.trim()) || 'this');
  const detail = keepDetail ? excerpt(firstLine(libraryMessage)) : '';
  return detail ? `YAML: ${text} (${detail})` : `YAML: ${text}`;
}

/** The codes that have a sentence: every code of the yaml package. */
export const YAML_ERROR_CODES = Object.keys(SENTENCES) as ErrorCode[];

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
}
