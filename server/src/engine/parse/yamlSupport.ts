import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { OffsetRange, SyntaxProblem } from '../model/types';
import { AliasExpansionError, PlainValues } from './plainValue';
import { tooBrokenToParse, type Verdict } from './yamlPrescan';

/** YAML errors reported per parse; the rest are counted in one last problem. */
const MAX_YAML_PROBLEMS = 100;

export type PathSegment = string | number;

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
  const broken = tooBrokenToParse(text);
  if (broken) return unparsed(broken);
  const keys = new KeyComparisons(Math.max(100_000, KEY_COMPARISONS_PER_CHARACTER * text.length));
  const document = parseDocument(text, { uniqueKeys: keys.equal, prettyErrors: false, keepSourceTokens: false });
  if (keys.exhausted) return unparsed({ range: [0, Math.min(1, text.length)], reason: 'its mappings have more keys than any manifest or rule file' });
  const problems: SyntaxProblem[] = [];
  // The yaml package reads a lone CR as part of a line, which yields baffling errors; say what is wrong instead.
  const loneCarriageReturn = /\r(?!\n)/.exec(text);
  if (loneCarriageReturn) {
    problems.push({ message: 'Lines end with a lone carriage return (CR, old Mac style); save the file with LF or CRLF line endings.', range: [loneCarriageReturn.index, loneCarriageReturn.index + 1] });
  }
  // A pasted megabyte of garbage has hundreds of thousands of errors; the first ones say enough.
  for (const error of document.errors.slice(0, MAX_YAML_PROBLEMS)) {
    problems.push({ message: `YAML: ${firstLine(error.message)}`, range: clampRange(error.pos, text.length) });
  }
  if (document.errors.length > MAX_YAML_PROBLEMS) {
    const last = document.errors[MAX_YAML_PROBLEMS];
    problems.push({ message: `YAML: ${document.errors.length - MAX_YAML_PROBLEMS} more errors after these`, range: clampRange(last.pos, text.length) });
  }
  let value: unknown = undefined;
  const values = new PlainValues(document, text.length);
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

/** A text not given to the YAML parser (see yamlPrescan.ts): one problem saying why, and no value. */
function unparsed(verdict: Verdict): ParsedYaml {
  const document = parseDocument('');
  const message = `This text is too broken to check as YAML: ${verdict.reason}. Fix or remove such lines and it is checked again.`;
  return { document, value: undefined, problems: [{ message, range: verdict.range }], values: new PlainValues(document, 0) };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function clampRange(pos: readonly [number, number], length: number): OffsetRange {
  const start = Math.min(Math.max(pos[0], 0), length);
  const end = Math.min(Math.max(pos[1], start), length);
  return [start, end];
}

export function rangeOf(node: Node | null | undefined): OffsetRange | undefined {
  const range = node?.range;
  return range ? [range[0], range[1]] : undefined;
}

/** The value node at `path` and the key node that names it, as deep as the path exists. */
export function nodeAtPath(root: unknown, path: readonly PathSegment[]): { node?: Node; key?: Node; complete: boolean } {
  let node = root as Node | undefined;
  let key: Node | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return { node, key, complete: false };
      key = pair.key as Node;
      node = (pair.value ?? undefined) as Node | undefined;
      if (!node) return { node: key, key, complete: false };
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      key = undefined;
      node = node.items[segment] as Node;
    } else {
      return { node, key, complete: false };
    }
  }
  return { node, key, complete: true };
}

/** Key/value pairs of a map node, by key text. */
export function mapEntries(node: unknown): Map<string, { key: Node; value: Node | undefined }> {
  const entries = new Map<string, { key: Node; value: Node | undefined }>();
  if (!isMap(node)) return entries;
  for (const pair of node.items) {
    if (isScalar(pair.key)) entries.set(String(pair.key.value), { key: pair.key, value: (pair.value ?? undefined) as Node | undefined });
  }
  return entries;
}
