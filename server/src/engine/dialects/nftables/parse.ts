import type { SyntaxProblem } from '../../model/types';
import { Cursor, word } from './cursor';
import { handleOfComment, lexNftables, type Token } from './lex';
import { readRule } from './statements';
import type { Chain, ChainHook, Define, Include, NamedSet, NftDocument, Rule, SetElement, Table, UnknownItem, ValueKind, Word } from './tree';
import { readElements } from './values';

/**
 * `nft list ruleset` text (also `nft -a` and `nft -f` scripts) into a syntax tree with exact
 * ranges (FORMATS.md 2b: `table <family> <name> { chain <name> { type filter hook input priority
 * filter; policy drop; <rules> } }`). Never throws: what cannot be read is a problem with its
 * range, and reading goes on. Linear in the text: each token is looked at a bounded number of times.
 */

// FORMATS.md 2b: families ip, ip6, inet, arp, bridge, netdev.
const FAMILIES = new Set(['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev']);
const POLICIES = new Set(['accept', 'drop']);
/** Set types whose elements are addresses or ports; others keep their elements as words. */
const ADDRESS_TYPES = new Set(['ipv4_addr', 'ipv6_addr', 'saddr', 'daddr']);
const PORT_TYPES = new Set(['inet_service', 'dport', 'sport']);

export function parseNftables(text: string): NftDocument {
  const problems: SyntaxProblem[] = [];
  const cursor = new Cursor(lexNftables(text, problems), problems);
  const tables: Table[] = [];
  const strayChains: Chain[] = [];
  const includes: Include[] = [];
  const defines: Define[] = [];
  const commands: UnknownItem[] = [];
  for (cursor.skipBlank(); !cursor.atEnd(); cursor.skipBlank()) {
    const t = cursor.peek()!;
    if (t.kind === 'word' && t.text === 'table') tables.push(readTable(cursor));
    else if (t.kind === 'word' && t.text === 'chain') {
      const chain = readChain(cursor);
      problems.push({ message: `Chain \`${chain.name.text}\` is outside any table: nft lists every chain inside \`table <family> <name> { … }\`.`, range: [t.span[0], chain.name.range[1]] });
      strayChains.push(chain);
    } else if (t.kind === 'word' && t.text === 'include' && cursor.peek(1)?.kind === 'string') {
      cursor.next();
      const path = cursor.next()!;
      includes.push({ range: [t.span[0], path.span[1]], path: word(path) });
    } else if (t.kind === 'word' && t.text === 'define' && cursor.peek(1)?.kind === 'word') {
      cursor.next();
      const name = cursor.next()!;
      cursor.takeWord('=');
      const rest = cursor.restOfStatement();
      defines.push({ range: [t.span[0], rest.words.length ? rest.end : name.span[1]], name: word(name), value: rest.words });
    } else if (t.kind === 'close') {
      cursor.next();
      problems.push({ message: 'This `}` closes nothing: a `{` is missing above it, or the text was joined from two listings.', range: t.span });
    } else commands.push(readItem(cursor));
  }
  // In text order, so an editor lists them top to bottom.
  problems.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  return { tables, strayChains, includes, defines, commands, problems };
}

/** An item kept as written, up to the end of its statement. */
function readItem(cursor: Cursor): UnknownItem {
  const start = cursor.peek()!.span[0];
  const rest = cursor.restOfStatement();
  if (rest.words.length === 0) {
    // A lone `{` or similar that restOfStatement cannot take: step over it so reading goes on.
    const t = cursor.next()!;
    return { range: t.span, words: [word(t)] };
  }
  if (rest.unbalanced) cursor.problems.push({ message: 'A `{` here has no closing `}`: the text looks cut short (unbalanced braces).', range: [start, rest.words[0].range[1]] });
  return { range: [start, rest.end], words: rest.words };
}

/** The words between a keyword and its `{` (on the same line), and the `{` if there is one. */
function header(cursor: Cursor): { words: Token[]; open?: Token } {
  const words: Token[] = [];
  for (let t = cursor.peek(); t && (t.kind === 'word' || t.kind === 'string'); t = cursor.peek()) words.push(cursor.next()!);
  return { words, open: cursor.peek()?.kind === 'open' ? cursor.next() : undefined };
}

/** The `# handle N` right after a `{`, on its line (nft -a). */
function handleAfterOpen(cursor: Cursor): number | undefined {
  const t = cursor.peek();
  if (t?.kind !== 'comment') return undefined;
  cursor.next();
  return handleOfComment(t);
}

/** Reads a block body until its `}`; `item` reads one statement and returns false when it did not consume anything. */
function readBody(cursor: Cursor, stopAt: readonly string[], item: (t: Token) => void): { end?: number } {
  for (cursor.skipBlank(); !cursor.atEnd(); cursor.skipBlank()) {
    const t = cursor.peek()!;
    if (t.kind === 'close') {
      cursor.next();
      return { end: t.span[1] };
    }
    // A keyword that cannot be inside this block: its `}` is missing (cut or hand-edited text).
    if (t.kind === 'word' && stopAt.includes(t.text)) return {};
    item(t);
  }
  return {};
}

function unclosed(cursor: Cursor, what: string, range: readonly [number, number]) {
  cursor.problems.push({ message: `${what} has no closing \`}\`: the listing looks cut short (unbalanced braces).`, range });
}

function readTable(cursor: Cursor): Table {
  const keyword = cursor.next()!;
  const head = header(cursor);
  const [first, second] = head.words;
  const family = head.words.length >= 2 ? first : undefined;
  const nameToken = head.words.length >= 2 ? second : first;
  const name = nameToken ? word(nameToken) : { text: '', range: [keyword.span[1], keyword.span[1]] as const };
  if (family && !FAMILIES.has(family.text)) cursor.problems.push({ message: `\`${family.text}\` is not an nftables family: ip, ip6, inet, arp, bridge or netdev.`, range: family.range });
  if (!nameToken) cursor.problems.push({ message: '`table` has no name.', range: keyword.range });
  const chains: Chain[] = [];
  const sets: NamedSet[] = [];
  const unknown: UnknownItem[] = [];
  const headEnd = head.words.length ? head.words[head.words.length - 1].span[1] : keyword.span[1];
  if (!head.open) return { range: [keyword.span[0], headEnd], keyword: word(keyword), family: family && word(family), name, chains, sets, unknown, closed: true };
  const handle = handleAfterOpen(cursor);
  const body = readBody(cursor, ['table'], (t) => {
    if (t.kind === 'word' && t.text === 'chain') chains.push(readChain(cursor));
    else if (t.kind === 'word' && t.text === 'set') sets.push(readSet(cursor));
    else unknown.push(readItem(cursor));
  });
  const label = `\`table ${family ? `${family.text} ` : ''}${name.text}\``;
  if (body.end === undefined) unclosed(cursor, label, [keyword.span[0], headEnd]);
  const end = body.end ?? lastEnd(chains, sets, unknown, head.open.span[1]);
  return { range: [keyword.span[0], end], keyword: word(keyword), family: family && word(family), name, chains, sets, unknown, handle, closed: body.end !== undefined };
}

function lastEnd(...groups: (readonly { range: readonly [number, number] }[] | number)[]): number {
  let end = 0;
  for (const g of groups) {
    if (typeof g === 'number') end = Math.max(end, g);
    else for (const item of g) end = Math.max(end, item.range[1]);
  }
  return end;
}

function readChain(cursor: Cursor): Chain {
  const keyword = cursor.next()!;
  const head = header(cursor);
  // `chain NAME {` in a listing; `chain inet filter NAME {` in scripts: the name is the last word.
  const nameToken = head.words[head.words.length - 1];
  const name = nameToken ? word(nameToken) : { text: '', range: [keyword.span[1], keyword.span[1]] as const };
  if (!nameToken) cursor.problems.push({ message: '`chain` has no name.', range: keyword.range });
  const rules: Rule[] = [];
  const unknown: UnknownItem[] = [];
  let hook: ChainHook | undefined;
  let policy: Word | undefined;
  let comment: Word | undefined;
  const headEnd = nameToken ? nameToken.span[1] : keyword.span[1];
  if (!head.open) return { range: [keyword.span[0], headEnd], keyword: word(keyword), name, rules, unknown, closed: true };
  const handle = handleAfterOpen(cursor);
  const body = readBody(cursor, ['table', 'chain'], (t) => {
    const next = cursor.peek(1);
    if (t.kind === 'word' && t.text === 'type' && !hook) hook = readHook(cursor);
    else if (t.kind === 'word' && t.text === 'policy' && next?.kind === 'word') {
      cursor.next();
      policy = word(cursor.next()!);
      if (!POLICIES.has(policy.text)) cursor.problems.push({ message: `\`${policy.text}\` is not a chain policy: nft writes accept or drop.`, range: policy.range });
    } else if (t.kind === 'word' && t.text === 'comment' && next?.kind === 'string' && isLineEnd(cursor.peek(2))) {
      cursor.next();
      comment = word(cursor.next()!);
    } else if (t.kind === 'word' && t.text === 'devices') unknown.push(readItem(cursor));
    else rules.push(readRule(cursor, cursor.problems));
  });
  if (body.end === undefined) unclosed(cursor, `Chain \`${name.text}\``, [keyword.span[0], headEnd]);
  const end = body.end ?? lastEnd(rules, unknown, hook ? [hook] : [], head.open.span[1]);
  return { range: [keyword.span[0], end], keyword: word(keyword), name, hook, policy, comment, rules, unknown, handle, closed: body.end !== undefined };
}

const isLineEnd = (t: Token | undefined) => !t || t.kind === 'newline' || t.kind === 'semicolon' || t.kind === 'close' || t.kind === 'comment';

/** `type filter hook input [device eth0] priority filter` up to its `;`. */
function readHook(cursor: Cursor): ChainHook | undefined {
  const start = cursor.peek()!.span[0];
  const rest = cursor.restOfStatement();
  const words = rest.words;
  const at = (key: string) => words.findIndex((w) => w.text === key);
  const type = words[1];
  const hook = at('hook') >= 0 ? words[at('hook') + 1] : undefined;
  const device = at('device') >= 0 ? words[at('device') + 1] : undefined;
  const priority = at('priority') >= 0 ? words.slice(at('priority') + 1) : [];
  if (!type || !hook) {
    cursor.problems.push({ message: 'This chain type line has no `hook`: nft writes `type filter hook input priority filter;`.', range: [start, rest.end] });
    return undefined;
  }
  return { range: [start, rest.end], type, hook, device, priority };
}

function readSet(cursor: Cursor): NamedSet {
  const keyword = cursor.next()!;
  const head = header(cursor);
  const nameToken = head.words[head.words.length - 1];
  const name = nameToken ? word(nameToken) : { text: '', range: [keyword.span[1], keyword.span[1]] as const };
  if (!nameToken) cursor.problems.push({ message: '`set` has no name.', range: keyword.range });
  const headEnd = nameToken ? nameToken.span[1] : keyword.span[1];
  let type: Word[] = [];
  let flags: Word[] = [];
  let elements: SetElement[] = [];
  let valueKind: ValueKind = 'other';
  const unknown: UnknownItem[] = [];
  if (!head.open) return { range: [keyword.span[0], headEnd], name, type, flags, elements, valueKind, unknown, closed: true };
  const handle = handleAfterOpen(cursor);
  const body = readBody(cursor, ['table', 'chain', 'set'], (t) => {
    if (t.kind === 'word' && (t.text === 'type' || t.text === 'typeof')) {
      cursor.next();
      type = cursor.restOfStatement().words;
      valueKind = type.some((w) => ADDRESS_TYPES.has(w.text)) ? 'address' : type.some((w) => PORT_TYPES.has(w.text)) ? 'port' : 'other';
    } else if (t.kind === 'word' && t.text === 'flags') {
      cursor.next();
      flags = cursor.restOfStatement().words;
    } else if (t.kind === 'word' && t.text === 'elements' && cursor.peek(1)?.text === '=' && cursor.peek(2)?.kind === 'open') {
      cursor.next();
      cursor.next();
      const open = cursor.next()!;
      const read = readElements(cursor, valueKind, cursor.problems);
      if (!read.closed) unclosed(cursor, `The elements of set \`${name.text}\``, open.span);
      elements = read.elements;
    } else unknown.push(readItem(cursor));
  });
  if (body.end === undefined) unclosed(cursor, `Set \`${name.text}\``, [keyword.span[0], headEnd]);
  const end = body.end ?? lastEnd(unknown, elements.map((e) => e.value), head.open.span[1]);
  return { range: [keyword.span[0], end], name, type, flags, elements, valueKind, unknown, handle, closed: body.end !== undefined };
}
