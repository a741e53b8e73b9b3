import type { SyntaxProblem } from '../../model/types';
import { Cursor, word } from './cursor';
import type { Token } from './lex';
import type { Atom, SetElement, Value, ValueKind, Word } from './tree';

/**
 * Values of matches and set elements (FORMATS.md 2b): single values, `a-b` ranges, prefixes,
 * comma lists, anonymous sets `{ a, b }` and named sets `@name`. Checks are character loops
 * (no backtracking regular expressions), so hostile text costs one pass.
 */

const isDigits = (s: string) => s.length > 0 && s.length <= 10 && [...s].every((c) => c >= '0' && c <= '9');
const isHex = (c: string) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => isDigits(p) && p.length <= 3 && Number(p) <= 255);
}

export function isIPv6(s: string): boolean {
  if (s.length < 2 || s.length > 45 || !s.includes(':')) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  // An embedded IPv4 tail (::ffff:10.0.0.1) counts as two groups.
  const last = groups[groups.length - 1];
  const tailV4 = last !== undefined && last.includes('.');
  if (tailV4 && !isIPv4(last)) return false;
  const hexGroups = tailV4 ? groups.slice(0, -1) : groups;
  if (!hexGroups.every((g) => g.length >= 1 && g.length <= 4 && [...g].every(isHex))) return false;
  const count = hexGroups.length + (tailV4 ? 2 : 0);
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** Looks like an address someone meant to write (digits and dots, or a colon), so failing to read it is a problem, not a host name. */
const looksNumericAddress = (s: string) => s.includes(':') || (s.length > 0 && [...s].every((c) => (c >= '0' && c <= '9') || c === '.'));

function sub(token: Token, from: number, to: number): Word {
  return { text: token.text.slice(from, to), range: [token.range[0] + from, token.range[0] + to] };
}

export function classifyAtom(token: Token, kind: ValueKind, problems: SyntaxProblem[]): Atom {
  const text = token.text;
  const range = token.range;
  // nft 1.0.6 `-S` prints port names quoted (`tcp dport "ssh"`, seen on this machine, NOTES.md): still a service name.
  if (token.kind === 'string') return kind === 'port' ? { kind: 'serviceName', text, range } : { kind: 'string', text, range };
  if (text.startsWith('$') && text.length > 1) return { kind: 'variable', text, range };
  const malformed = (message: string): Atom => {
    problems.push({ message, range });
    return { kind: 'malformed', text, range };
  };
  if (kind === 'port') {
    if (isDigits(text)) {
      const port = Number(text);
      return port <= 65535 ? { kind: 'port', text, range, port } : malformed(`Port ${text} is out of range: ports go from 0 to 65535.`);
    }
    const dash = text.indexOf('-');
    const low = text.slice(0, dash);
    const high = text.slice(dash + 1);
    if (dash >= 0 && (isDigits(low) || isDigits(high) || low === '' || high === '')) {
      // FORMATS.md 2b: port ranges are written `80-88`. Names may contain `-` (netbios-ns), so only digits on a side make it a range.
      if (!isDigits(low) || !isDigits(high)) return malformed(`The port range \`${text}\` is malformed: write it as low-high, for example 10000-10010.`);
      const lo = Number(low);
      const hi = Number(high);
      if (lo > 65535 || hi > 65535) return malformed(`The port range \`${text}\` is out of range: ports go from 0 to 65535.`);
      if (lo > hi) return malformed(`The port range \`${text}\` is malformed: its low end is above its high end.`);
      return { kind: 'portRange', text, range, low: lo, high: hi };
    }
    // FORMATS.md 2b: nft may print ports by /etc/services name (`ndmp` for 10000); kept as written.
    return { kind: 'serviceName', text, range };
  }
  if (kind === 'address') {
    const slash = text.indexOf('/');
    if (slash >= 0) {
      const address = text.slice(0, slash);
      const bits = text.slice(slash + 1);
      const version = isIPv4(address) ? 4 : isIPv6(address) ? 6 : undefined;
      if (!version) return malformed(`\`${address}\` before the prefix length is not an IPv4 or IPv6 address.`);
      const max = version === 4 ? 32 : 128;
      if (!isDigits(bits) || Number(bits) > max) return malformed(`The prefix length \`/${bits}\` is not a number from 0 to ${max}.`);
      return { kind: 'prefix', text, range, version, address: sub(token, 0, slash), length: Number(bits) };
    }
    const dash = text.indexOf('-');
    if (dash >= 0 && looksNumericAddress(text.replace('-', ''))) {
      const low = text.slice(0, dash);
      const high = text.slice(dash + 1);
      const version = isIPv4(low) && isIPv4(high) ? 4 : isIPv6(low) && isIPv6(high) ? 6 : undefined;
      if (!version) return malformed(`The address range \`${text}\` is malformed: write it as two addresses of one family, low-high.`);
      return { kind: 'addressRange', text, range, version, low: sub(token, 0, dash), high: sub(token, dash + 1, text.length) };
    }
    if (isIPv4(text)) return { kind: 'address', text, range, version: 4 };
    if (isIPv6(text)) return { kind: 'address', text, range, version: 6 };
    if (looksNumericAddress(text)) return malformed(`\`${text}\` is not an IPv4 or IPv6 address.`);
  }
  return { kind: 'word', text, range };
}

/** Elements up to the `}` of an anonymous set or `elements = { … }`; newlines inside are spaces. The cursor is after `{`. */
export function readElements(cursor: Cursor, kind: ValueKind, problems: SyntaxProblem[]): { elements: SetElement[]; end: number; closed: boolean } {
  const elements: SetElement[] = [];
  let current: { value: Atom; extra: Word[] } | undefined;
  let end = cursor.peek()?.range[0] ?? 0;
  for (let t = cursor.peek(); t; t = cursor.peek()) {
    if (t.kind === 'close') {
      cursor.next();
      return { elements, end: t.span[1], closed: true };
    }
    // A `table` or `chain` here means the set's `}` is missing (cut output): leave them to the block parser.
    if (t.kind === 'word' && (t.text === 'table' || t.text === 'chain') && !current) break;
    cursor.next();
    if (t.kind !== 'newline' && t.kind !== 'comment') end = t.span[1];
    if (t.kind === 'comma') current = undefined;
    else if (t.kind === 'word' || t.kind === 'string') {
      if (current) current.extra.push(word(t));
      else {
        current = { value: classifyAtom(t, kind, problems), extra: [] };
        elements.push(current);
      }
    } else if (t.kind === 'open') {
      // A nested brace (concatenations, maps): kept as extra words of the element.
      const inner = cursor.restOfStatement();
      end = inner.end;
    }
  }
  return { elements, end, closed: false };
}

/** A match's value at the cursor: `@name`, `{ … }`, or one value or a comma list. Undefined when none is written. */
export function readValue(cursor: Cursor, kind: ValueKind, problems: SyntaxProblem[]): Value | undefined {
  const first = cursor.peek();
  if (!first) return undefined;
  if (first.kind === 'open') {
    cursor.next();
    const read = readElements(cursor, kind, problems);
    if (!read.closed) problems.push({ message: 'This set has no closing `}`: the text looks cut short.', range: first.span });
    return { kind: 'set', range: [first.span[0], read.end], elements: read.elements };
  }
  if (first.kind === 'word' && first.text.startsWith('@') && first.text.length > 1) {
    cursor.next();
    return { kind: 'setReference', name: sub(first, 1, first.text.length), range: first.range };
  }
  if (first.kind !== 'word' && first.kind !== 'string') return undefined;
  const items: Atom[] = [classifyAtom(cursor.next()!, kind, problems)];
  let end = first.span[1];
  // `ct state established,related`: a comma joins values without spaces.
  while (cursor.peek()?.kind === 'comma' && (cursor.peek(1)?.kind === 'word' || cursor.peek(1)?.kind === 'string')) {
    cursor.next();
    const item = cursor.next()!;
    items.push(classifyAtom(item, kind, problems));
    end = item.span[1];
  }
  return { kind: 'list', range: [first.span[0], end], items };
}
