import manifestSchema from '../../../../schemas/bexnet.schema.json';
import ruleFileSchema from '../../../../schemas/fwrules.schema.json';
import type { OffsetRange } from '../model/types';
import { excerpt } from '../util/excerpt';

/**
 * A linear look at a YAML text before the yaml package parses it, to give up
 * early on text that cannot be a manifest or a rule file.
 *
 * Why a first pass rather than a worker or a time-sliced parse: the yaml
 * package takes 0.5 s per MB of valid YAML and up to 7 s per MB of garbage
 * (5 MB of "]" lines: 31 s and 3.5 GB; of "[": out of memory; 1 MB of distinct
 * keys: 105 s, its duplicate-key check is quadratic), in one synchronous
 * compose step that cannot be sliced. A worker would keep a second copy of
 * every model (a 300 MB server becomes 600 MB), and hovers would still parse
 * on the main thread. This scan reads a line at a time (about 20 ms per MB of
 * valid YAML) and stops as soon as it has seen enough.
 *
 * It counts faults no manifest or rule file can have: YAML errors (a value
 * starting with "]", text after a closing quote, "a: b: c", a key twice in a
 * mapping) and schema errors in every befw file (a key neither schema has, a
 * list item with no value), each weighing one per started KB of its line, so
 * that one 5 MB line of junk counts as much as 5,000 short ones. A text it
 * gives up on could not have been checked clean: the user loses the exact
 * messages, not a check. Structures no befw file comes near (nesting 32 deep,
 * a mapping of 256 keys, a list of 10,000 values) end the scan at once.
 */

/** Shorter texts go straight to the parser: its worst case on them is tens of ms, and its messages are exact. */
export const PRESCAN_FROM = 16 * 1024;
export const MAX_FAULTS = 100;
const MAX_DEPTH = 32;
const MAX_KEYS = 256;
const MAX_LIST_VALUES = 10_000;

export interface Verdict {
  /** The line of the first fault (or of the structure that ended the scan). */
  readonly range: OffsetRange;
  /** What is wrong, in a phrase naming the first fault. */
  readonly reason: string;
}

/** Every key either schema defines, and the merge key; keys starting with "x-" are allowed everywhere. */
const KEYS = new Set(['<<', ...propertyNames(manifestSchema), ...propertyNames(ruleFileSchema)]);

function propertyNames(schema: unknown): string[] {
  if (Array.isArray(schema)) return schema.flatMap(propertyNames);
  if (!schema || typeof schema !== 'object') return [];
  return Object.entries(schema).flatMap(([key, value]) => [...(key === 'properties' && value && typeof value === 'object' ? Object.keys(value) : []), ...propertyNames(value)]);
}

/** Why `text` is not worth a YAML parse, or undefined when it may be a manifest or a rule file. */
export function tooBrokenToParse(text: string): Verdict | undefined {
  return text.length < PRESCAN_FROM ? undefined : findFaults(text, MAX_FAULTS);
}

/** A verdict once faults weighing `limit` are found, or a structure too large or deep; undefined otherwise. */
export function findFaults(text: string, limit: number): Verdict | undefined {
  const scanner = new LineScanner(text, limit);
  for (let start = 0; start < text.length && !scanner.verdict; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    scanner.line(start, text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    start = end + 1;
  }
  return scanner.verdict;
}

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const OPEN_BRACKET = 91;
const OPEN_BRACE = 123;
const QUOTES = new Set([34, 39]);

/** Reads block YAML a line at a time, as far as a line shows what it is. */
class LineScanner {
  verdict: Verdict | undefined;
  private faults = 0;
  private first: { range: OffsetRange; why: string } | undefined;
  private start = 0;
  private end = 0;
  /** Lines indented more than this belong to a block scalar (| or >). */
  private scalarIndent = -1;
  /** The block mappings around the current line: their indentation and keys. */
  private mappings: { indent: number; keys: Set<string> }[] = [];
  /** A "-" alone on its line, whose value must come on a deeper line. */
  private emptyItem: { indent: number; range: OffsetRange } | undefined;
  /** Consecutive "- value" lines at one indentation. */
  private values = { indent: -1, count: 0 };
  /** Flow collections and the quote open at the end of the line, carried to the next. */
  private flows: number[] = [];
  private quote = 0;
  private expectKey = false;

  constructor(
    private readonly text: string,
    private readonly limit: number,
  ) {}

  line(start: number, end: number): void {
    this.start = start;
    this.end = end;
    let at = start;
    while (at < end && this.text.charCodeAt(at) === SPACE) at++;
    const indent = at - start;
    const blank = at === end || this.text.charCodeAt(at) === HASH;
    if (this.scalarIndent >= 0 && (blank || indent > this.scalarIndent)) return;
    this.scalarIndent = -1;
    if (this.flows.length > 0 || this.quote !== 0) return void this.inline(at);
    if (blank) return;
    if (this.emptyItem && indent <= this.emptyItem.indent) this.fault('a list item with no value', this.emptyItem.range);
    this.emptyItem = undefined;
    if (indent <= this.values.indent && this.text.charCodeAt(at) !== DASH) this.values = { indent: -1, count: 0 };
    if (indent === 0 && /^(?:(?:---|\.\.\.)(?:\s|$)|%)/.test(this.text.slice(at, Math.min(end, at + 4)))) {
      this.mappings = [];
      return;
    }
    while (at < end && this.text.charCodeAt(at) === DASH && this.blankAt(at + 1)) {
      // "- ": a new item; the mappings of the item before it end here.
      const dash = at - start;
      this.mappings = this.mappings.filter((m) => m.indent <= dash);
      at++;
      while (at < end && this.blankAt(at)) at++;
      if (at === end) this.emptyItem = { indent: dash, range: [start, end] };
      else if (this.isValue(at)) this.countValue(dash);
    }
    if (at < end) this.node(at, indent, true);
  }

  private blankAt(at: number): boolean {
    const code = this.text.charCodeAt(at);
    return at >= this.end || code === SPACE || code === 9;
  }

  /** Whether the item starting at `at` is a scalar rather than a mapping or a collection. */
  private isValue(at: number): boolean {
    const rest = this.text.slice(at, this.end);
    return !/^[[{&!|>]|^[^#]*?:(?:[ \t]|$)/.test(rest);
  }

  private countValue(indent: number): void {
    this.values = indent === this.values.indent ? { indent, count: this.values.count + 1 } : { indent, count: 1 };
    if (this.values.count > MAX_LIST_VALUES) this.stop(`a list of more than ${MAX_LIST_VALUES.toLocaleString('en-US')} values`);
  }

  /** The node starting at `at`; `asKey` while a mapping key may start here. */
  private node(at: number, indent: number, asKey: boolean): void {
    const { text, end } = this;
    const rest = text.slice(at, end);
    const code = text.charCodeAt(at);
    if (code === HASH) return;
    if (code === OPEN_BRACKET || code === OPEN_BRACE) return void this.inline(at);
    if (code === 38 || code === 33) {
      // An anchor or a tag, then the node.
      const next = rest.search(/\s\S/);
      if (next >= 0) this.node(at + next + 1, indent, asKey);
      return;
    }
    if (code === 42 || code === 63 || (code === 58 && this.blankAt(at + 1))) return; // an alias; "? " and ": " keys
    if (code === 124 || code === 62) {
      // '|' '>': a block scalar's header, its text on the deeper lines below.
      if (/^[|>][-+1-9]*[ \t]*(?:#.*)?$/.test(rest)) this.scalarIndent = indent;
      else this.fault('text after a block scalar indicator');
      return;
    }
    if (QUOTES.has(code)) {
      const closed = this.inline(at);
      if (closed < 0) return;
      const after = /^[ \t]*(.?)/.exec(text.slice(closed, end))![1];
      if (after === ':' && asKey) this.key(text.slice(at + 1, closed - 1), at - this.start, closed + 1);
      else if (after !== '' && after !== '#') this.fault('text after a quoted value');
      return;
    }
    if (']},@`%'.includes(rest[0])) return this.fault(`a value starting with "${rest[0]}"`);
    // A plain scalar: a key when ": " (or a final ":") follows it before any comment.
    const colon = rest.search(/:(?:[ \t]|$)| #/);
    if (colon < 0 || rest[colon] === ' ') return;
    if (!asKey) return this.fault('a mapping inside a value on one line ("a: b: c")');
    this.key(rest.slice(0, colon).trimEnd(), at - this.start, at + colon + 1);
  }

  private key(name: string, column: number, after: number): void {
    this.mappings = this.mappings.filter((m) => m.indent <= column);
    let mapping = this.mappings[this.mappings.length - 1];
    if (mapping?.indent !== column) this.mappings.push((mapping = { indent: column, keys: new Set() }));
    if (this.mappings.length > MAX_DEPTH) return this.stop(`mappings nested more than ${MAX_DEPTH} deep`);
    if (mapping.keys.has(name)) this.fault(`"${excerpt(name, 40)}" twice in one mapping`);
    else this.checkKey(name);
    mapping.keys.add(name);
    if (mapping.keys.size > MAX_KEYS) return this.stop(`a mapping of more than ${MAX_KEYS} keys`);
    let value = after;
    while (value < this.end && this.blankAt(value)) value++;
    if (value < this.end) this.node(value, column, false);
  }

  private checkKey(name: string): void {
    if (!KEYS.has(name) && !name.startsWith('x-')) this.fault(`"${excerpt(name, 40)}", a key of neither a manifest nor a rule file`);
  }

  /**
   * Follows flow collections and quotes from `at` to the end of the line,
   * checking the keys of flow mappings and carrying what is still open to the
   * next line; returns where a quote opened at `at` closes, or -1.
   */
  private inline(at: number): number {
    const { text, end } = this;
    let tokenStart = true;
    let keyStart = -1;
    for (let i = at; i < end && !this.verdict; i++) {
      const code = text.charCodeAt(i);
      if (this.quote !== 0) {
        // \" in a double-quoted string and '' in a single-quoted one do not close it.
        if ((code === 92 && this.quote === 34) || (code === 39 && this.quote === 39 && text.charCodeAt(i + 1) === 39)) i++;
        else if (code === this.quote) {
          this.quote = 0;
          if (keyStart >= 0) this.checkKey(text.slice(keyStart, i));
          keyStart = -1;
          if (this.flows.length === 0) return i + 1;
        }
        continue;
      }
      const open = this.flows[this.flows.length - 1];
      if (code === SPACE || code === 9) tokenStart = true;
      else if (code === HASH && tokenStart) return -1;
      else if (QUOTES.has(code) && tokenStart) {
        this.quote = code;
        if (this.expectKey && open === OPEN_BRACE) keyStart = i + 1;
        this.expectKey = false;
      } else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
        this.flows.push(code);
        if (this.flows.length > MAX_DEPTH) {
          this.stop(`lists and mappings nested more than ${MAX_DEPTH} deep`);
          return -1;
        }
        this.expectKey = code === OPEN_BRACE;
        tokenStart = true;
      } else if (code === 93 || code === 125) {
        this.flows.pop();
        this.expectKey = false;
        if (this.flows.length === 0) return -1;
      } else if (code === 44) {
        this.expectKey = open === OPEN_BRACE;
        tokenStart = true;
      } else if (this.expectKey && open === OPEN_BRACE) {
        // A plain key of a flow mapping: up to ":" (then a space or an indicator), "," or "}".
        const length = text.slice(i, end).search(/:(?=[\s,\]}]|$)|[,}\]]/);
        const keyEnd = length < 0 ? end : i + length;
        this.checkKey(text.slice(i, keyEnd).trimEnd());
        this.expectKey = false;
        i = keyEnd - 1;
      } else tokenStart = code === 58;
    }
    return -1;
  }

  /** A fault on the current line (or `range`), weighing one per started KB of it. */
  private fault(why: string, range: OffsetRange = [this.start, this.end]): void {
    this.first ??= { range, why };
    this.faults += Math.max(1, Math.ceil((range[1] - range[0]) / 1024));
    if (this.faults >= this.limit) {
      this.verdict ??= { range: this.first.range, reason: `${this.limit > 1 ? 'lines' : 'a line'} that no manifest or rule file can contain (the first: ${this.first.why})` };
    }
  }

  /** A structure no befw file comes near: the scan ends here. */
  private stop(what: string): void {
    this.verdict ??= { range: [this.start, this.end], reason: `${what}, which no manifest or rule file has` };
  }
}
