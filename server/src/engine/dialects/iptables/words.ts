import type { OffsetRange } from '../../model/types';
import type { Token } from './tree';
import { lineAt, type Line } from '../../util/lineAt';

/**
 * Lines and words of iptables-save text, read with one pass over the characters (no regular
 * expressions), so a 1 MB line costs one scan.
 * Quoting follows what iptables-restore v1.8.9 did on this machine (NOTES.md): only double quotes
 * quote (`'single q'` was "Bad argument"), a backslash inside quotes takes the next character as it
 * is (`\"`, `\\` and `\'`, which iptables-save writes, and `"x\y"` read as `xy`), and a closing
 * quote ends the word (`a"b c"d` gave the separate argument `d`).
 */

export { lineAt, type Line };

/** A word with what the parser needs beyond its value. */
export interface Word extends Token {
  /** Written inside double quotes (a quoted `!` or `-x` is a value, never negation or an option). */
  readonly quoted: boolean;
  /**
   * Where `text[0]` sits in the file when every character of `text` is written as is (no `\"`
   * escape), so comma items get exact ranges; undefined otherwise.
   */
  readonly textStart?: number;
}

export interface LineWords {
  readonly words: readonly Word[];
  /** The opening quote that does not close before the end of the line. */
  readonly unclosedQuote?: OffsetRange;
}

const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const BACKSLASH = 92;
const isBlank = (code: number) => code === SPACE || code === TAB;

/** The words of [start, end): blanks separate them; double quotes group blanks into one word. */
export function wordsOf(text: string, start: number, end: number): LineWords {
  const words: Word[] = [];
  let unclosedQuote: OffsetRange | undefined;
  let at = start;
  while (at < end) {
    while (at < end && isBlank(text.charCodeAt(at))) at++;
    if (at >= end) break;
    const wordStart = at;
    let value = '';
    let quoted = false;
    let escaped = false;
    let valueStart: number | undefined;
    // Plain characters are copied in slices, not one by one, to keep long words cheap.
    let sliceFrom = at;
    while (at < end && !isBlank(text.charCodeAt(at))) {
      if (text.charCodeAt(at) !== QUOTE) {
        at++;
        continue;
      }
      value += text.slice(sliceFrom, at);
      const open = at;
      quoted = true;
      at++;
      sliceFrom = at;
      valueStart ??= value.length === 0 ? at : undefined;
      let closed = false;
      while (at < end) {
        const code = text.charCodeAt(at);
        if (code === BACKSLASH && at + 1 < end) {
          value += text.slice(sliceFrom, at);
          sliceFrom = at + 1;
          escaped = true;
          at += 2;
          continue;
        }
        if (code === QUOTE) {
          closed = true;
          break;
        }
        at++;
      }
      value += text.slice(sliceFrom, at);
      if (!closed) {
        unclosedQuote = [open, end];
        sliceFrom = at;
        break;
      }
      at++;
      sliceFrom = at;
      // A closing quote ends the word, as iptables-restore splits it (NOTES.md).
      break;
    }
    value += text.slice(sliceFrom, at);
    const textStart = escaped ? undefined : quoted ? valueStart : wordStart;
    words.push({ text: value, range: [wordStart, at], quoted, textStart });
  }
  return { words, unclosedQuote };
}

/** The comma-separated elements of a word, each with its own range when the word maps 1:1 onto the file. */
export function commaItems(word: Word): Token[] {
  const items: Token[] = [];
  let from = 0;
  for (;;) {
    const comma = word.text.indexOf(',', from);
    const to = comma === -1 ? word.text.length : comma;
    const range: OffsetRange = word.textStart === undefined ? word.range : [word.textStart + from, word.textStart + to];
    items.push({ text: word.text.slice(from, to), range });
    if (comma === -1) return items;
    from = comma + 1;
  }
}
