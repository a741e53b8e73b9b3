import type { OffsetRange } from '../../model/types';
import { MappedBuilder, type MappedText } from './mappedText';

/** One line as cmd.exe reads it: physical lines joined by a `^` at their end. */
export interface LogicalLine extends MappedText {
  /** From the first physical line's start to the last one's end (line break excluded). */
  readonly range: OffsetRange;
  readonly indent: string;
}

/**
 * The logical lines of a script, one at a time: a long script's lines are never all held at once.
 * A byte-order mark an editor left at the start of the text is no part of the first line (readers
 * normally strip it: util/decodeText.ts).
 */
export function* logicalLines(text: string): Generator<LogicalLine> {
  const line = new MappedBuilder();
  let offset = text.startsWith('\ufeff') ? 1 : 0;
  /** Where the line being joined starts, and its indent, while its physical lines end in "^". */
  let pending: { start: number; indent: string } | undefined;
  while (offset <= text.length) {
    const newline = text.indexOf('\n', offset);
    const end = newline === -1 ? text.length : newline;
    let lineEnd = end > offset && text[end - 1] === '\r' ? end - 1 : end;
    const continued = lineEnd > offset && text[lineEnd - 1] === '^';
    if (continued) lineEnd--;
    const piece = text.slice(offset, lineEnd);
    const current = pending ?? { start: offset, indent: piece.slice(0, indentLength(piece)) };
    line.written(piece, offset);
    if (continued && newline !== -1) {
      // "^" and the line break after it are taken out: the next line goes on where this one stops.
      pending = current;
    } else {
      pending = undefined;
      yield { ...line.take(), range: [current.start, lineEnd], indent: current.indent };
    }
    if (newline === -1) break;
    offset = newline + 1;
  }
}

/** How many spaces and tabs a line starts with. */
function indentLength(line: string): number {
  let n = 0;
  while (line[n] === ' ' || line[n] === '\t') n++;
  return n;
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
  const part = new MappedBuilder();
  let start = 0;
  let conditional = false;
  let quoted = false;
  const finish = (end: number, next: number, nextConditional: boolean) => {
    const command = part.take();
    if (command.text.trim()) parts.push({ ...command, conditional, start, end });
    start = next;
    conditional = nextConditional;
  };
  const { text } = line;
  /** The first character not yet copied into the part: plain characters are copied a run at a time. */
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    if (quoted || (c !== '^' && c !== '&' && c !== '|' && c !== '>' && c !== '<')) continue;
    part.copy(line, run, i);
    if (c === '^') {
      // The caret is dropped; the character it escapes is skipped here and starts the next run.
      run = i + 1;
      i++;
    } else if (c === '&' || c === '|') {
      const doubled = text[i + 1] === c;
      finish(i, i + (doubled ? 2 : 1), doubled);
      if (doubled) i++;
      run = i + 1;
    } else {
      if (/(^|\s)\d$/.test(part.text)) part.dropLast();
      i = redirectionEnd(text, i) - 1;
      run = i + 1;
    }
  }
  part.copy(line, run, text.length);
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
