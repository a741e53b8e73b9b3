/** One line: [start, end) without its line break (LF or CRLF); `next` is where the following line starts. */
export interface Line {
  readonly start: number;
  readonly end: number;
  readonly next: number;
}

/** The line starting at `start` (CRLF or LF). Past the text's end there is no line: `next` > text.length. */
export function lineAt(text: string, start: number): Line {
  const newline = text.indexOf('\n', start);
  const stop = newline === -1 ? text.length : newline;
  const end = stop > start && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop;
  return { start, end, next: newline === -1 ? text.length + 1 : newline + 1 };
}
