import { escapeControls } from '../util/excerpt';

/**
 * Text from the user's files shown in Markdown (hovers, the flow table) is
 * escaped, so a rule name cannot become a link, an image, HTML or a table
 * cell; control characters (ESC, BEL, CR, LF…) are first shown as \u escapes,
 * as in every message, so none reaches the editor raw.
 */
export function md(text: string): string {
  return escapeControls(text).replace(/[\\`*_[\]<>|]/g, '\\$&');
}
