import type { OffsetEdit } from '../checks/types';
import type { RuleDialect } from '../model/types';

/**
 * `# befw-disable-next-line BEX203, BEX204 -- reason` silences those codes on
 * the line below it (in batch files `REM befw-disable-next-line …`). In a
 * script, "the line below" is the whole command, continuation lines included.
 * The reason is free text; it is what a reviewer reads.
 */
const DIRECTIVE = /^[ \t]*(?:#|::|[Rr][Ee][Mm]\b)[ \t]*befw-disable-next-line[ \t]+([A-Za-z0-9, \t]+?)(?:[ \t]+--.*)?[ \t]*\r?$/;

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
  const match = DIRECTIVE.exec(text.slice(previousStart, lineStart - 1));
  return match ? match[1].split(/[\s,]+/).filter(Boolean).map((code) => code.toUpperCase()) : [];
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
    const line = text.slice(previousStart, lineStart - 1).replace(/\r$/, '');
    const codesEnd = previousStart + line.search(/(?:[ \t]+--.*)?[ \t]*$/);
    return { range: [codesEnd, codesEnd], newText: `, ${code}` };
  }
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))![0];
  const comment = dialect === 'netsh' ? 'REM' : '#';
  return { range: [lineStart, lineStart], newText: `${indent}${comment} befw-disable-next-line ${code} -- ${SUPPRESSION_REASON_PLACEHOLDER}${eol}` };
}
