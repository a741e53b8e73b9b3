import type { OffsetRange, SyntaxProblem } from '../../model/types';

/**
 * Tokens of `nft list ruleset` text (FORMATS.md 2b: nested braces, statements one per line or
 * ended by `;`). One pass over the characters, no regular expressions, so a 1 MB line costs one
 * pass. Newlines are tokens because a rule ends at the end of its line; a backslash before a
 * newline joins the lines (nft -f scripts), so it is skipped like a space.
 */

export type TokenKind = 'word' | 'string' | 'open' | 'close' | 'semicolon' | 'comma' | 'newline' | 'comment';

export interface Token {
  readonly kind: TokenKind;
  /** As written; for a string, the text between the quotes. */
  readonly text: string;
  /** Exactly `text` in the source: a string's range excludes its quotes. */
  readonly range: OffsetRange;
  /** Start to end as written, quotes included. */
  readonly span: OffsetRange;
}

const SPACE = new Set([' ', '\t', '\f', '\v']);
/** Characters that end a word: they are tokens of their own (or start a string or a comment). */
const BREAK = new Set([' ', '\t', '\f', '\v', '\r', '\n', '{', '}', ';', ',', '"', '#']);
const SINGLE: Record<string, TokenKind> = { '{': 'open', '}': 'close', ';': 'semicolon', ',': 'comma' };

export function lexNftables(text: string, problems: SyntaxProblem[]): Token[] {
  const tokens: Token[] = [];
  const push = (kind: TokenKind, start: number, end: number, inner: OffsetRange = [start, end]) =>
    tokens.push({ kind, text: text.slice(inner[0], inner[1]), range: inner, span: [start, end] });
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (SPACE.has(c)) {
      i++;
    } else if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      // A line continuation: the rule goes on on the next line.
      i += text[i + 1] === '\n' ? 2 : 3;
    } else if (c === '\n' || c === '\r') {
      const end = c === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
      push('newline', i, end);
      i = end;
    } else if (c === '#') {
      // A comment runs to the end of the line (nft -a prints `# handle N` there).
      let end = i;
      while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
      push('comment', i, end);
      i = end;
    } else if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"' && text[end] !== '\n' && text[end] !== '\r') end += text[end] === '\\' && text[end + 1] === '"' ? 2 : 1;
      if (text[end] === '"') {
        push('string', i, end + 1, [i + 1, end]);
        i = end + 1;
      } else {
        problems.push({ message: 'This string has no closing `"` on its line: the text looks cut short.', range: [i, end] });
        push('string', i, end, [i + 1, end]);
        i = end;
      }
    } else if (c in SINGLE) {
      push(SINGLE[c], i, i + 1);
      i++;
    } else {
      let end = i + 1;
      while (end < text.length && !BREAK.has(text[end])) end++;
      push('word', i, end);
      i = end;
    }
  }
  return tokens;
}

/** `# handle 12` as nft -a prints it after a table, chain, set or rule: the number, else undefined. */
export function handleOfComment(token: Token): number | undefined {
  const t = token.text;
  let i = 1;
  while (t[i] === ' ' || t[i] === '\t') i++;
  if (!t.startsWith('handle', i)) return undefined;
  i += 6;
  const afterWord = i;
  while (t[i] === ' ' || t[i] === '\t') i++;
  if (i === afterWord) return undefined;
  const digits = i;
  while (t[i] >= '0' && t[i] <= '9') i++;
  if (i === digits || t.slice(i).trim() !== '') return undefined;
  return Number(t.slice(digits, i));
}
