import type { OffsetRange } from '../../model/types';

/**
 * Text as cmd.exe sees it at some phase of reading a batch file, each character mapped to the
 * source it stands for: a character of the file maps to itself, a character an expanded variable
 * produced maps to the whole reference (`%P%`), so every value keeps an exact place in the file.
 */
export interface MappedText {
  readonly text: string;
  /** Source range of each character: start and end offsets in the file. */
  readonly from: readonly number[];
  readonly to: readonly number[];
}

export class MappedBuilder {
  text = '';
  readonly from: number[] = [];
  readonly to: number[] = [];

  push(characters: string, from: number, to: number): void {
    this.text += characters;
    for (let i = 0; i < characters.length; i++) {
      this.from.push(from);
      this.to.push(to);
    }
  }

  /** Characters [a, b) of `source`, keeping their places. */
  copy(source: MappedText, a: number, b: number): void {
    this.text += source.text.slice(a, b);
    for (let i = a; i < b; i++) {
      this.from.push(source.from[i]);
      this.to.push(source.to[i]);
    }
  }

  /** Takes back the last character (a handle number that turns out to belong to a redirection). */
  dropLast(): void {
    this.text = this.text.slice(0, -1);
    this.from.pop();
    this.to.pop();
  }
}

/** Where characters [a, b) of `mapped` are written in the file; `fallback` for an empty span past the end. */
export function spanOf(mapped: MappedText, a: number, b: number, fallback: number): OffsetRange {
  if (b <= a) {
    const at = mapped.from[a] ?? fallback;
    return [at, at];
  }
  return [mapped.from[a], mapped.to[b - 1]];
}

/** One line as cmd.exe reads it: physical lines joined by a `^` at their end. */
export interface LogicalLine extends MappedText {
  /** From the first physical line's start to the last one's end (line break excluded). */
  readonly range: OffsetRange;
  readonly indent: string;
}

/**
 * The logical lines of a script. A byte-order mark an editor left at the start of the text is no
 * part of the first line (readers normally strip it: util/decodeText.ts).
 */
export function logicalLines(text: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let offset = text.startsWith('\ufeff') ? 1 : 0;
  let pending: { line: MappedBuilder; start: number; indent: string } | undefined;
  while (offset <= text.length) {
    const newline = text.indexOf('\n', offset);
    const end = newline === -1 ? text.length : newline;
    let lineEnd = end > offset && text[end - 1] === '\r' ? end - 1 : end;
    const continued = lineEnd > offset && text[lineEnd - 1] === '^';
    if (continued) lineEnd--;
    const piece = text.slice(offset, lineEnd);
    const current = pending ?? { line: new MappedBuilder(), start: offset, indent: /^[ \t]*/.exec(piece)![0] };
    for (let i = 0; i < piece.length; i++) current.line.push(piece[i], offset + i, offset + i + 1);
    if (continued && newline !== -1) {
      // "^" and the line break after it are taken out: the next line goes on where this one stops.
      pending = current;
    } else {
      const { line } = current;
      lines.push({ text: line.text, from: line.from, to: line.to, range: [current.start, lineEnd], indent: current.indent });
      pending = undefined;
    }
    if (newline === -1) break;
    offset = newline + 1;
  }
  return lines;
}

/** One command of a line after cmd.exe's parsing: the part between `&`, `&&`, `||` and `|`. */
export interface CommandPart extends MappedText {
  /** Runs only if the command before it succeeded or failed (`&&`, `||`): it may not run. */
  readonly conditional: boolean;
  /** Where the part is written, redirections included. */
  readonly start: number;
  readonly end: number;
}

/**
 * Splits a line into commands as cmd.exe's second phase does: outside double quotes, `^` escapes
 * the next character (and is dropped), `&`, `&&`, `||` and `|` separate commands, and redirections
 * (`>nul`, `2>&1`, `>> log.txt`, `< in.txt`) are taken out of the command they are written in.
 */
export function commandParts(line: MappedText): CommandPart[] {
  const parts: CommandPart[] = [];
  let part = new MappedBuilder();
  let start = 0;
  let conditional = false;
  let quoted = false;
  const finish = (end: number, next: number, nextConditional: boolean) => {
    if (part.text.trim()) parts.push({ text: part.text, from: part.from, to: part.to, conditional, start, end });
    part = new MappedBuilder();
    start = next;
    conditional = nextConditional;
  };
  const { text } = line;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    if (quoted || (c !== '^' && c !== '&' && c !== '|' && c !== '>' && c !== '<')) {
      part.copy(line, i, i + 1);
    } else if (c === '^') {
      if (i + 1 < text.length) part.copy(line, i + 1, i + 2);
      i++;
    } else if (c === '&' || c === '|') {
      const doubled = text[i + 1] === c;
      finish(i, i + (doubled ? 2 : 1), doubled);
      if (doubled) i++;
    } else {
      if (/(^|\s)\d$/.test(part.text)) part.dropLast();
      i = redirectionEnd(text, i) - 1;
    }
  }
  finish(text.length, text.length, false);
  return parts;
}

/** The end of the redirection at `>` or `<` (text[i]); a handle digit written before it is dropped with it. */
function redirectionEnd(text: string, i: number): number {
  let j = i + 1;
  if (text[j] === '>') j++;
  if (text[j] === '&' && /\d/.test(text[j + 1] ?? '')) return j + 2;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
  let quoted = false;
  while (j < text.length && (quoted || !/[\s&|<>]/.test(text[j]))) {
    if (text[j] === '"') quoted = !quoted;
    j++;
  }
  return j;
}
