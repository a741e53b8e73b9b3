import type { OffsetRange, SyntaxProblem } from '../../model/types';

/**
 * A PowerShell tokenizer, just deep enough for firewall commands: words, parameters, strings,
 * variables, splats and brackets. Comments, block comments, line continuations and here-strings
 * never reach the parser. One pass over the text, no backtracking; never throws.
 */

export type TokenKind =
  | 'word'
  | 'param'
  | 'string'
  | 'variable'
  | 'splat'
  | 'type'
  | 'open'
  | 'close'
  | 'comma'
  | 'semicolon'
  | 'pipe'
  | 'assign'
  | 'newline';

/** A `$name` inside a double-quoted string. */
export interface Expansion {
  readonly name: string;
  readonly range: OffsetRange;
}

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /**
   * word: the text, backtick escapes applied; param: the name lower-cased, without dash and colon;
   * variable / splat: the name lower-cased (`env:path` keeps its drive, `script:` and the like are dropped);
   * string: the value (expansions left as written); open: `(` `@(` `$(` `{` `@{`; close: `)` `}`.
   */
  readonly value: string;
  /** string: the text between the quotes (a here-string's body). */
  readonly inner?: OffsetRange;
  readonly quote?: "'" | '"';
  /** param: written `-Name:value`. */
  readonly colon?: boolean;
  /** string: the literal pieces and `$name` expansions of a double-quoted string, in order. */
  readonly parts?: readonly (string | Expansion)[];
  /** string: holds a `$( … )` subexpression. */
  readonly subexpression?: boolean;
  /** string: never closed (already reported). */
  readonly unterminated?: boolean;
}

export interface Tokens {
  readonly tokens: Token[];
  readonly problems: SyntaxProblem[];
}

const isSingleQuote = (c: string | undefined): boolean => c === "'" || c === '\u2018' || c === '\u2019' || c === '\u201a' || c === '\u201b';
const isDoubleQuote = (c: string | undefined): boolean => c === '"' || c === '\u201c' || c === '\u201d' || c === '\u201e';
const isDash = (c: string | undefined): boolean => c === '-' || c === '\u2013' || c === '\u2014' || c === '\u2015';
const isLineBreak = (c: string | undefined): boolean => c === '\n' || c === '\r';
const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff';
const isNameChar = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_' || (c > '\u007f' && /[\p{L}\p{N}]/u.test(c)));
/** Characters that end a bare word (besides blanks and line breaks). */
const WORD_END = new Set(['(', ')', '{', '}', ',', ';', '|', '=', '$', "'", '"', '\u2018', '\u2019', '\u201a', '\u201b', '\u201c', '\u201d', '\u201e']);
const TYPE_CHAR = /[A-Za-z0-9_.[\]]/;
const ESCAPES: Record<string, string> = { '0': '\0', a: '\u0007', b: '\b', e: '\u001b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const DROPPED_SCOPES = new Set(['global', 'local', 'script', 'private', 'using', 'variable']);

/** Normalizes `Script:Port` to `port` and `Env:X` to `env:x`. */
function variableName(raw: string): string {
  const lower = raw.toLowerCase();
  const colon = lower.indexOf(':');
  return colon > 0 && DROPPED_SCOPES.has(lower.slice(0, colon)) ? lower.slice(colon + 1) : lower;
}

/** The variable at `$` (text[i]): its name and end, or undefined when `$` starts none. */
function scanVariable(text: string, i: number, limit: number): { name: string; end: number; closed: boolean } | undefined {
  const next = text[i + 1];
  if (next === '{') {
    let j = i + 2;
    let name = '';
    while (j < limit && text[j] !== '}') {
      if (text[j] === '`' && j + 1 < limit) j++;
      name += text[j];
      j++;
    }
    return j < limit ? { name: variableName(name), end: j + 1, closed: true } : { name: variableName(name), end: limit, closed: false };
  }
  if (next === '$' || next === '?' || next === '^') return { name: next, end: i + 2, closed: true };
  if (!isNameChar(next)) return undefined;
  let j = i + 1;
  while (j < limit && isNameChar(text[j])) j++;
  if (text[j] === ':' && isNameChar(text[j + 1])) {
    j++;
    while (j < limit && isNameChar(text[j])) j++;
  }
  return { name: variableName(text.slice(i + 1, j)), end: j, closed: true };
}

const CODE = 0;
const SINGLE = 1;
const DOUBLE = 2;

/** Skips a `$( … )` inside a double-quoted string; `i` is just after `$(`. Returns the index after `)` (or `limit`). */
function skipSubexpression(text: string, i: number, limit: number): number {
  const stack: number[] = [CODE];
  while (i < limit) {
    const c = text[i];
    const mode = stack[stack.length - 1];
    if (mode === SINGLE) {
      if (isSingleQuote(c)) {
        if (isSingleQuote(text[i + 1])) i++;
        else stack.pop();
      }
      i++;
      continue;
    }
    if (c === '`') {
      i += 2;
      continue;
    }
    if (mode === DOUBLE) {
      if (isDoubleQuote(c)) {
        if (isDoubleQuote(text[i + 1])) i++;
        else stack.pop();
      } else if (c === '$' && text[i + 1] === '(') {
        stack.push(CODE);
        i++;
      }
      i++;
      continue;
    }
    if (c === '(') stack.push(CODE);
    else if (c === ')') {
      stack.pop();
      if (stack.length === 0) return i + 1;
    } else if (isSingleQuote(c)) stack.push(SINGLE);
    else if (isDoubleQuote(c)) stack.push(DOUBLE);
    i++;
  }
  return limit;
}

interface Expandable {
  readonly end: number;
  readonly closed: boolean;
  readonly parts: (string | Expansion)[];
  readonly subexpression: boolean;
}

/**
 * Reads the body of a double-quoted string from `from`: backtick escapes, `""`, `$name` expansions,
 * `$( … )`. With `quoted`, stops after the closing quote; otherwise (a here-string body) at `limit`.
 */
function scanExpandable(text: string, from: number, limit: number, quoted: boolean): Expandable {
  const parts: (string | Expansion)[] = [];
  let literal = '';
  let run = from;
  let subexpression = false;
  let i = from;
  const flush = (upTo: number) => {
    literal += text.slice(run, upTo);
  };
  const finish = (end: number, closed: boolean): Expandable => {
    if (literal) parts.push(literal);
    return { end, closed, parts, subexpression };
  };
  while (i < limit) {
    const c = text[i];
    if (quoted && isDoubleQuote(c)) {
      flush(i);
      if (!isDoubleQuote(text[i + 1])) return finish(i + 1, true);
      literal += text[i + 1];
      i += 2;
      run = i;
    } else if (c === '`') {
      flush(i);
      const escaped = text[i + 1] ?? '';
      const unicode = escaped === 'u' ? /^\{([0-9a-fA-F]{1,6})\}/.exec(text.slice(i + 2, i + 10)) : null;
      if (unicode && parseInt(unicode[1], 16) <= 0x10ffff) {
        literal += String.fromCodePoint(parseInt(unicode[1], 16));
        i += 2 + unicode[0].length;
      } else {
        literal += ESCAPES[escaped] ?? escaped;
        i += 2;
      }
      run = Math.min(i, limit);
    } else if (c === '$' && text[i + 1] === '(') {
      flush(i);
      subexpression = true;
      literal += '$(…)';
      i = skipSubexpression(text, i + 2, limit);
      run = i;
    } else if (c === '$' && scanVariable(text, i, limit)) {
      flush(i);
      const variable = scanVariable(text, i, limit)!;
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ name: variable.name, range: [i, variable.end] });
      i = variable.end;
      run = i;
    } else i++;
  }
  flush(Math.min(i, limit));
  return finish(limit, !quoted);
}

/** Tokenizes PowerShell source. */
export function tokenize(text: string): Tokens {
  const tokens: Token[] = [];
  const problems: SyntaxProblem[] = [];
  const n = text.length;
  const push = (kind: TokenKind, start: number, end: number, value: string, extra?: Partial<Token>) => {
    tokens.push({ kind, start, end, value, ...extra });
  };
  let i = 0;
  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    if (isBlank(c)) i++;
    else if (isLineBreak(c)) {
      const end = c === '\r' && next === '\n' ? i + 2 : i + 1;
      push('newline', i, end, '\n');
      i = end;
    } else if (c === '`' && isLineBreak(next)) {
      i += next === '\r' && text[i + 2] === '\n' ? 3 : 2;
    } else if (c === '#') {
      while (i < n && !isLineBreak(text[i])) i++;
    } else if (c === '<' && next === '#') {
      const close = text.indexOf('#>', i + 2);
      if (close < 0) problems.push({ message: 'This block comment is never closed: "<#" needs a matching "#>"', range: [i, i + 2] });
      i = close < 0 ? n : close + 2;
    } else if (c === '@' && (next === "'" || next === '"') && /^[ \t]*(\r?\n|\r)/.test(text.slice(i + 2, i + 66))) {
      i = hereString(text, i, next, push, problems);
    } else if (c === '@' && (next === '(' || next === '{')) {
      push('open', i, i + 2, c + next);
      i += 2;
    } else if (c === '@' && isNameChar(next)) {
      let j = i + 1;
      while (j < n && isNameChar(text[j])) j++;
      push('splat', i, j, variableName(text.slice(i + 1, j)));
      i = j;
    } else if (c === '$' && next === '(') {
      push('open', i, i + 2, '$(');
      i += 2;
    } else if (c === '$' && scanVariable(text, i, n)) {
      const variable = scanVariable(text, i, n)!;
      if (!variable.closed) problems.push({ message: 'This variable name is never closed: "${" needs a matching "}"', range: [i, i + 2] });
      push('variable', i, variable.end, variable.name);
      i = variable.end;
    } else if (isSingleQuote(c)) {
      i = singleQuoted(text, i, push, problems);
    } else if (isDoubleQuote(c)) {
      const body = scanExpandable(text, i + 1, n, true);
      if (!body.closed) problems.push({ message: `This string is never closed: the ${c} here has no closing quote`, range: [i, i + 1] });
      push('string', i, body.end, body.parts.map((part) => (typeof part === 'string' ? part : text.slice(part.range[0], part.range[1]))).join(''), {
        inner: [i + 1, body.closed ? body.end - 1 : body.end],
        quote: '"',
        parts: body.parts,
        subexpression: body.subexpression,
        unterminated: !body.closed,
      });
      i = body.end;
    } else if (c === '(' || c === '{') {
      push('open', i, i + 1, c);
      i++;
    } else if (c === ')' || c === '}') {
      push('close', i, i + 1, c);
      i++;
    } else if (c === ',') {
      push('comma', i, i + 1, c);
      i++;
    } else if (c === ';' || (c === '|' && next === '|')) {
      push('semicolon', i, c === ';' ? i + 1 : i + 2, ';');
      i += c === ';' ? 1 : 2;
    } else if (c === '|') {
      push('pipe', i, i + 1, c);
      i++;
    } else if (c === '=') {
      push('assign', i, i + 1, c);
      i++;
    } else if (isDash(c) && (isNameChar(next) || next === '?') && !(next >= '0' && next <= '9')) {
      let j = i + 1;
      while (j < n && (isNameChar(text[j]) || text[j] === '?')) j++;
      const colon = text[j] === ':';
      push('param', i, colon ? j + 1 : j, text.slice(i + 1, j).toLowerCase(), { colon });
      i = colon ? j + 1 : j;
    } else if (c === '[' && typeLiteralEnd(text, i) > 0) {
      const end = typeLiteralEnd(text, i);
      push('type', i, end, text.slice(i, end));
      i = end;
    } else {
      i = word(text, i, push);
    }
  }
  return { tokens, problems };
}

type Push = (kind: TokenKind, start: number, end: number, value: string, extra?: Partial<Token>) => void;

/** `[int]`, `[System.Collections.Generic.List[string]]`: the end of the type literal at `[`, or 0. */
function typeLiteralEnd(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length && TYPE_CHAR.test(text[j]); j++) {
    if (text[j] === '[') depth++;
    else if (text[j] === ']' && --depth === 0) return j + 1;
  }
  return 0;
}

/** A bare word; a backtick escapes the next character. */
function word(text: string, i: number, push: Push): number {
  const start = i;
  let value = '';
  let run = i;
  while (i < text.length) {
    const c = text[i];
    if (isBlank(c) || isLineBreak(c) || (WORD_END.has(c) && i > start)) break;
    if (c === '`') {
      if (isLineBreak(text[i + 1]) || i + 1 >= text.length) break;
      value += text.slice(run, i) + text[i + 1];
      i += 2;
      run = i;
    } else i++;
  }
  if (i === start) i++; // a lone backtick at the very end
  push('word', start, i, value + text.slice(run, i));
  return i;
}

function singleQuoted(text: string, start: number, push: Push, problems: SyntaxProblem[]): number {
  let value = '';
  let run = start + 1;
  for (let i = start + 1; i < text.length; i++) {
    if (!isSingleQuote(text[i])) continue;
    value += text.slice(run, i);
    if (isSingleQuote(text[i + 1])) {
      value += text[i + 1];
      run = ++i + 1;
      continue;
    }
    push('string', start, i + 1, value, { inner: [start + 1, i], quote: "'" });
    return i + 1;
  }
  problems.push({ message: `This string is never closed: the ${text[start]} here has no closing quote`, range: [start, start + 1] });
  push('string', start, text.length, value + text.slice(run), { inner: [start + 1, text.length], quote: "'", unterminated: true });
  return text.length;
}

/** `@' … '@` and `@" … "@`: the closing quote-at must start a line. */
function hereString(text: string, start: number, quote: string, push: Push, problems: SyntaxProblem[]): number {
  const headerEnd = text.slice(start + 2, start + 70).search(/\r?\n|\r/) + start + 2;
  const bodyStart = text[headerEnd] === '\r' && text[headerEnd + 1] === '\n' ? headerEnd + 2 : headerEnd + 1;
  const terminator = quote + '@';
  let close = -1;
  for (let from = bodyStart - 1; from < text.length; ) {
    const lineBreak = text.indexOf('\n', from);
    const candidate = lineBreak < 0 ? -1 : lineBreak;
    if (candidate < 0) break;
    if (text.startsWith(terminator, candidate + 1)) {
      close = candidate;
      break;
    }
    from = candidate + 1;
  }
  if (close < 0) {
    problems.push({ message: `This here-string is never closed: a line starting with ${terminator} must end it`, range: [start, start + 2] });
    push('string', start, text.length, text.slice(bodyStart), { inner: [Math.min(bodyStart, text.length), text.length], quote: quote as "'" | '"', unterminated: true });
    return text.length;
  }
  const bodyEnd = Math.max(bodyStart, text[close - 1] === '\r' ? close - 1 : close);
  const end = close + 3;
  if (quote === "'") {
    push('string', start, end, text.slice(bodyStart, bodyEnd), { inner: [bodyStart, bodyEnd], quote: "'" });
  } else {
    const body = scanExpandable(text, bodyStart, bodyEnd, false);
    const value = body.parts.map((part) => (typeof part === 'string' ? part : text.slice(part.range[0], part.range[1]))).join('');
    push('string', start, end, value, { inner: [bodyStart, bodyEnd], quote: '"', parts: body.parts, subexpression: body.subexpression });
  }
  return end;
}
