import type { Position } from 'vscode-languageserver-types';

/**
 * Offsets to LSP positions for one text: where each line starts, in one
 * typed array. Made for every checked version of a file, so it is built with
 * two indexOf passes into an array of the exact size rather than an array
 * grown line by line (a 50,000-rule file has 300,000 lines). Line breaks are
 * LF, CRLF and a lone CR, as in LSP.
 */
export class LineIndex {
  private readonly starts: Uint32Array;

  constructor(readonly text: string) {
    this.starts = text.includes('\r') && /\r(?!\n)/.test(text) ? startsWithCarriageReturns(text) : startsOfLines(text);
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length;
    if (position.character <= 0) return start;
    return this.beforeLineBreak(Math.min(start + position.character, next), start);
  }

  positionAt(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.starts[middle] <= at) low = middle;
      else high = middle - 1;
    }
    return { line: low, character: this.beforeLineBreak(at, this.starts[low]) - this.starts[low] };
  }

  /** A position never lies inside or after a line's break: such offsets move back to the line's end. */
  private beforeLineBreak(offset: number, lineStart: number): number {
    while (offset > lineStart && (this.text.charCodeAt(offset - 1) === 10 || this.text.charCodeAt(offset - 1) === 13)) offset--;
    return offset;
  }
}

function startsOfLines(text: string): Uint32Array {
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  const starts = new Uint32Array(count);
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[line++] = i + 1;
  return starts;
}

function startsWithCarriageReturns(text: string): Uint32Array {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (code === 13 || code === 10) starts.push(i + 1);
  }
  return Uint32Array.from(starts);
}
