import type { OffsetEdit } from '../checks/types';
import type { RuleDialect } from '../model/types';

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
const CONTINUATION = /[`^][ \t]*\r?$/;

/** The start of the line holding `offset`, or, in a script, of the first line of its command. */
function statementStart(text: string, offset: number, dialect: RuleDialect): number {
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (dialect === 'yaml') return lineStart;
  while (lineStart > 0) {
    const previousStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    if (!CONTINUATION.test(text.slice(previousStart, lineStart - 1))) break;
    lineStart = previousStart;
  }
  return lineStart;
}

/** The codes the line above `offset`'s line (or command) disables. */
export function suppressedCodes(text: string, offset: number, dialect: RuleDialect = 'yaml'): readonly string[] {
  const lineStart = statementStart(text, offset, dialect);
  if (lineStart === 0) return [];
  const previousStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  return directiveCodes(text.slice(previousStart, lineStart - 1));
}

export function isSuppressed(text: string, offset: number, code: string, dialect: RuleDialect = 'yaml'): boolean {
  return suppressedCodes(text, offset, dialect).includes(code);
}

/**
 * Writes the directive above the line (or command) holding `offset`,
 * indented like it; when a directive is already there, the code is added to it.
 */
export function suppressionEdit(text: string, offset: number, code: string, eol: string, dialect: RuleDialect = 'yaml'): OffsetEdit {
  const lineStart = statementStart(text, offset, dialect);
  const existing = suppressedCodes(text, offset, dialect);
  if (existing.length > 0) {
    const previousStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const line = text.slice(previousStart, lineStart - 1);
    const reason = line.indexOf('--', DIRECTIVE.exec(line)![0].length);
    const codesEnd = previousStart + (reason === -1 ? line : line.slice(0, reason)).trimEnd().length;
    return { range: [codesEnd, codesEnd], newText: `, ${code}` };
  }
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))![0];
  const comment = dialect === 'netsh' ? 'REM' : '#';
  return { range: [lineStart, lineStart], newText: `${indent}${comment} befw-disable-next-line ${code} -- ${SUPPRESSION_REASON_PLACEHOLDER}${eol}` };
}
