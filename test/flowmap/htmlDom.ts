import { DomUtils, parseDocument } from 'htmlparser2';
import { classesOf, type SvgElement as Element } from './svgDom';

type Document = ReturnType<typeof parseDocument>;

/** The report's page as a DOM, read the way a browser reads HTML (a script would be an element, escaped text is text). */
export function pageOf(html: string): Document {
  return parseDocument(html);
}

export function elements(root: Document | Element, test: (element: Element) => boolean): Element[] {
  return DomUtils.findAll(test, root.children);
}

export const byName = (root: Document | Element, name: string) => elements(root, (element) => element.name === name);

export const byClass = (root: Document | Element, name: string, className: string) => elements(root, (element) => element.name === name && classesOf(element).includes(className));

/** The text a reader sees, entities decoded, whitespace runs made one space. */
export function text(node: Element): string {
  return DomUtils.textContent(node).replace(/\s+/g, ' ').trim();
}

/** The cells of each body row of a table, as text. */
export function tableRows(table: Element): string[][] {
  const body = byName(table, 'tbody')[0];
  return byName(body, 'tr').map((row) => row.children.filter((cell): cell is Element => cell.type === 'tag').map(text));
}

/** Elements that fetch or run something when a page is opened. */
const ACTIVE = new Set(['script', 'link', 'iframe', 'frame', 'object', 'embed', 'img', 'image', 'video', 'audio', 'source', 'base', 'use', 'foreignobject']);

/**
 * What would make the page load something from anywhere, or run anything:
 * active elements, an attribute pointing elsewhere than into the page (an
 * `<a href>` only leads away: allowed), event handlers, CSS imports, fonts and
 * `url(…)` other than to the page's own `#ids`. Empty when self-contained.
 */
export function selfContainmentProblems(html: string): string[] {
  const page = pageOf(html);
  const problems: string[] = [];
  for (const element of elements(page, () => true)) {
    if (ACTIVE.has(element.name.toLowerCase())) problems.push(`a <${element.name}> element`);
    if (element.name === 'meta' && element.attribs['http-equiv'] !== undefined) problems.push('a <meta http-equiv>');
    for (const [name, value] of Object.entries(element.attribs)) {
      if (/^on/i.test(name)) problems.push(`an event handler ${name} on <${element.name}>`);
      if (/^(src|srcset|href|xlink:href|poster|data|action|formaction)$/i.test(name) && element.name !== 'a' && !value.startsWith('#')) problems.push(`${name}="${value}" on <${element.name}>`);
    }
  }
  if (/@import|@font-face/i.test(html)) problems.push('a CSS @import or @font-face');
  for (const match of html.matchAll(/url\(\s*['"]?([^)'"]*)/gi)) if (!match[1].startsWith('#')) problems.push(`url(${match[1]})`);
  return problems;
}
