import type { OffsetRange, SyntaxProblem } from '../../model/types';
import { entryOf, markedRange, parseJson, type JsonNode, type JsonObject } from '../../parse/jsonTree';
import type { Token } from './lex';
import type { Atom, Chain, NamedSet, NftDocument, Rule, Statement, Table, Value, ValueKind, VerdictName, Word } from './tree';
import { classifyAtom } from './values';

/**
 * `nft -j list ruleset` (libnftables-json(5), FORMATS.md 2b): `{"nftables": [ {"table": …}, {"chain": …},
 * {"rule": {…, "expr": [ {"match": {"op", "left", "right"}}, {"accept": null} ]}}, {"set": …} ]}` read
 * into the same tree as the text, every node placed on the JSON value it comes from, so the chains
 * are read by the same code. Shapes as nft 1.0.6 printed them here (NOTES.md).
 */

export function isNftJson(text: string): boolean {
  return /^\s*\{\s*"nftables"\s*:/.test(text.slice(0, 256));
}

const VERDICTS = new Set<string>(['accept', 'drop', 'reject', 'jump', 'goto', 'return', 'continue', 'queue']);
/** libnftables-json(5) match operators that mean equality or membership. */
const EQUAL = new Set(['==', 'in']);

interface MutableTable extends Omit<Table, 'chains' | 'sets'> {
  chains: Chain[];
  sets: NamedSet[];
}

export function parseNftJson(text: string): NftDocument {
  const problems: SyntaxProblem[] = [];
  const doc = { tables: [] as MutableTable[], strayChains: [], includes: [], defines: [], commands: [], problems };
  const parsed = parseJson(text);
  if (!parsed.root) {
    problems.push({ message: parsed.problem.message, range: parsed.problem.range });
    return doc;
  }
  const list = parsed.root.kind === 'object' ? entryOf(parsed.root, 'nftables')?.value : undefined;
  if (list?.kind !== 'array') {
    problems.push({ message: 'An nft -j listing is an object whose "nftables" property holds an array (libnftables-json(5)).', range: markedRange(parsed.root) });
    return doc;
  }
  const reader = new JsonReader(problems);
  for (const item of list.items) {
    const entry = item.kind === 'object' && item.entries.length === 1 ? item.entries[0] : undefined;
    if (entry?.value.kind === 'object') reader.item(entry.key, entry.value, item.range);
  }
  doc.tables.push(...reader.tables.values());
  return doc;
}

const stringOf = (node: JsonNode | undefined) => (node?.kind === 'string' ? node.value : undefined);

/** A JSON string's text, placed inside its quotes; a number or other scalar as written. */
function wordOf(node: JsonNode): Word {
  if (node.kind === 'string') return { text: node.value, range: [node.range[0] + 1, node.range[1] - 1] };
  return { text: node.kind === 'number' || node.kind === 'boolean' ? String(node.value) : '', range: node.range };
}

class JsonReader {
  readonly tables = new Map<string, MutableTable>();
  private readonly chains = new Map<string, Chain & { rules: Rule[] }>();

  constructor(private readonly problems: SyntaxProblem[]) {}

  item(kind: string, value: JsonObject, range: OffsetRange): void {
    const field = (key: string) => entryOf(value, key)?.value;
    const family = field('family');
    const tableName = kind === 'table' ? field('name') : field('table');
    if (!family || !tableName || (kind !== 'table' && !field('name') && kind !== 'rule')) return;
    const table = this.table(wordOf(family), wordOf(tableName), range);
    if (kind === 'chain') this.chain(table, value, range);
    else if (kind === 'set') table.sets.push(this.set(value, range));
    else if (kind === 'rule') this.rule(table, value, range);
  }

  private table(family: Word, name: Word, range: OffsetRange): MutableTable {
    const key = `${family.text} ${name.text}`;
    let table = this.tables.get(key);
    if (!table) this.tables.set(key, (table = { range, keyword: { text: 'table', range }, family, name, chains: [], sets: [], unknown: [], closed: true }));
    return table;
  }

  private chain(table: MutableTable, value: JsonObject, range: OffsetRange): void {
    const field = (key: string) => entryOf(value, key)?.value;
    const [type, hook, prio, policy] = ['type', 'hook', 'prio', 'policy'].map(field);
    const chain = {
      range,
      keyword: { text: 'chain', range },
      name: wordOf(field('name')!),
      hook: type && hook ? { range: value.range, type: wordOf(type), hook: wordOf(hook), priority: prio ? [wordOf(prio)] : [] } : undefined,
      policy: policy && wordOf(policy),
      rules: [] as Rule[],
      unknown: [],
      closed: true,
    };
    table.chains.push(chain);
    this.chains.set(`${table.family!.text} ${table.name.text} ${chain.name.text}`, chain);
  }

  private set(value: JsonObject, range: OffsetRange): NamedSet {
    const field = (key: string) => entryOf(value, key)?.value;
    const type = field('type');
    const flags = field('flags');
    const kind: ValueKind = stringOf(type)?.endsWith('_addr') ? 'address' : stringOf(type) === 'inet_service' ? 'port' : 'other';
    const elements = field('elem');
    return {
      range,
      name: wordOf(field('name')!),
      type: type ? [wordOf(type)] : [],
      flags: flags?.kind === 'array' ? flags.items.map(wordOf) : [],
      elements: elements?.kind === 'array' ? elements.items.map((item) => this.element(item, kind)) : [],
      valueKind: kind,
      unknown: [],
      closed: true,
    };
  }

  private rule(table: MutableTable, value: JsonObject, range: OffsetRange): void {
    const chainName = stringOf(entryOf(value, 'chain')?.value);
    const chain = this.chains.get(`${table.family!.text} ${table.name.text} ${chainName}`);
    if (!chain) {
      this.problems.push({ message: `This rule names chain "${chainName ?? ''}", which the listing does not define in table ${table.family!.text} ${table.name.text}.`, range });
      return;
    }
    const expr = entryOf(value, 'expr')?.value;
    const statements = expr?.kind === 'array' ? expr.items.map((item) => this.statement(item)) : [];
    const comment = entryOf(value, 'comment');
    if (comment?.value.kind === 'string') statements.push({ kind: 'comment', range: [comment.keyRange[0] - 1, comment.value.range[1]], text: wordOf(comment.value) });
    const handle = entryOf(value, 'handle')?.value;
    chain.rules.push({ range, statements, handle: handle?.kind === 'number' ? Number(handle.value) : undefined });
  }

  private statement(node: JsonNode): Statement {
    const entry = node.kind === 'object' && node.entries.length === 1 ? node.entries[0] : undefined;
    const unknown: Statement = { kind: 'unknown', range: node.range, words: entry ? [{ text: entry.key, range: entry.keyRange }] : [] };
    if (!entry) return unknown;
    const keyword: Word = { text: entry.key, range: entry.keyRange };
    if (entry.key === 'match' && entry.value.kind === 'object') return this.match(entry.value, node.range) ?? unknown;
    if (entry.key === 'counter') return { kind: 'counter', range: node.range };
    if (entry.key === 'log') return { kind: 'log', range: node.range, options: [] };
    if (!VERDICTS.has(entry.key)) return unknown;
    const target = entry.value.kind === 'object' ? entryOf(entry.value, 'target')?.value : undefined;
    if ((entry.key === 'jump' || entry.key === 'goto') && !target) return unknown;
    return { kind: 'verdict', range: node.range, verdict: entry.key as VerdictName, keyword, target: target && wordOf(target) };
  }

  /** `{"op", "left": {"payload"|"meta"|"ct": …}, "right": …}` as the text's `selector [operator] value`. */
  private match(match: JsonObject, range: OffsetRange): Statement | undefined {
    const left = entryOf(match, 'left')?.value;
    const right = entryOf(match, 'right')?.value;
    const op = entryOf(match, 'op')?.value;
    const source = left?.kind === 'object' && left.entries.length === 1 ? left.entries[0] : undefined;
    const inner = source?.value.kind === 'object' ? source.value : undefined;
    if (!source || !inner || !right || op?.kind !== 'string') return undefined;
    const selector =
      source.key === 'payload' ? [entryOf(inner, 'protocol')?.value, entryOf(inner, 'field')?.value] : source.key === 'meta' || source.key === 'ct' ? [undefined, entryOf(inner, 'key')?.value] : [];
    if (selector.length === 0 || !selector[1]) return undefined;
    const words: Word[] = selector.map((node, i) => (node ? wordOf(node) : { text: i === 0 ? source.key : '', range: source.keyRange }));
    const field = words[1].text;
    const valueKind: ValueKind = field === 'saddr' || field === 'daddr' ? 'address' : field === 'dport' || field === 'sport' ? 'port' : 'other';
    const value = this.value(right, valueKind);
    if (!value) return undefined;
    const operator = EQUAL.has(op.value) ? undefined : wordOf(op);
    return { kind: 'match', range, selector: words, operator, negated: op.value === '!=', valueKind, value };
  }

  private value(node: JsonNode, kind: ValueKind): Value | undefined {
    if (node.kind === 'string' && node.value.startsWith('@')) return { kind: 'setReference', name: { text: node.value.slice(1), range: [node.range[0] + 2, node.range[1] - 1] }, range: wordOf(node).range };
    const set = node.kind === 'object' ? entryOf(node, 'set')?.value : undefined;
    if (set?.kind === 'array') return { kind: 'set', range: node.range, elements: set.items.map((item) => this.element(item, kind)) };
    const items = node.kind === 'array' ? node.items : [node];
    const atoms = items.map((item) => this.atom(item, kind));
    return atoms.every((atom): atom is Atom => atom !== undefined) ? { kind: 'list', range: node.range, items: atoms } : undefined;
  }

  /** A set element; a form the text has no atom for (a concatenation) keeps its key as an extra word, which makes it host-only. */
  private element(node: JsonNode, kind: ValueKind) {
    const atom = this.atom(node, kind);
    return atom ? { value: atom, extra: [] } : { value: { kind: 'word' as const, text: '', range: node.range }, extra: [wordOf(node)] };
  }

  /** A value as the text prints it: `10.0.0.0/8` for a prefix object, `a-b` for a range. */
  private atom(node: JsonNode, kind: ValueKind): Atom | undefined {
    if (node.kind === 'string' || node.kind === 'number') return this.classify(wordOf(node), kind);
    const entry = node.kind === 'object' && node.entries.length === 1 ? node.entries[0] : undefined;
    const value = entry?.value;
    if (entry?.key === 'prefix' && value?.kind === 'object') {
      const [addr, len] = [stringOf(entryOf(value, 'addr')?.value), entryOf(value, 'len')?.value];
      return addr !== undefined && len?.kind === 'number' ? this.classify({ text: `${addr}/${String(len.value)}`, range: node.range }, kind) : undefined;
    }
    if (entry?.key === 'range' && value?.kind === 'array' && value.items.length === 2) {
      const [low, high] = value.items.map(wordOf);
      return this.classify({ text: `${low.text}-${high.text}`, range: node.range }, kind);
    }
    return undefined;
  }

  private classify(word: Word, kind: ValueKind): Atom {
    const token: Token = { kind: 'word', text: word.text, range: word.range, span: word.range };
    return classifyAtom(token, kind, this.problems);
  }
}
