import { SaxesParser } from 'saxes';
import type { OffsetRange, SyntaxProblem } from '../../model/types';
import { excerpt } from '../../util/excerpt';

/**
 * An XML file as elements with exact ranges, read with saxes (which reports where each tag ends as an
 * index into the string, CR included). Attribute ranges come from reading the start tag's own text:
 * saxes gives values (entities decoded) but not where they are written.
 */

export interface XmlAttribute {
  readonly name: string;
  /** Entities decoded, as the XML parser reads it. */
  readonly value: string;
  readonly nameRange: OffsetRange;
  /** Inside the quotes. */
  readonly valueRange: OffsetRange;
}

export interface XmlElement {
  readonly name: string;
  readonly nameRange: OffsetRange;
  /** From `<` to the end of its end tag (of its start tag when self-closing or never closed). */
  range: OffsetRange;
  /** Just after the start tag's `>`. */
  readonly startTagEnd: number;
  readonly selfClosing: boolean;
  /** Where `</name>` starts, for an element closed by its own end tag. */
  closeTagStart?: number;
  /** False for an element the file ends inside, or that another element's end tag closed. */
  closed: boolean;
  readonly attributes: readonly XmlAttribute[];
  readonly children: XmlElement[];
}

export interface XmlDocument {
  readonly root?: XmlElement;
  /** Not well-formed XML, at its place. */
  readonly problems: SyntaxProblem[];
}

/** What befw says of any XML error: firewalld loads no part of such a file (firewall-offline-cmd 1.3.3: "INVALID_ZONE: not a valid zone file", NOTES.md). */
const REFUSED = 'firewalld refuses a zone file that is not well-formed XML and falls back to its stock configuration';

/** Errors the end of the file explains better than saxes: said once, by truncation(). */
const AT_END = /^(unclosed tag|unexpected end)/;

export function readXml(text: string): XmlDocument {
  const parser = new SaxesParser<{ position: true; xmlns: false }>({ position: true, xmlns: false });
  const problems: SyntaxProblem[] = [];
  const open: XmlElement[] = [];
  let root: XmlElement | undefined;
  let cutInsideMarkup = false;
  parser.on('opentag', (tag) => {
    const end = parser.position;
    const start = text.lastIndexOf('<', end - 1);
    const nameStart = start + 1;
    const element: XmlElement = {
      name: tag.name,
      nameRange: [nameStart, nameStart + tag.name.length],
      range: [start, end],
      startTagEnd: end,
      selfClosing: tag.isSelfClosing,
      closed: tag.isSelfClosing,
      attributes: attributesOf(text, nameStart + tag.name.length, end, tag.attributes, problems),
      children: [],
    };
    const parent = open[open.length - 1];
    if (parent) parent.children.push(element);
    else root ??= element;
    if (!tag.isSelfClosing) open.push(element);
  });
  parser.on('closetag', (tag) => {
    if (tag.isSelfClosing) return;
    const element = open.pop();
    if (!element) return;
    const end = parser.position;
    const closeStart = text.lastIndexOf('</', end - 1);
    // saxes closes an element whose end tag is missing when its parent's comes: it stays unclosed here.
    if (closeStart >= 0 && text.startsWith(element.name, closeStart + 2) && /[\s>]/.test(text.charAt(closeStart + 2 + element.name.length))) {
      element.closed = true;
      element.closeTagStart = closeStart;
      element.range = [element.range[0], end];
    }
  });
  parser.on('error', (error) => {
    const message = error.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '');
    if (AT_END.test(message)) {
      cutInsideMarkup ||= message.startsWith('unexpected end');
      return;
    }
    if (message.startsWith('duplicate attribute')) return; // said by attributesOf, at the second name
    // Said by the text outside the root, when there is some; else once the file is read (no root at all).
    if (message.startsWith('document must contain a root element')) return;
    problems.push(xmlProblem(text, message, parser.position));
  });
  try {
    parser.write(text).close();
  } catch (error) {
    // saxes reports through the error handler; anything thrown past it is still a problem, not a crash.
    problems.push({ message: `the XML could not be read: ${excerpt(String(error))}; ${REFUSED}`, range: [0, Math.min(text.length, 1)] });
  }
  const cut = truncation(text, open, cutInsideMarkup);
  if (cut) problems.push(cut);
  if (!root && problems.length === 0 && text.trim() !== '') problems.push({ message: `the file has no element: ${REFUSED}`, range: [0, text.length] });
  return { root, problems };
}

/** One problem for a file that ends early: inside a tag or comment, or before the end tags of open elements. */
function truncation(text: string, open: readonly XmlElement[], cutInsideMarkup: boolean): SyntaxProblem | undefined {
  const closers = [...open].reverse().map((element) => `</${element.name}>`).join('');
  const missing = closers ? `; ${closers} never comes` : '';
  if (cutInsideMarkup && text.includes('<')) {
    const start = Math.max(text.lastIndexOf('<'), open.length > 0 ? open[open.length - 1].startTagEnd : 0);
    const end = text.trimEnd().length;
    const at: OffsetRange = start < end ? [start, end] : [Math.max(0, end - 1), end];
    return { message: `the file ends inside "${excerpt(text.slice(at[0], at[1]), 40)}"${missing}: it looks cut off, and what followed is missing; ${REFUSED}`, range: at };
  }
  const innermost = open[open.length - 1];
  if (!innermost) return undefined;
  return { message: `the file ends before ${closers}: <${innermost.name}> is never closed (a truncated copy?); ${REFUSED}`, range: innermost.nameRange };
}

/** A saxes error at `position`: the range is the tag or entity being read there. */
function xmlProblem(text: string, message: string, position: number): SyntaxProblem {
  const at = Math.min(position, text.length);
  if (message.startsWith('undefined entity')) {
    const start = text.lastIndexOf('&', at - 1);
    const entity = text.slice(start, at);
    return { message: `undefined entity "${excerpt(entity)}": befw reads only &lt; &gt; &amp; &quot; &apos; and character references (&#10000;); write the value itself`, range: [start, at] };
  }
  if (message.startsWith('text data outside of root node')) {
    const start = text.lastIndexOf('>', at - 1) + 1;
    const next = text.indexOf('<', start);
    const segment = text.slice(start, next === -1 ? text.length : next);
    const lead = segment.length - segment.trimStart().length;
    // saxes may point past a blank stretch (text it reported earlier): then the character at the position.
    const range: OffsetRange = segment.trim() !== '' ? [start + lead, start + segment.trimEnd().length] : [Math.max(0, at - 1), Math.min(text.length, Math.max(at, 1))];
    return { message: `text outside the <zone> element: "${excerpt(text.slice(range[0], range[1]), 40)}"; ${REFUSED}`, range };
  }
  const tagStart = text.lastIndexOf('<', Math.max(0, at - 1));
  const range: OffsetRange = tagStart >= 0 && at - tagStart <= 200 && tagStart < at ? [tagStart, at] : [Math.max(0, at - 1), Math.max(at, Math.min(1, text.length))];
  return { message: `not well-formed XML: ${excerpt(message)}; ${REFUSED}`, range };
}

/** The attributes of a start tag, read from its text between the name and `>` for their ranges (one pass, no regex: tags may be huge); values as saxes decoded them. */
function attributesOf(text: string, from: number, to: number, decoded: Record<string, string>, problems: SyntaxProblem[]): XmlAttribute[] {
  const attributes: XmlAttribute[] = [];
  const skipBlanks = (i: number) => {
    while (i < to && BLANKS.includes(text.charAt(i))) i++;
    return i;
  };
  let i = from;
  while (i < to) {
    const nameStart = skipBlanks(i);
    i = nameStart;
    while (i < to && !NAME_ENDS.includes(text.charAt(i))) i++;
    if (i === nameStart) {
      i++;
      continue;
    }
    const name = text.slice(nameStart, i);
    i = skipBlanks(i);
    // A name without "=": saxes reports it.
    if (text.charAt(i) !== '=') continue;
    i = skipBlanks(i + 1);
    const quote = text.charAt(i);
    const quoted = quote === '"' || quote === "'";
    const valueStart = quoted ? i + 1 : i;
    i = valueStart;
    while (i < to && (quoted ? text.charAt(i) !== quote : !NAME_ENDS.includes(text.charAt(i)) || text.charAt(i) === '=')) i++;
    const attribute = { name, value: decoded[name] ?? text.slice(valueStart, i), nameRange: [nameStart, nameStart + name.length] as const, valueRange: [valueStart, i] as const };
    if (quoted) i++;
    if (attributes.some((seen) => seen.name === name)) problems.push({ message: `attribute ${excerpt(name)} is written twice in this tag; ${REFUSED}`, range: attribute.nameRange });
    else attributes.push(attribute);
  }
  return attributes;
}

const BLANKS = ' \t\r\n';
/** What ends an attribute name (and an unquoted value, "=" aside). */
const NAME_ENDS = ' \t\r\n=/>';
