import type { OffsetEdit } from '../checks/types';
import type { Dialect } from '../dialects/types';

/** How a file writes a comment line, and how a command continues onto the next line. */
export type CommentStyle = Pick<Dialect, 'lineComment' | 'continuation'>;

const YAML_COMMENTS: CommentStyle = { lineComment: '#' };

/**
 * `# befw-disable-next-line BEX203, BEX204 -- reason` silences those codes on
 * the line below it (in batch files `REM befw-disable-next-line …`). In a
 * script, "the line below" is the whole command, continuation lines included.
 * The reason is free text; it is what a reviewer reads.
 */
const DIRECTIVE = /^[ \t]*(?:#|::|[Rr][Ee][Mm]\b)[ \t]*befw-disable-next-line[ \t]/;

/** The codes a directive line names (before any "-- reason"), or none when it is no directive. */
function directiveCodes(line: string): string[] {
  const match = DIRECTIVE.exec(line);
  if (!match) return [];
  const rest = line.slice(match[0].length);
  const reason = rest.indexOf('--');
  const codes = (reason === -1 ? rest : rest.slice(0, reason)).split(/[\s,]+/).filter(Boolean);
  return codes.every((code) => /^[A-Za-z0-9]+$/.test(code)) ? codes.map((code) => code.toUpperCase()) : [];
}

export const SUPPRESSION_REASON_PLACEHOLDER = 'reason';

/** Characters that continue a script command on the next line. */

/** The start of the line holding `offset`; lines end with LF, CRLF or a lone CR, as editors count them. */
function lineStartAt(text: string, offset: number): number {
  // A walk back over one line: lastIndexOf('\r') would cross a whole LF file for each diagnostic.
  let start = offset;
  while (start > 0 && text.charCodeAt(start - 1) !== 10 && text.charCodeAt(start - 1) !== 13) start--;
  return start;
}

/** The line before the one starting at `lineStart` (which is not the first): where it starts, and its text without the line break. */
function previousLine(text: string, lineStart: number): { start: number; text: string } {
  const end = text[lineStart - 1] === '\n' && text[lineStart - 2] === '\r' ? lineStart - 2 : lineStart - 1;
  const start = lineStartAt(text, end);
  return { start, text: text.slice(start, end) };
}

/** The start of the line holding `offset`, or, in a script, of the first line of its command. */
function statementStart(text: string, offset: number, style: CommentStyle): number {
  let lineStart = lineStartAt(text, offset);
  if (!style.continuation) return lineStart;
  while (lineStart > 0) {
    const previous = previousLine(text, lineStart);
    if (!style.continuation.test(previous.text)) break;
    lineStart = previous.start;
  }
  return lineStart;
}

/** The codes the line above `offset`'s line (or command) disables. */
export function suppressedCodes(text: string, offset: number, style: CommentStyle = YAML_COMMENTS): readonly string[] {
  if (!style.lineComment) return [];
  const lineStart = statementStart(text, offset, style);
  return lineStart === 0 ? [] : directiveCodes(previousLine(text, lineStart).text);
}

export function isSuppressed(text: string, offset: number, code: string, style: CommentStyle = YAML_COMMENTS): boolean {
  return suppressedCodes(text, offset, style).includes(code);
}

/**
 * Writes the directive above the line (or command) holding `offset`,
 * indented like it; when a directive is already there, the code is added to it.
 */
export function suppressionEdit(text: string, offset: number, code: string, eol: string, style: CommentStyle = YAML_COMMENTS): OffsetEdit {
  const lineStart = statementStart(text, offset, style);
  const existing = suppressedCodes(text, offset, style);
  if (existing.length > 0) {
    const { start, text: line } = previousLine(text, lineStart);
    const reason = line.indexOf('--', DIRECTIVE.exec(line)![0].length);
    const codesEnd = start + (reason === -1 ? line : line.slice(0, reason)).trimEnd().length;
    return { range: [codesEnd, codesEnd], newText: `, ${code}` };
  }
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))![0];
  const comment = style.lineComment ?? '#';
  return { range: [lineStart, lineStart], newText: `${indent}${comment} befw-disable-next-line ${code} -- ${SUPPRESSION_REASON_PLACEHOLDER}${eol}` };
}
