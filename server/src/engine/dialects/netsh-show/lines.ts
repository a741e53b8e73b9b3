import type { OffsetRange } from '../../model/types';
import { lineAt, type Line } from '../../util/lineAt';

/**
 * The lines of `netsh advfirewall firewall show rule` output and what each is, by layout alone.
 * Layout facts: ../shared/knowledge/FORMATS.md 1a (real captures cited there): each rule starts
 * with a `Label:` line whose value starts at column 39, then a line of exactly 70 hyphens; fields
 * follow as `Label:` padded with spaces; a blank line separates rules; the listing ends `Ok.`
 * (`OK.` in the German capture), or is "No rules match the specified criteria." (Addenda).
 */

export { lineAt, type Line };

/** The English label every rule of the listing starts with. */
export const RULE_NAME_LABEL = 'Rule Name:';
const SEPARATOR = '-'.repeat(70);
/** Label and padding take 38 characters: the value starts at column 39. */
const VALUE_COLUMN = 38;
const NO_MATCH = 'no rules match the specified criteria.';

const isBlank = (code: number) => code === 32 || code === 9;

/** The line without the blanks around it, as [start, end). */
export function trimmed(text: string, line: Line): OffsetRange {
  let a = line.start;
  let b = line.end;
  while (a < b && isBlank(text.charCodeAt(a))) a++;
  while (b > a && isBlank(text.charCodeAt(b - 1))) b--;
  return [a, b];
}

export function isBlankLine(text: string, line: Line): boolean {
  const [a, b] = trimmed(text, line);
  return a === b;
}

/** A line that starts with a blank and holds text: the rest of the field above (an ICMP rule's type/code table). */
export function isIndented(text: string, line: Line): boolean {
  return line.end > line.start && isBlank(text.charCodeAt(line.start)) && !isBlankLine(text, line);
}

export function isSeparator(text: string, line: Line): boolean {
  const [a, b] = trimmed(text, line);
  return a === line.start && b - a === SEPARATOR.length && text.startsWith(SEPARATOR, a);
}

/** `Ok.` (English), `OK.` (German capture): the end of a listing. */
export function isListingEnd(text: string, line: Line): boolean {
  const [a, b] = trimmed(text, line);
  return b - a === 3 && text.slice(a, b).toLowerCase() === 'ok.';
}

/** netsh's answer when no rule matched (FORMATS.md Addenda, verified). */
export function isNoMatch(text: string, line: Line): boolean {
  const [a, b] = trimmed(text, line);
  return b - a === NO_MATCH.length && text.slice(a, b).toLowerCase() === NO_MATCH;
}

/** A `Label: value` line: where the label (colon included) and the value (blanks around it left out) are. */
export interface FieldLine {
  readonly label: OffsetRange;
  readonly value: OffsetRange;
}

/** Labels longer than this are not labels: a stray line with a colon far into it. */
const MAX_LABEL = 60;

/** The label and value of a line that starts with a label (no blank before it), or undefined. */
export function fieldOf(text: string, line: Line): FieldLine | undefined {
  if (line.end === line.start || isBlank(text.charCodeAt(line.start))) return undefined;
  const colon = text.indexOf(':', line.start);
  if (colon === -1 || colon >= line.end || colon - line.start > MAX_LABEL) return undefined;
  let a = colon + 1;
  let b = line.end;
  while (a < b && isBlank(text.charCodeAt(a))) a++;
  while (b > a && isBlank(text.charCodeAt(b - 1))) b--;
  return { label: [line.start, colon + 1], value: [a, b] };
}

/** The label's text without its colon, lower-cased, as the English label table keys it. */
export function labelKey(text: string, field: FieldLine): string {
  return text.slice(field.label[0], field.label[1] - 1).trim().toLowerCase();
}

export function isEnglishHead(text: string, line: Line): boolean {
  const field = fieldOf(text, line);
  return field !== undefined && labelKey(text, field) === 'rule name';
}

/**
 * The head of a rule in any language: a label with its value at column 39, followed by the
 * 70-hyphen line. The value column keeps out the profile listings (`Domain Profile Settings:`
 * over the same hyphens), whose heading has no value.
 */
export function isHead(text: string, line: Line): boolean {
  const field = fieldOf(text, line);
  if (!field || field.value[0] === field.value[1] || field.value[0] - line.start !== VALUE_COLUMN) return false;
  return line.next <= text.length && isSeparator(text, lineAt(text, line.next));
}

/** Whether a file's start is netsh show rule output: a rule's head (English or translated) or the no-match answer. */
export function looksLikeListing(start: string): boolean {
  for (let line = lineAt(start, 0); line.start <= start.length; line = lineAt(start, line.next)) {
    if (isBlankLine(start, line)) continue;
    return isEnglishHead(start, line) || isHead(start, line) || isNoMatch(start, line);
  }
  return false;
}
