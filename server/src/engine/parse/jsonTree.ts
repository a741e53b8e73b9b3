import type { OffsetRange } from '../model/types';
import { excerpt } from '../util/excerpt';

/**
 * JSON (RFC 8259) read with the place of every value, so that a diagnostic marks exactly the
 * value it is about. A parser of our own: the engine's YAML parser reads JSON too, but several
 * times slower on a host's export, and jsonc-parser's UMD build requires its modules at run time,
 * which the bundled CLI and server cannot resolve. One pass, no backtracking; the first error ends
 * the parse and comes back as a problem at its place, never as an exception.
 */

export interface JsonString {
  readonly kind: 'string';
  /** Quotes included. */
  readonly range: OffsetRange;
  readonly value: string;
}

export interface JsonScalar {
  readonly kind: 'number' | 'boolean' | 'null';
  readonly range: OffsetRange;
  readonly value: number | boolean | null;
}

export interface JsonArray {
  readonly kind: 'array';
  readonly range: OffsetRange;
  readonly items: readonly JsonNode[];
}

export interface JsonEntry {
  readonly key: string;
  /** The key's text, inside its quotes. */
  readonly keyRange: OffsetRange;
  readonly value: JsonNode;
}

export interface JsonObject {
  readonly kind: 'object';
  readonly range: OffsetRange;
  readonly entries: readonly JsonEntry[];
}

export type JsonNode = JsonString | JsonScalar | JsonArray | JsonObject;

export interface JsonProblem {
  readonly message: string;
  readonly range: OffsetRange;
  /** The text ends before the JSON does: it was cut off. */
  readonly truncated: boolean;
}

export type JsonParse = { readonly root: JsonNode; readonly problem?: undefined } | { readonly root?: undefined; readonly problem: JsonProblem };

/** Deeper than any export; a bound that keeps hostile input (`[[[[…`) from exhausting the stack. */
const MAX_DEPTH = 64;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[\w.+-]*/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Items of one list of the top-level object handed over as each is read, and not kept in the tree
 * (its array stays empty): a 50,000-rule export is not held whole as a tree.
 */
export interface ItemStream {
  readonly key: string;
  take(item: JsonNode, index: number): void;
}

/** Reads `text` as one JSON value; a byte-order mark at the start is skipped. */
export function parseJson(text: string, stream?: ItemStream): JsonParse {
  const reader = new Reader(text, stream);
  try {
    const root = reader.document();
    return { root };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { problem: error.problem };
    throw error;
  }
}

class JsonSyntaxError {
  constructor(readonly problem: JsonProblem) {}
}

class Reader {
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly stream?: ItemStream,
  ) {}

  document(): JsonNode {
    this.skipBlanks();
    if (this.at >= this.text.length) this.fail('the file is empty', [0, 0]);
    const root = this.value(0);
    this.skipBlanks();
    if (this.at < this.text.length) this.fail(`${this.found()} after the end of the JSON document`, this.tokenRange());
    return root;
  }

  private value(depth: number): JsonNode {
    const c = this.text[this.at];
    if (c === '{' || c === '[') {
      if (depth >= MAX_DEPTH) this.fail(`lists and objects are nested more than ${MAX_DEPTH} deep`, [this.at, this.at + 1]);
      return c === '{' ? this.object(depth + 1) : this.array(depth + 1);
    }
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    if (c === undefined) this.cutOff('a value');
    const start = this.at;
    WORD.lastIndex = start;
    const word = WORD.exec(this.text)![0];
    if (word === 'true' || word === 'false') return this.scalar('boolean', word === 'true', word.length);
    if (word === 'null') return this.scalar('null', null, word.length);
    if (/^(true|false|null)$/i.test(word)) this.fail(`${word} is not JSON: write ${word.toLowerCase()}, in lower case`, [start, start + word.length]);
    if (c === "'") this.fail('JSON text is written in double quotes ("), not single quotes', [start, start + 1]);
    if (c === '/') this.fail('comments are not JSON: remove this one (befw-disable-next-line directives cannot be written in an export)', [start, this.lineEnd(start)]);
    this.fail(`${this.found()}: expected a value (text in double quotes, a number, true, false, null, a list or an object)`, this.tokenRange());
  }

  private object(depth: number): JsonObject {
    const start = this.at++;
    const entries: JsonEntry[] = [];
    this.skipBlanks();
    if (this.text[this.at] === '}') return { kind: 'object', range: [start, ++this.at], entries };
    for (;;) {
      this.skipBlanks();
      if (this.text[this.at] !== '"') {
        if (this.at >= this.text.length) this.cutOff('a key');
        const trailing = this.text[this.at] === '}' && entries.length > 0;
        this.fail(trailing ? 'a comma before } : JSON allows none after the last entry' : `${this.found()}: expected a key in double quotes`, this.tokenRange());
      }
      const key = this.string();
      this.skipBlanks();
      if (this.text[this.at] !== ':') {
        if (this.at >= this.text.length) this.cutOff(`the value of "${excerpt(key.value)}"`);
        this.fail(`${this.found()}: expected ":" after the key "${excerpt(key.value)}"`, this.tokenRange());
      }
      this.at++;
      this.skipBlanks();
      const streamed = depth === 1 && key.value === this.stream?.key && this.text[this.at] === '[';
      entries.push({ key: key.value, keyRange: [key.range[0] + 1, key.range[1] - 1], value: streamed ? this.array(depth + 1, this.stream) : this.value(depth) });
      if (this.next('}', `the value of "${excerpt(key.value)}"`)) return { kind: 'object', range: [start, this.at], entries };
    }
  }

  private array(depth: number, stream?: ItemStream): JsonArray {
    const start = this.at++;
    const items: JsonNode[] = [];
    let count = 0;
    this.skipBlanks();
    if (this.text[this.at] === ']') return { kind: 'array', range: [start, ++this.at], items };
    for (;;) {
      this.skipBlanks();
      if (this.text[this.at] === ']') this.fail('a comma before ] : JSON allows none after the last item', this.tokenRange());
      if (this.at >= this.text.length) this.cutOff('a list item');
      const item = this.value(depth);
      if (stream) stream.take(item, count);
      else items.push(item);
      count++;
      if (this.next(']', `item ${count}`)) return { kind: 'array', range: [start, this.at], items };
    }
  }

  /** After a value in a list or object: true at its closing bracket, false at a comma; anything else is an error. */
  private next(close: '}' | ']', after: string): boolean {
    this.skipBlanks();
    const c = this.text[this.at];
    if (c === ',' || c === close) {
      this.at++;
      return c === close;
    }
    if (c === undefined) this.cutOff(close === '}' ? 'a } closing an object' : 'a ] closing a list');
    this.fail(`${this.found()}: expected a comma or ${close} after ${after}`, this.tokenRange());
  }

  private string(): JsonString {
    const { text } = this;
    const start = this.at++;
    let value = '';
    let run = this.at;
    for (;;) {
      const c = text[this.at];
      if (c === '"') {
        value += text.slice(run, this.at++);
        return { kind: 'string', range: [start, this.at], value };
      }
      if (c === undefined) this.fail('the file ends inside this text: its closing " is missing', [start, this.at], true);
      if (c === '\\') {
        value += text.slice(run, this.at);
        value += this.escape();
        run = this.at;
      } else if (c < ' ') {
        if (c === '\n' || c === '\r') this.fail('this text has no closing " on its line', [start, this.at]);
        this.fail(`a control character (\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}) inside text: JSON writes it as an escape`, [this.at, this.at + 1]);
      } else this.at++;
    }
  }

  /** The escape at `\`; moves past it. */
  private escape(): string {
    const start = this.at;
    const c = this.text[start + 1];
    if (c === undefined) this.fail('the file ends inside this text: its closing " is missing', [start, start + 1], true);
    if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(start + 2, start + 6))) {
      this.at = start + 6;
      return String.fromCharCode(parseInt(this.text.slice(start + 2, start + 6), 16));
    }
    if (c !== 'u' && Object.prototype.hasOwnProperty.call(ESCAPES, c)) {
      this.at = start + 2;
      return ESCAPES[c];
    }
    const written = c === 'u' ? this.text.slice(start, start + 6) : this.text.slice(start, start + 2);
    this.fail(`${excerpt(written)} is not a JSON escape: JSON has \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\u followed by 4 hex digits`, [start, start + written.length]);
  }

  private number(): JsonScalar {
    const start = this.at;
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(this.text)?.[0] ?? '';
    WORD.lastIndex = start;
    const token = WORD.exec(this.text)![0];
    if (match.length === 0 || token.length > match.length) this.fail(`"${excerpt(token || this.text[start])}" is not a JSON number`, [start, start + Math.max(token.length, 1)]);
    return this.scalar('number', Number(match), match.length);
  }

  private scalar(kind: JsonScalar['kind'], value: JsonScalar['value'], length: number): JsonScalar {
    const start = this.at;
    this.at += length;
    return { kind, range: [start, this.at], value };
  }

  private skipBlanks(): void {
    const { text } = this;
    for (;;) {
      const c = text[this.at];
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || (c === '\ufeff' && this.at === 0)) this.at++;
      else return;
    }
  }

  /** The character (or word) at the cursor, quoted for a message. */
  private found(): string {
    const [start, end] = this.tokenRange();
    return `unexpected "${excerpt(this.text.slice(start, end))}"`;
  }

  /** A word at the cursor, or its one character. */
  private tokenRange(): OffsetRange {
    WORD.lastIndex = this.at;
    const word = WORD.exec(this.text)![0];
    return [this.at, this.at + Math.max(word.length, 1)];
  }

  private lineEnd(offset: number): number {
    const end = this.text.slice(offset).search(/[\r\n]/);
    return end === -1 ? this.text.length : offset + end;
  }

  /** The text ends where `expected` should come: marked at its last character. */
  private cutOff(expected: string): never {
    let end = this.text.length;
    while (end > 0 && /\s/.test(this.text[end - 1])) end--;
    this.fail(`the file ends where ${expected} should come`, [Math.max(0, end - 1), end], true);
  }

  private fail(message: string, range: OffsetRange, truncated = false): never {
    throw new JsonSyntaxError({ message, range, truncated });
  }
}

/** The value of a key of an object: the last one written, as JSON.parse reads it. */
export function entryOf(object: JsonObject, key: string): JsonEntry | undefined {
  for (let i = object.entries.length - 1; i >= 0; i--) if (object.entries[i].key === key) return object.entries[i];
  return undefined;
}

/**
 * Where a diagnostic about a value goes: text inside its quotes (an empty text at its quotes), a
 * list or an object at its opening bracket (a whole list would mark many lines), anything else whole.
 */
export function markedRange(node: JsonNode): OffsetRange {
  const [start, end] = node.range;
  if (node.kind === 'string') return end - start > 2 ? [start + 1, end - 1] : node.range;
  return node.kind === 'object' || node.kind === 'array' ? [start, start + 1] : node.range;
}

/** The plain value, as JSON.parse gives it (a "__proto__" key stays a key). */
export function valueOf(node: JsonNode): unknown {
  if (node.kind === 'array') return node.items.map(valueOf);
  if (node.kind !== 'object') return node.value;
  const object: Record<string, unknown> = {};
  for (const { key, value } of node.entries) {
    if (key === '__proto__') Object.defineProperty(object, key, { value: valueOf(value), enumerable: true, writable: true, configurable: true });
    else object[key] = valueOf(value);
  }
  return object;
}
