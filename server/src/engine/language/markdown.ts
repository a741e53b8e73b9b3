/**
 * Text from the user's files shown in Markdown (hovers, the flow table) is
 * escaped, so a rule name cannot become a link, an image, HTML or a table cell.
 */
export function md(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, '\\$&').replace(/\r?\n/g, ' ');
}
