import assert from 'node:assert/strict';
import { DomUtils, parseDocument } from 'htmlparser2';
import { SaxesParser } from 'saxes';
import type { Box, Point } from '../../server/src/engine';

/**
 * Reading the map's SVG as a browser would: parsed as XML (htmlparser2 in
 * XML mode, entities decoded), after a strict parser (saxes) has said it is
 * well-formed. Tests then ask for elements by class and data attribute.
 */
export type SvgElement = ReturnType<typeof DomUtils.findAll>[number];

export function parseSvg(svg: string): SvgElement {
  const strict = new SaxesParser();
  strict.on('error', (error) => assert.fail(`the SVG is not well-formed XML: ${error.message}`));
  strict.write(svg).close();
  const root = DomUtils.findOne((element) => element.name === 'svg', parseDocument(svg, { xmlMode: true }).children, false);
  assert.ok(root, 'no <svg> element');
  return root;
}

export const classesOf = (element: SvgElement) => (element.attribs.class ?? '').split(/\s+/).filter(Boolean);

/** Elements at or under `root` whose class list has every one of `classes`. */
export function withClass(root: SvgElement, ...classes: string[]): SvgElement[] {
  return DomUtils.findAll((element) => classes.every((name) => classesOf(element).includes(name)), [root]);
}

/** The one element at or under `root` with `attribute="value"` (and the class, when given). */
export function byAttribute(root: SvgElement, attribute: string, value: string, className?: string): SvgElement {
  const found = DomUtils.findAll((element) => element.attribs[attribute] === value && (className === undefined || classesOf(element).includes(className)), [root]);
  assert.equal(found.length, 1, `${found.length} elements with ${attribute}="${value}"`);
  return found[0];
}

/** The first direct or nested child named `name` (and with the class, when given). */
export function child(element: SvgElement, name: string, className?: string): SvgElement {
  const found = DomUtils.findOne((e) => e.name === name && (className === undefined || classesOf(e).includes(className)), element.children);
  assert.ok(found, `no <${name}${className ? ` class="${className}"` : ''}> in <${element.name} class="${element.attribs.class}">`);
  return found;
}

export const textOf = (element: SvgElement) => DomUtils.textContent(element);

/** The own <title> of an element (not its descendants'). */
export function titleOf(element: SvgElement): string {
  const title = element.children.find((node): node is SvgElement => DomUtils.isTag(node) && node.name === 'title');
  assert.ok(title, `no <title> on <${element.name} class="${element.attribs.class}">`);
  return textOf(title);
}

export function rectBox(rect: SvgElement): Box {
  const [x, y, width, height] = ['x', 'y', 'width', 'height'].map((name) => Number(rect.attribs[name]));
  return { x, y, width, height };
}

/** The points of a path written as "M x,y L x,y …". */
export function pathPoints(path: SvgElement): Point[] {
  return [...path.attribs.d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
}
