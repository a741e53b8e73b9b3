/** How many characters of a user's token a message quotes at most. */
export const EXCERPT_LENGTH = 80;

/**
 * A token as a message may quote it: at most EXCERPT_LENGTH characters, with
 * an ellipsis when cut, and control characters (ESC, BEL, CR, LF…) shown as
 * \u escapes, so a name can neither flood a log nor drive a terminal or
 * forge a `file:line:col` line for a problem matcher.
 */
export function excerpt(text: string, max = EXCERPT_LENGTH): string {
  const visible = escapeControls(text);
  return visible.length > max ? `${visible.slice(0, max - 1)}…` : visible;
}

/** Control characters (C0, DEL, C1, and the line and paragraph separators) as \u escapes; everything else as it is. */
export function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** How many names a message lists before it says how many more there are. */
export const LISTED_NAMES = 5;

/** Names as a message lists them: each an excerpt, the first LISTED_NAMES of them, then how many more. */
export function excerptList(names: readonly string[]): string {
  const shown = names.slice(0, LISTED_NAMES).map((name) => excerpt(name));
  return names.length > LISTED_NAMES ? `${shown.join(', ')} and ${names.length - LISTED_NAMES} more` : shown.join(', ');
}
