import ruleFileSchema from '../../../../../schemas/fwrules.schema.json';
import type { ListSyntax, Located, OffsetRange, RuleSyntax } from '../../model/types';
import { ruleFromFields } from './ruleSyntax';
import { validatorFor } from '../../parse/schemaValidation';
import { PRESCAN_FROM } from '../../parse/yamlPrescan';

/**
 * A fast reader for rule chunks written plainly, as nearly every rule is
 * (`- name: x` then one `key: value` a line, or `- { name: x, … }`).
 * Why: parsing each rule with the yaml package (a CST, a Document and its
 * nodes, and the garbage they leave) took over half of a 50,000-rule check.
 * For the subset of YAML read here it yields exactly what the yaml path
 * (readRuleChunkWithYaml) yields, values and node ranges; for anything else,
 * and for a rule the schema refuses, undefined: the yaml path then reads the
 * chunk and locates what is wrong. test/engine/plainRuleChunk.test.ts
 * compares both on generated chunks in and around the subset.
 */

type Scalar = Located<string | number | boolean>;
/** A value as ListSyntax has it: a scalar is its one item. */
type Value = { readonly kind: 'scalar' | 'flow' | 'block'; readonly range: OffsetRange; readonly items: Scalar[] };

/** Tabs and other controls, a lone CR (parseYaml reports it), the YAML line breaks U+0085, U+2028, U+2029, a byte order mark. */
const UNUSUAL = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]|\r(?!\n)/;
/** The keys the schema accepts (its property names, x-…) are identifiers, none of which YAML reads as other than a string. */
const KEY = /[A-Za-z_][A-Za-z0-9_-]*/y;
/** Characters a plain scalar cannot start with; `-`, `?` and `:` only before a space (or, in [ ] or { }, a flow indicator). */
const INDICATOR = new Set(',[]{}#&*!|>\'"%@` ');
const FLOW_INDICATOR = new Set(',[]{}');
/** What the YAML 1.2 core schema (parseYaml sets no version) reads as null, a boolean, an integer or a float. */
const CORE_NON_STRING = /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;

let validateRule: ReturnType<typeof validatorFor> | undefined;

/** The rule in `chunk` (one list item, from the start of its line), or undefined when it is not written plainly. */
export function readPlainRuleChunk(chunk: string): RuleSyntax | undefined {
  // parseYaml scans long texts first (yamlPrescan.ts); no plain rule is that long.
  if (chunk.length >= PRESCAN_FROM || UNUSUAL.test(chunk)) return undefined;
  const dash = /^( *)- +/.exec(chunk);
  if (!dash) return undefined;
  const reader = new ChunkReader(chunk);
  const flowMap = chunk[dash[0].length] === '{';
  const itemRange = flowMap ? reader.flowItem(dash[0].length) : reader.blockItem(dash[0].length);
  if (!itemRange) return undefined;
  const { entries } = reader;
  const keys: Record<string, OffsetRange> = {};
  const value: Record<string, unknown> = {};
  for (const [key, entry] of entries) {
    keys[key] = entry.key;
    value[key] = entry.value.kind === 'scalar' ? entry.value.items[0].value : entry.value.items.map((item) => item.value);
  }
  validateRule ??= validatorFor(ruleFileSchema, '/definitions/rule');
  if (!validateRule(value)) return undefined;
  const scalarOf = <T>(key: string, type: string): Located<T> | undefined => {
    const found = entries.get(key)?.value;
    return found?.kind === 'scalar' && typeof found.items[0].value === type ? (found.items[0] as Located<T>) : undefined;
  };
  const listOf = (key: string, found = entries.get(key)?.value): ListSyntax | undefined => found && { style: found.kind, range: found.range, items: found.items };
  return ruleFromFields({ text: chunk, issues: [], itemRange, keys, dashColumn: dash[1].length, keyColumn: flowMap ? -1 : dash[0].length, flowMap }, scalarOf, (key) => listOf(key));
}

/** Reads a chunk line by line; each method returns undefined (or false) where the text leaves the subset. */
class ChunkReader {
  readonly entries = new Map<string, { readonly key: OffsetRange; readonly value: Value }>();
  /** The current line is [start, end), without its line break; the next line starts at `next`. */
  private start = 0;
  private end = 0;
  private next = 0;

  constructor(private readonly text: string) {
    this.nextLine();
  }

  /** `- { key: value, … }` on one line, then only blank and comment lines. Returns the mapping's range, `{` to `}`. */
  flowItem(open: number): OffsetRange | undefined {
    let pos = this.spaces(open + 1);
    while (this.text[pos] !== '}') {
      const key = this.key(pos);
      // In { } `key:value` is one scalar: a value needs its space.
      if (!key || this.text[key[1]] !== ':' || this.text[key[1] + 1] !== ' ') return undefined;
      const value = this.value(this.spaces(key[1] + 1), true);
      if (!value || !this.add(key, value)) return undefined;
      pos = this.afterItem(value.range[1], '}');
      if (pos < 0) return undefined;
    }
    if (this.entries.size === 0 || !this.restIsComment(pos + 1)) return undefined;
    while (this.nextLine()) if (!this.blankOrComment()) return undefined;
    return [open, pos + 1];
  }

  /**
   * A block mapping: its first key on the dash line at `keyColumn`, the others
   * at that column; a key with nothing after it takes a block list. Returns
   * the mapping's range: to the end of its last line (its last value node's
   * range[2]). A comment line deeper than the keys, or at or deeper than a
   * list's dashes, joins the range[2] of the node before it in the yaml path,
   * which may be where the list or the mapping ends: not read here (nor
   * comments left of a list's dashes and right of the keys), except between
   * keys, where it moves no end.
   */
  blockItem(keyColumn: number): OffsetRange | undefined {
    const first = this.keyLine(keyColumn);
    if (first === false) return undefined;
    /** True, or the key whose block list comes next. */
    let pending: OffsetRange | true = first;
    let end = this.next;
    let list: { readonly key: OffsetRange; readonly column: number; readonly start: number; readonly items: Scalar[] } | undefined;
    let listEnded = false;
    let commentInNode = false;
    while (this.nextLine()) {
      const kind = this.blankOrComment();
      if (kind === 'blank') continue;
      const column = this.spaces(this.start) - this.start;
      if (kind === 'comment') {
        if (list && (column > list.column || (column < list.column && column > keyColumn))) return undefined;
        if (list && column < list.column) listEnded = true;
        else if (list || column > keyColumn) commentInNode = true;
        continue;
      }
      const dashAt = this.start + column;
      if (this.text[dashAt] === '-' && (dashAt + 1 === this.end || this.text[dashAt + 1] === ' ')) {
        if (pending !== true && column >= keyColumn) [list, listEnded, pending] = [{ key: pending, column, start: dashAt, items: [] }, false, true];
        else if (!list || column !== list.column || listEnded) return undefined;
        const item = this.scalar(this.spaces(dashAt + 1), false);
        if (!item || !this.restIsComment(item.range[1])) return undefined;
        list.items.push(item);
      } else if (column === keyColumn && pending === true) {
        // A list ends with its last item's line; a comment after it, at its dashes, moves only its range[2].
        if (list && !this.add(list.key, { kind: 'block', range: [list.start, end], items: list.items })) return undefined;
        list = undefined;
        const read = this.keyLine(keyColumn);
        if (read === false) return undefined;
        pending = read;
      } else {
        return undefined;
      }
      commentInNode = false;
      end = this.next;
    }
    if (pending !== true || commentInNode || (list && !this.add(list.key, { kind: 'block', range: [list.start, end], items: list.items }))) return undefined;
    return [keyColumn, end];
  }

  /** `key: value` at `column` of the current line: true once read, or the key when its block list follows. */
  private keyLine(column: number): OffsetRange | boolean {
    const key = this.key(this.start + column);
    if (!key || this.text[key[1]] !== ':') return false;
    const after = key[1] + 1;
    if (after === this.end || (this.text[after] === ' ' && this.restIsComment(after))) return key;
    const value = this.text[after] === ' ' ? this.value(this.spaces(after), false) : undefined;
    return Boolean(value && this.restIsComment(value.range[1]) && this.add(key, value));
  }

  /** A scalar, or a flow list `[a, 'b', "c"]` (or `[]`) on one line. */
  private value(pos: number, inFlow: boolean): Value | undefined {
    if (this.text[pos] !== '[') {
      const scalar = this.scalar(pos, inFlow);
      return scalar && { kind: 'scalar', range: scalar.range, items: [scalar] };
    }
    const items: Scalar[] = [];
    const open = pos;
    pos = this.spaces(pos + 1);
    while (this.text[pos] !== ']') {
      const item = this.scalar(pos, true);
      if (!item) return undefined;
      items.push(item);
      pos = this.afterItem(item.range[1], ']');
      if (pos < 0) return undefined;
    }
    return { kind: 'flow', range: [open, pos + 1], items };
  }

  /** After an item of [ ] or { }: where the next item or the closing bracket is; -1 for anything else, also a trailing comma (valid, but rare). */
  private afterItem(pos: number, close: string): number {
    pos = this.spaces(pos);
    if (this.text[pos] === close) return pos;
    if (this.text[pos] !== ',') return -1;
    pos = this.spaces(pos + 1);
    return this.text[pos] === close ? -1 : pos;
  }

  /** A quoted scalar without escapes, or a plain one (in [ ] or { } when `inFlow`) that the core schema reads as a string, an integer or a boolean. */
  private scalar(pos: number, inFlow: boolean): Scalar | undefined {
    const text = this.text;
    const first = text[pos];
    if (first === "'" || first === '"') {
      let close = pos + 1;
      for (; close < this.end && (first === "'" || text[close] !== '\\'); close++) {
        if (text[close] !== first) continue;
        if (first === "'" && text[close + 1] === "'") close++;
        else break;
      }
      if (close >= this.end || text[close] !== first) return undefined;
      const body = text.slice(pos + 1, close);
      return { value: first === "'" ? body.replace(/''/g, "'") : body, range: [pos, close + 1] };
    }
    // `::1` is a plain scalar; `- x` is a list and `: x` a value.
    const ends = (i: number) => i === this.end || text[i] === ' ' || (inFlow && FLOW_INDICATOR.has(text[i]));
    if (pos >= this.end || INDICATOR.has(first) || ((first === '-' || first === '?' || first === ':') && ends(pos + 1))) return undefined;
    let end = pos;
    for (let i = pos; i < this.end; i++) {
      const c = text[i];
      // `a: b` and `a:` are mappings; ` #` starts a comment (which in [ ] or { } leaves them unclosed).
      if (c === ':' && ends(i + 1)) return undefined;
      if (c === ' ' && text[i + 1] === '#') {
        if (inFlow) return undefined;
        break;
      }
      if (inFlow && (c === '[' || c === '{')) return undefined;
      if (inFlow && FLOW_INDICATOR.has(c)) break;
      if (c !== ' ') end = i + 1;
    }
    const source = text.slice(pos, end);
    if (source === 'true' || source === 'false') return { value: source === 'true', range: [pos, end] };
    if (/^(?:0|[1-9][0-9]{0,14})$/.test(source)) return { value: Number(source), range: [pos, end] };
    // Any other spelling of null, a boolean or a number, and the merge key, is left to the yaml package.
    return CORE_NON_STRING.test(source) || source === '<<' ? undefined : { value: source, range: [pos, end] };
  }

  private add(key: OffsetRange, value: Value): boolean {
    const name = this.text.slice(key[0], key[1]);
    if (this.entries.has(name)) return false;
    this.entries.set(name, { key, value });
    return true;
  }

  private key(pos: number): OffsetRange | undefined {
    KEY.lastIndex = pos;
    return KEY.test(this.text) ? [pos, KEY.lastIndex] : undefined;
  }

  /** Whether the rest of the line from `pos` is blank, or a comment after at least one space. */
  private restIsComment(pos: number): boolean {
    const after = this.spaces(pos);
    return after === this.end || (this.text[after] === '#' && after > pos);
  }

  private blankOrComment(): 'blank' | 'comment' | false {
    const first = this.spaces(this.start);
    return first === this.end ? 'blank' : this.text[first] === '#' ? 'comment' : false;
  }

  private spaces(pos: number): number {
    while (pos < this.end && this.text[pos] === ' ') pos++;
    return pos;
  }

  /** Moves to the next line, which ends before its LF or CRLF: yaml leaves the CR out of a value's range, not out of what follows it. */
  private nextLine(): boolean {
    if (this.next >= this.text.length && this.next > 0) return false;
    this.start = this.next;
    const newline = this.text.indexOf('\n', this.start);
    this.next = newline === -1 ? this.text.length : newline + 1;
    this.end = newline === -1 ? this.text.length : this.text[newline - 1] === '\r' ? newline - 1 : newline;
    return true;
  }
}
