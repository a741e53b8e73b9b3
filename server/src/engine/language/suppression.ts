import type { OffsetEdit } from '../checks/types';

/**
 * `# befw-disable-next-line BEX203, BEX204 -- reason` silences those codes on
 * the line below it. The reason is free text; it is what a reviewer reads.
 */
const DIRECTIVE = /^[ \t]*#[ \t]*befw-disable-next-line[ \t]+([A-Za-z0-9, \t]+?)(?:[ \t]+--.*)?[ \t]*\r?$/;

export const SUPPRESSION_REASON_PLACEHOLDER = 'reason';

/** The codes the line above `offset`'s line disables. */
export function suppressedCodes(text: string, offset: number): readonly string[] {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (lineStart === 0) return [];
  const previousStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  const match = DIRECTIVE.exec(text.slice(previousStart, lineStart - 1));
  return match ? match[1].split(/[\s,]+/).filter(Boolean).map((code) => code.toUpperCase()) : [];
}

export function isSuppressed(text: string, offset: number, code: string): boolean {
  return suppressedCodes(text, offset).includes(code);
}

/**
 * Writes the directive above the line holding `offset`, indented like that
 * line; when a directive is already there, the code is added to it.
 */
export function suppressionEdit(text: string, offset: number, code: string, eol: string): OffsetEdit {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const existing = suppressedCodes(text, offset);
  if (existing.length > 0) {
    const previousStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const line = text.slice(previousStart, lineStart - 1).replace(/\r$/, '');
    const codesEnd = previousStart + line.search(/(?:[ \t]+--.*)?[ \t]*$/);
    return { range: [codesEnd, codesEnd], newText: `, ${code}` };
  }
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))![0];
  return { range: [lineStart, lineStart], newText: `${indent}# befw-disable-next-line ${code} -- ${SUPPRESSION_REASON_PLACEHOLDER}${eol}` };
}
