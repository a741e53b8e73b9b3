import type { OffsetRange, SyntaxProblem } from '../../model/types';
import type { Token } from './tokens';

/**
 * Statements and values of a tokenized PowerShell script: bracket matching, statement splitting
 * (newline, `;`, continuation after `,` `|` `=` or inside brackets), and the literal value of an
 * argument, an expression, a variable or a hashtable. Nothing is ever guessed: a value that is not
 * a literal becomes an {@link Opaque} saying why.
 */

/** One item of a value, quotes removed. */
export interface Item {
  readonly value: string;
  /**
   * Where it is written: a bare word's own range; for a quoted string, the text inside the quotes;
   * for a variable, the place where the variable is USED (so a diagnostic lands on the command, not
   * on the assignment, which may be far away and shared by several commands).
   */
  readonly range: OffsetRange;
}

/** A value that cannot be known without running the script. */
export interface Opaque {
  /** The value as written (shortened), e.g. `$p` or `$(Get-Port)`. */
  readonly text: string;
  readonly range: OffsetRange;
  /** Completes "`-LocalPort uses $p, …`", e.g. `which is not a literal`. */
  readonly reason: string;
  /** Already reported as a problem (an unterminated string): no unresolved entry. */
  readonly silent?: boolean;
}

export interface Value {
  readonly range: OffsetRange;
  readonly items: Item[];
  readonly opaque?: Opaque;
}

export interface HashEntry {
  /** Lower-cased. */
  readonly key: string;
  readonly keyRange: OffsetRange;
  readonly value: Value;
}

type Hashtable = { readonly kind: 'hash'; readonly entries: HashEntry[]; readonly quote?: "'" | '"' };
type Bound = { readonly kind: 'list'; readonly values: string[] } | Hashtable | { readonly kind: 'opaque'; readonly reason: string };
type Binding = Bound & { readonly block: number };

export interface Statement {
  /** Token indexes, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** The `{` token of the innermost enclosing script block, -1 at the top. */
  readonly block: number;
  /** `inHashtable`: an entry of `@{ … }`; `param`: inside `param( … )`. */
  readonly frame: 'code' | 'hashtable' | 'param';
}

const MAX_DEPTH = 16;
const NOT_LITERAL = 'which is not a literal';
/** A value is followed up to this size: `$a = $a, $a` or `"$a$a"` repeated would double it each time. */
const MAX_ITEMS = 10_000;
const MAX_CHARACTERS = 100_000;
const TOO_MANY = `which holds more than ${MAX_ITEMS.toLocaleString('en-US')} items, more than this check follows`;
const TOO_LONG = `which is longer than ${MAX_CHARACTERS.toLocaleString('en-US')} characters, more than this check follows`;

/** Adds `more` to `items`; false when that makes the value too large to follow. */
function append(items: Item[], more: readonly Item[]): boolean {
  if (items.length + more.length > MAX_ITEMS) return false;
  for (const item of more) items.push(item);
  return true;
}

const closes = (open: string, close: string) => (close === ')' ? open !== '{' && open !== '@{' : open === '{' || open === '@{');

/** Why a variable has no list value. */
const why = (binding: Binding | string): string => (typeof binding === 'string' ? binding : binding.kind === 'opaque' ? binding.reason : binding.kind === 'hash' ? 'which is a hashtable' : NOT_LITERAL);

export class Script {
  /** For an `open` token, the index of its `close` token (tokens.length when never closed); -1 otherwise. */
  readonly match: Int32Array;
  /** Every statement, script blocks and parentheses included, in the order they start. */
  readonly statements: Statement[] = [];
  private readonly bindings = new Map<string, Binding>();

  constructor(
    private readonly text: string,
    readonly tokens: readonly Token[],
    problems: SyntaxProblem[],
  ) {
    this.match = new Int32Array(tokens.length).fill(-1);
    const stack: number[] = [];
    tokens.forEach((token, i) => {
      if (token.kind === 'open') stack.push(i);
      else if (token.kind === 'close') {
        const top = stack[stack.length - 1];
        if (top !== undefined && closes(tokens[top].value, token.value)) this.match[stack.pop()!] = i;
        else problems.push({ message: `Unexpected "${token.value}": there is nothing open here for it to close`, range: [token.start, token.end] });
      }
    });
    for (const open of stack) this.match[open] = tokens.length;
    if (stack.length) {
      const first = tokens[stack[0]];
      problems.push({ message: `This "${first.value}" is never closed`, range: [first.start, first.end] });
    }
    this.discover();
  }

  private discover(): void {
    const work: { lo: number; hi: number; block: number; frame: Statement['frame'] }[] = [{ lo: 0, hi: this.tokens.length, block: -1, frame: 'code' }];
    for (let frame = work.pop(); frame; frame = work.pop()) {
      const { block } = frame;
      const kind = frame.frame;
      this.splitLevel(frame.lo, frame.hi, (start, end) => this.statements.push({ start, end, block, frame: kind }), (open) => {
        const value = this.tokens[open].value;
        const before = this.tokens[open - 1];
        const isParam = value === '(' && before?.kind === 'word' && before.value.toLowerCase() === 'param';
        work.push({ lo: open + 1, hi: this.match[open], block: value === '{' ? open : block, frame: value === '@{' ? 'hashtable' : isParam ? 'param' : 'code' });
      });
    }
    this.statements.sort((a, b) => a.start - b.start);
  }

  /** Splits tokens [lo, hi) of one bracket level into statements; `nested` gets each opening bracket of that level. */
  splitLevel(lo: number, hi: number, statement: (start: number, end: number) => void, nested?: (open: number) => void): void {
    let start = -1;
    let last: Token | undefined;
    for (let i = lo; i < hi; i++) {
      const token = this.tokens[i];
      if (token.kind === 'newline' || token.kind === 'semicolon') {
        const continues = token.kind === 'newline' && (last?.kind === 'comma' || last?.kind === 'pipe' || last?.kind === 'assign');
        if (start >= 0 && !continues) {
          statement(start, i);
          start = -1;
          last = undefined;
        }
        continue;
      }
      if (start < 0) start = i;
      if (token.kind === 'open') {
        nested?.(i);
        i = Math.min(this.match[i], hi);
        last = this.tokens[i];
        if (i === hi) break;
      } else last = token;
    }
    if (start >= 0) statement(start, hi);
  }

  /** The end (exclusive) of the argument at `i`: tokens written together without blanks, brackets whole. */
  groupEnd(i: number, hi: number): number {
    let j = i;
    while (j < hi) {
      const token = this.tokens[j];
      if (token.kind === 'comma' || token.kind === 'semicolon' || token.kind === 'pipe' || token.kind === 'newline' || token.kind === 'close') break;
      if (j > i && token.start !== this.tokens[j - 1].end) break;
      j = token.kind === 'open' ? Math.min(this.match[j], hi - 1) + 1 : j + 1;
    }
    return j;
  }

  /** An argument-mode value at `i` (`10000,6101`, `'a', "b"`, `@(…)`, `$ports`), spread over lines after commas. */
  argument(i: number, hi: number): { value: Value; next: number } {
    const items: Item[] = [];
    let opaque: Opaque | undefined;
    const start = this.tokens[i].start;
    let end = start;
    let j = i;
    for (;;) {
      const group = this.groupEnd(j, hi);
      if (group === j) break;
      const value = this.group(j, group, false, 0);
      opaque ??= value.opaque ?? (append(items, value.items) ? undefined : this.opaque(i, group, TOO_MANY));
      end = this.tokens[group - 1].end;
      j = group;
      if (this.tokens[j]?.kind !== 'comma' || j >= hi) break;
      for (j++; j < hi && this.tokens[j].kind === 'newline'; ) j++;
    }
    return { value: { range: [start, end], items, opaque }, next: j };
  }

  /** The value of tokens [lo, hi) in expression mode (a right-hand side, a hashtable value, the inside of `@( )`). */
  expression(lo: number, hi: number, depth: number, range: OffsetRange): Value {
    const items: Item[] = [];
    let opaque: Opaque | undefined;
    this.splitElements(lo, hi, (a, b) => {
      if (opaque) return;
      const value = this.groupEnd(a, b) === b ? this.group(a, b, true, depth) : { items: [], opaque: this.opaque(a, b, NOT_LITERAL) };
      opaque = value.opaque ?? (append(items, value.items) ? undefined : this.opaque(lo, b, TOO_MANY));
    });
    return { range, items, opaque };
  }

  /** Elements of an expression list: separated by commas, and by statement ends inside `@( )`. */
  private splitElements(lo: number, hi: number, element: (a: number, b: number) => void): void {
    let a = lo;
    for (let i = lo; i <= hi; i++) {
      const token = this.tokens[i];
      if (i === hi || token.kind === 'comma' || token.kind === 'newline' || token.kind === 'semicolon') {
        if (i > a) element(a, i);
        a = i + 1;
      } else if (token.kind === 'open') i = Math.min(this.match[i], hi - 1);
    }
  }

  /** One argument or expression element (tokens written together). */
  private group(lo: number, hi: number, expression: boolean, depth: number): { items: Item[]; opaque?: Opaque } {
    const first = this.tokens[lo];
    if (hi - lo === 1) {
      if (first.kind === 'word' && (!expression || /^\d+$/.test(first.value))) return { items: [{ value: first.value, range: [first.start, first.end] }] };
      if (first.kind === 'string') return this.string(first, lo);
      if (first.kind === 'variable') return this.variable(first, lo);
      return { items: [], opaque: this.opaque(lo, hi, NOT_LITERAL) };
    }
    if (first.kind === 'open' && this.match[lo] === hi - 1) {
      if (first.value === '$(') return { items: [], opaque: this.opaque(lo, hi, 'a computed value') };
      if (first.value === '@(' || first.value === '(') {
        if (depth >= MAX_DEPTH) return { items: [], opaque: this.opaque(lo, hi, 'which is nested too deeply to follow') };
        const inner = this.expression(lo + 1, hi - 1, depth + 1, [first.start, this.tokens[hi - 1].end]);
        // `(Get-Content x)` is shown whole; `@($env:X)` names its variable.
        return inner.opaque?.reason === NOT_LITERAL ? { items: [], opaque: this.opaque(lo, hi, NOT_LITERAL) } : inner;
      }
    }
    return { items: [], opaque: this.opaque(lo, hi, NOT_LITERAL) };
  }

  private string(token: Token, at: number): { items: Item[]; opaque?: Opaque } {
    const inner = token.inner ?? [token.start, token.end];
    if (token.unterminated) return { items: [], opaque: { text: token.value, range: inner, reason: NOT_LITERAL, silent: true } };
    if (token.subexpression) return { items: [], opaque: { text: this.shorten(token.start, token.end), range: inner, reason: 'a computed value' } };
    let value = '';
    for (const part of token.parts ?? [token.value]) {
      if (typeof part === 'string') {
        value += part;
        continue;
      }
      const binding = this.lookup(part.name, at);
      if (typeof binding === 'string' || binding.kind !== 'list') {
        return { items: [], opaque: { text: this.text.slice(part.range[0], part.range[1]), range: part.range, reason: why(binding) } };
      }
      value += binding.values.join(' ');
      if (value.length > MAX_CHARACTERS) return { items: [], opaque: { text: this.shorten(token.start, token.end), range: inner, reason: TOO_LONG } };
    }
    return { items: [{ value, range: inner }] };
  }

  private variable(token: Token, at: number): { items: Item[]; opaque?: Opaque } {
    if (token.value === 'true' || token.value === 'false') return { items: [{ value: token.value === 'true' ? 'True' : 'False', range: [token.start, token.end] }] };
    const binding = this.lookup(token.value, at);
    if (typeof binding !== 'string' && binding.kind === 'list') return { items: binding.values.map((value) => ({ value, range: [token.start, token.end] })) };
    return { items: [], opaque: this.opaque(at, at + 1, why(binding)) };
  }

  /** The binding of `$name` visible at token `at`, or why there is none. */
  private lookup(name: string, at: number): Binding | string {
    if (name.startsWith('env:')) return 'an environment variable';
    const binding = this.bindings.get(name);
    if (!binding || name.includes(':')) return 'which is not assigned in this script';
    // Assigned inside an if, loop or function body, and used outside it: it may or may not have run.
    if (binding.block >= 0 && !(binding.block < at && at < this.match[binding.block])) return 'which is assigned inside a block (if, loop or function)';
    return binding;
  }

  /** The literal values `$name` (lower-cased) holds at token `at`, when the script says them for certain. */
  literalValues(name: string, at: number): readonly string[] | undefined {
    const binding = this.lookup(name, at);
    return typeof binding !== 'string' && binding.kind === 'list' ? binding.values : undefined;
  }

  /** The hashtable `$name` holds at token `at` (for splatting), or why it cannot be followed. */
  hashtable(name: string, at: number): { entries: HashEntry[]; quote?: "'" | '"' } | string {
    const binding = this.lookup(name, at);
    if (typeof binding === 'string') return binding;
    return binding.kind === 'hash' ? binding : binding.kind === 'opaque' && binding.reason !== NOT_LITERAL ? binding.reason : 'which is not a hashtable literal';
  }

  private opaque(lo: number, hi: number, reason: string): Opaque {
    const start = this.tokens[lo].start;
    const end = this.tokens[Math.min(hi, this.tokens.length) - 1].end;
    return { text: this.shorten(start, end), range: [start, end], reason };
  }

  private shorten(start: number, end: number): string {
    const text = this.text.slice(start, Math.min(end, start + 200)).replace(/\s+/g, ' ');
    return text.length > 40 || end - start > 200 ? `${text.slice(0, 39)}…` : text;
  }

  /**
   * Follows one statement's effect on variables: `$x = <literal>`, `$x = @{ … }` (for splatting),
   * anything else makes `$x` opaque. Returns where a command may start (after `$x =`), or -1.
   */
  statement(statement: Statement): number {
    const { tokens } = this;
    if (statement.frame !== 'code') return -1;
    let s = statement.start;
    while (s < statement.end && tokens[s].kind === 'type') s++;
    const first = tokens[s];
    if (first?.kind === 'word' && first.value.toLowerCase() === 'param' && tokens[s + 1]?.value === '(') {
      // `param([int]$Port = 10000)`: the caller decides. Code may follow on the same line.
      const close = Math.min(this.match[s + 1], statement.end);
      this.splitElements(s + 2, close, (a, b) => {
        for (let i = a; i < b; i++) if (tokens[i].kind === 'variable') this.bind(tokens[i].value, { kind: 'opaque', reason: 'which is a script or function parameter', block: statement.block });
      });
      return close + 1 < statement.end ? close + 1 : -1;
    }
    if (first?.kind === 'word' && first.value.toLowerCase() === 'foreach' && tokens[s + 1]?.value === '(' && tokens[s + 2]?.kind === 'variable') {
      this.bind(tokens[s + 2].value, { kind: 'opaque', reason: 'which is set by a loop', block: statement.block });
    }
    if (first?.kind !== 'variable') return s;
    const next = tokens[s + 1];
    if (next?.kind === 'assign' && s + 1 < statement.end) {
      this.bind(first.value, { ...this.rightHandSide(s + 2, statement.end), block: statement.block });
      return s + 2;
    }
    // `$x.Port = 1`, `$x['a'] = 1`, `$x.Remove('a')`, `$x++`, `$x += 1`: changed in a way not followed.
    let assigns = false;
    this.splitElements(s, statement.end, (a, b) => {
      for (let i = a; i < b; i++) assigns ||= tokens[i].kind === 'assign';
    });
    if (assigns || (next && next.start === first.end && s + 1 < statement.end)) {
      this.bind(first.value, { kind: 'opaque', reason: 'which is changed after it is assigned', block: statement.block });
    }
    return -1;
  }

  private bind(name: string, binding: Binding): void {
    if (name !== 'true' && name !== 'false') this.bindings.set(name, binding);
  }

  private rightHandSide(lo: number, hi: number): Bound {
    const first = this.tokens[lo];
    if (!first) return { kind: 'opaque', reason: NOT_LITERAL };
    if (first.kind === 'open' && first.value === '@{' && this.match[lo] === hi - 1) return this.hashLiteral(lo, hi - 1);
    const value = this.expression(lo, hi, 0, [first.start, this.tokens[hi - 1].end]);
    if (value.opaque) return { kind: 'opaque', reason: value.opaque.reason === TOO_MANY || value.opaque.reason === TOO_LONG ? value.opaque.reason : NOT_LITERAL };
    const values = value.items.map((item) => item.value);
    return values.reduce((length, v) => length + v.length, 0) > MAX_CHARACTERS ? { kind: 'opaque', reason: TOO_LONG } : { kind: 'list', values };
  }

  private hashLiteral(open: number, close: number): Hashtable {
    const entries: HashEntry[] = [];
    let quote: "'" | '"' | undefined;
    for (let i = open + 1; i < close && !quote; i++) {
      quote = this.tokens[i].quote;
      if (this.tokens[i].kind === 'open') i = this.match[i];
    }
    this.splitLevel(open + 1, close, (s, e) => {
      const key = this.tokens[s];
      if ((key.kind !== 'word' && key.kind !== 'string') || this.tokens[s + 1]?.kind !== 'assign' || s + 2 >= e) return;
      const value = this.expression(s + 2, e, 0, [this.tokens[s + 2].start, this.tokens[e - 1].end]);
      entries.push({ key: key.value.toLowerCase(), keyRange: key.inner ?? [key.start, key.end], value });
    });
    return { kind: 'hash', entries, quote };
  }
}
