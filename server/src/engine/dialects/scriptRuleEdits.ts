import type { OffsetEdit } from '../checks/types';
import type { OffsetRange } from '../model/types';
import { parsePortItem, type PortInterval } from '../util/portSet';
import { widenPortList } from '../util/widenPortList';
import type { ScriptSyntax } from './scriptEdits';
import type { ScriptList, ScriptRule } from './scriptRule';

/** Edits of one existing command of a Windows firewall script, in place. */

const QUOTES = new Set(["'", '"']);

/** One port item as written: its text with any quotes of its own, and the quote. */
interface WrittenItem {
  readonly range: OffsetRange;
  readonly quote: string;
}

/**
 * The edit that widens a literal port list so it also holds `ports` (widenPortList: touching items
 * grow, the rest is appended), in the list's own separators and quotes; undefined when an item is
 * not written as it means (a variable, an expansion, an escape), when a comment or continuation sits
 * between items, or when nothing is missing.
 */
export function widenScriptPorts(text: string, list: ScriptList, ports: readonly string[], quotedItems: boolean): OffsetEdit | undefined {
  const added = intervalsOf(ports);
  if (!added || list.items.length === 0) return undefined;
  const written: WrittenItem[] = [];
  for (const item of list.items) {
    // "10000,50100" is one string whose splitting is not documented (BEX018): widening it would not make it count.
    if (text.slice(item.range[0], item.range[1]) !== item.value || item.value.includes(',')) return undefined;
    const quote = quotedItems && QUOTES.has(text[item.range[0] - 1]) && text[item.range[1]] === text[item.range[0] - 1] ? text[item.range[1]] : '';
    written.push({ range: [item.range[0] - quote.length, item.range[1] + quote.length], quote });
  }
  const separators = written.slice(1).map((item, i) => text.slice(written[i].range[1], item.range[0]));
  if (separators.some((separator) => !['', ','].includes(separator.trim()) || !/[,\n]/.test(separator))) return undefined;
  const changes = widenPortList(list.items.map((item) => item.value), added);
  if (changes.length === 0) return undefined;
  // Inside PowerShell's @( ) a bare 50100-50149 is a subtraction: a range written there is quoted.
  const expression = quotedItems && /^@?\(/.test(text.slice(list.range[0], list.range[0] + 2));
  const listQuote = written.find((item) => item.quote)?.quote ?? "'";
  const quoted = (quote: string, port: string) => {
    const q = quote || (expression && port.includes('-') ? listQuote : '');
    return `${q}${port}${q}`;
  };
  const absorbed = new Set(changes.flatMap((change) => change.absorbs));
  let newText = '';
  written.forEach((item, i) => {
    if (absorbed.has(i)) return;
    const change = changes.find((c) => c.replaces === i);
    const itemText = change ? quoted(item.quote, change.text) : text.slice(item.range[0], item.range[1]);
    newText += (i > 0 ? separators[i - 1] : '') + itemText;
  });
  const last = written[written.length - 1];
  const separator = separators[0] ?? (last.quote ? ', ' : ',');
  for (const change of changes) if (change.replaces === undefined) newText += `${separator}${quoted(last.quote, change.text)}`;
  return { range: [written[0].range[0], last.range[1]], newText };
}

/**
 * The edits that turn a rule around, so it allows what it allowed with source and destination
 * swapped. A Windows rule's sides are local and remote, and its direction says which is the source
 * (inbound: remote to local; outbound: local to remote, scriptModel.ts); so turning it around flips
 * the direction and moves its ports to the other side, while its addresses stay where they are:
 * the same remote computers, now on the other end of the connection. Undefined when a part it
 * changes is not written in the command itself (a splatted hashtable), its direction is not known
 * before it runs, a port is a keyword that only one side takes (RPC), or the command has a parameter
 * that applies one way only (edge traversal, authentication).
 */
export function reverseScriptRule(text: string, rule: ScriptRule, syntax: ScriptSyntax): OffsetEdit[] | undefined {
  if (rule.kind !== 'add' || rule.uncertain || !syntax.reversible(text.slice(rule.range[0], rule.range[1]))) return undefined;
  const direction = rule.direction?.value ?? 'inbound';
  const other = direction === 'inbound' ? 'outbound' : 'inbound';
  const edits: OffsetEdit[] = [];
  if (rule.direction) {
    const range = rule.direction.range;
    const word = text.slice(range[0], range[1]);
    if (!inside(rule.range, range) || word.toLowerCase() !== syntax.words[direction].toLowerCase()) return undefined;
    edits.push({ range, newText: spelledLike(word, syntax.words[other]) });
  } else {
    edits.push({ range: [rule.range[1], rule.range[1]], newText: ` ${syntax.directionParameter(other)}` });
  }
  for (const [list, side, otherSide] of [
    [rule.localPorts, 'localport', 'remoteport'],
    [rule.remotePorts, 'remoteport', 'localport'],
  ] as const) {
    if (!list) continue;
    const name = syntax.parameterBefore(text, list.range[0]);
    const numeric = list.items.length > 0 && list.items.every((item) => ['interval', 'any'].includes(parsePortItem(item.value).kind));
    if (!name || name.parameter !== side || !inside(rule.range, name.range) || !numeric) return undefined;
    edits.push({ range: name.range, newText: spelledLike(text.slice(name.range[0], name.range[1]), syntax.words[otherSide]) });
  }
  return edits;
}

/** Where the letters ending at `end` start: a parameter's name, read backwards from its `=` or dash. */
export function lettersBefore(text: string, end: number): number {
  let start = end;
  while (start > 0 && /[A-Za-z]/.test(text[start - 1])) start--;
  return start;
}

export function inside(outer: OffsetRange, inner: OffsetRange): boolean {
  return inner[0] >= outer[0] && inner[1] <= outer[1];
}

/** `wanted` (mixed case) in the case `written` uses: `in` → `out`, `IN` → `OUT`, `LocalPort` → `RemotePort`. */
export function spelledLike(written: string, wanted: string): string {
  if (written === written.toLowerCase()) return wanted.toLowerCase();
  if (written === written.toUpperCase()) return wanted.toUpperCase();
  return wanted;
}

function intervalsOf(ports: readonly string[]): PortInterval[] | undefined {
  const intervals: PortInterval[] = [];
  for (const port of ports) {
    const parsed = parsePortItem(port);
    if (parsed.kind !== 'interval') return undefined;
    intervals.push(parsed.interval);
  }
  return intervals;
}
