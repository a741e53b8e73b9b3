/**
 * Writing XML (the map's SVG) from names that come from users' files: every
 * text and attribute value goes through `xmlText`, which also drops what XML
 * cannot hold at all (control characters, lone surrogates) so that one odd
 * byte in a host's name never makes the whole drawing unreadable.
 */

// Characters XML 1.0 does not allow, even escaped: C0 controls but tab and line ends, lone surrogates, U+FFFE and U+FFFF.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as element content or a double- or single-quoted attribute value may hold it. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

export type Attributes = Readonly<Record<string, string | number | undefined>>;

/** An element; attributes in the order given, those `undefined` left out; `content` is markup, already escaped. */
export function element(name: string, attributes: Attributes, content?: string): string {
  const written = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${typeof value === 'number' ? coordinate(value) : xmlText(value)}"`)
    .join('');
  return content === undefined ? `<${name}${written}/>` : `<${name}${written}>${content}</${name}>`;
}

/** A number to one decimal, without a trailing ".0": stable across runs and short (0 if it is not a number at all). */
export function coordinate(value: number): string {
  if (!Number.isFinite(value)) return '0';
  const rounded = Math.round(value * 10) / 10;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** A class attribute's token from a user's value (a role id): letters, digits and dashes only. */
export function classToken(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}
