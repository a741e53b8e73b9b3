import type { OffsetRange, SyntaxProblem } from '../../model/types';
import type { Token } from './lex';
import type { Word } from './tree';

/** A read position over the tokens, shared by the block parser and the rule parser. */
export class Cursor {
  private index = 0;

  constructor(
    readonly tokens: readonly Token[],
    readonly problems: SyntaxProblem[],
  ) {}

  peek(ahead = 0): Token | undefined {
    return this.tokens[this.index + ahead];
  }

  next(): Token | undefined {
    return this.tokens[this.index++];
  }

  atEnd(): boolean {
    return this.index >= this.tokens.length;
  }

  /** The next token if it is the word `text`, consumed. */
  takeWord(text: string): Token | undefined {
    const t = this.peek();
    if (t?.kind === 'word' && t.text === text) return this.next();
    return undefined;
  }

  /** True when the next token ends a statement: end of line, `;`, `}` or the end of text. */
  atStatementEnd(): boolean {
    const t = this.peek();
    return !t || t.kind === 'newline' || t.kind === 'semicolon' || t.kind === 'close';
  }

  /** Skips newlines, `;` and comments other than handles; returns the handle comment's number if one was passed. */
  skipBlank(onComment?: (token: Token) => void): void {
    for (let t = this.peek(); t && (t.kind === 'newline' || t.kind === 'semicolon' || t.kind === 'comment'); t = this.peek()) {
      if (t.kind === 'comment') onComment?.(t);
      this.index++;
    }
  }

  /**
   * The words up to the end of the statement, a `{ … }` inside taken whole (balanced, newlines
   * included), for items kept as written. Stops before a `}` that closes the enclosing block.
   */
  restOfStatement(): { words: Word[]; end: number; unbalanced: boolean } {
    const words: Word[] = [];
    let end = this.peek()?.range[0] ?? 0;
    let depth = 0;
    for (let t = this.peek(); t; t = this.peek()) {
      if (depth === 0 && (t.kind === 'newline' || t.kind === 'semicolon' || t.kind === 'close' || t.kind === 'comment')) break;
      this.index++;
      if (t.kind === 'open') depth++;
      else if (t.kind === 'close') depth--;
      if (t.kind !== 'newline' && t.kind !== 'comment') words.push(word(t));
      end = t.span[1];
    }
    return { words, end, unbalanced: depth > 0 };
  }

  /** From the `{` at the cursor to its matching `}` (or the end of text), every word kept. */
  restOfStatementInBraces(): { words: Word[]; end: number } {
    const words: Word[] = [];
    let depth = 0;
    let end = this.peek()?.span[1] ?? 0;
    for (let t = this.next(); t; t = this.next()) {
      end = t.span[1];
      if (t.kind === 'open') depth++;
      else if (t.kind === 'close') depth--;
      else if (t.kind === 'word' || t.kind === 'string') words.push(word(t));
      if (depth === 0) break;
    }
    return { words, end };
  }
}

export function word(token: Token): Word {
  return { text: token.text, range: token.range };
}

export function span(start: number, end: number): OffsetRange {
  return [start, end];
}
