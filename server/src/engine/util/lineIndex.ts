import type { Position, Range } from 'vscode-languageserver-types';
import type { OffsetRange, SourceText } from '../model/types';

/**
 * Offsets to LSP positions for one text: where each line starts, in one
 * typed array. Made for every checked version of a file (a 50,000-rule file
 * has 300,000 lines), so it is filled with one indexOf pass, and only as far
 * as positions are asked for: 5 MB of pasted "]" lines (2.6 million lines)
 * with one diagnostic at the top cost nothing past it. Once the whole text is
 * indexed the array is cut to its exact size. Line breaks are LF, CRLF and a
 * lone CR, as in LSP.
 */
export class LineIndex {
  private starts: Uint32Array = new Uint32Array(64);
  private lines = 1;
  /** Line breaks before this offset are indexed; the whole text is, once it reaches the text's length. */
  private indexed = 0;
  private readonly loneCarriageReturns: boolean;

  constructor(readonly text: string) {
    this.loneCarriageReturns = text.includes('\r') && /\r(?!\n)/.test(text);
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    this.indexWhile(() => this.lines <= position.line + 1);
    if (position.line >= this.lines) return this.text.length;
    const start = this.starts[position.line];
    const next = position.line + 1 < this.lines ? this.starts[position.line + 1] : this.text.length;
    if (position.character <= 0) return start;
    return this.beforeLineBreak(Math.min(start + position.character, next), start);
  }

  positionAt(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    this.indexWhile(() => this.starts[this.lines - 1] < at);
    let low = 0;
    let high = this.lines - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.starts[middle] <= at) low = middle;
      else high = middle - 1;
    }
    return { line: low, character: this.beforeLineBreak(at, this.starts[low]) - this.starts[low] };
  }

  /** Indexes line after line while `needed()` holds and text is left. */
  private indexWhile(needed: () => boolean): void {
    while (this.indexed < this.text.length && needed()) {
      const next = this.nextLineStart(this.indexed);
      if (next < 0) this.indexed = this.text.length;
      else {
        if (this.lines === this.starts.length) this.starts = grown(this.starts);
        this.starts[this.lines++] = next;
        this.indexed = next;
      }
      if (this.indexed === this.text.length) this.starts = this.starts.slice(0, this.lines);
    }
  }

  /** Where the line after the one containing `from` starts, or -1 when that line is the last. */
  private nextLineStart(from: number): number {
    if (!this.loneCarriageReturns) {
      const newline = this.text.indexOf('\n', from);
      return newline < 0 ? -1 : newline + 1;
    }
    for (let i = from; i < this.text.length; i++) {
      const code = this.text.charCodeAt(i);
      if (code === 13) return this.text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
      if (code === 10) return i + 1;
    }
    return -1;
  }

  /** A position never lies inside or after a line's break: such offsets move back to the line's end. */
  private beforeLineBreak(offset: number, lineStart: number): number {
    while (offset > lineStart && (this.text.charCodeAt(offset - 1) === 10 || this.text.charCodeAt(offset - 1) === 13)) offset--;
    return offset;
  }
}

function grown(starts: Uint32Array): Uint32Array {
  const larger = new Uint32Array(starts.length * 2);
  larger.set(starts);
  return larger;
}

/** Line tables of checked texts, made once per model: a 1.4 MB file is not re-indexed on every check. */
const lineIndexes = new WeakMap<SourceText, LineIndex>();

export function documentOf(file: SourceText): LineIndex {
  let index = lineIndexes.get(file);
  if (!index) lineIndexes.set(file, (index = new LineIndex(file.text)));
  return index;
}

export function toRange(document: LineIndex, range: OffsetRange): Range {
  return { start: document.positionAt(range[0]), end: document.positionAt(range[1]) };
}
