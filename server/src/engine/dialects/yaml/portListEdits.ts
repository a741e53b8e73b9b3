import type { OffsetEdit } from '../../checks/types';
import { portIntervals, writtenInRule } from '../../fixes/ruleEdits';
import type { ListSyntax, RuleFileModel, RuleModel } from '../../model/types';
import { widenPortList, type WidenedItem } from '../../util/widenPortList';
import { aliasedItems, endOfValueLine, portScalar } from './edits';
import { sharedByAlias } from './sharedByAlias';

/**
 * Widens a rule's own port list so it also holds `ports`, as an admin edits
 * it: `[50100-50120]` becomes `[50100-50149]`, items that come to touch merge
 * into the first of them, and only ports next to nothing listed are
 * appended. Comments stay: a merged item's trailing comment keeps its line.
 * Undefined when the list is not the rule's own (merged from an anchor), or
 * is another's too (an alias repeats it).
 */
export function widenPortsEdits(ruleFile: RuleFileModel, rule: RuleModel, ports: readonly string[]): OffsetEdit[] | undefined {
  const list = rule.syntax.ports;
  if (!list || !writtenInRule(rule, list.range)) return undefined;
  const { text } = ruleFile;
  const abs = (offset: number) => offset + rule.base;
  if (sharedByAlias(text, [abs(list.range[0]), abs(list.range[1])])) return undefined;
  const changes = widenPortList(
    list.items.map((item) => String(item.value)),
    portIntervals(ports),
  );
  if (changes.length === 0) return undefined;
  const whole = [abs(list.range[0]), abs(list.range[1])] as const;
  if (list.style === 'alias') return [{ range: whole, newText: `[${widened(aliasedItems(list), changes).join(', ')}]` }];
  const written = list.items.map((item) => text.slice(abs(item.range[0]), abs(item.range[1])));
  if (list.style === 'scalar' || list.items.length === 0) {
    const items = widened(written, changes);
    return [{ range: whole, newText: items.length === 1 ? items[0] : `[${items.join(', ')}]` }];
  }
  const parts = list.style === 'flow' ? flowParts(text, rule, list, changes) : blockParts(text, rule, list, changes, ruleFile.layout.eol);
  const edit = parts && joined(text, parts);
  return edit && [edit];
}

/** The written items after the changes: rewritten in place (in the item's own quotes), absorbed ones dropped, new ones at the end. */
function widened(written: readonly string[], changes: readonly WidenedItem[]): string[] {
  const absorbed = new Set(changes.flatMap((c) => c.absorbs));
  const items = written.flatMap((item, index) => {
    const change = changes.find((c) => c.replaces === index);
    return absorbed.has(index) ? [] : [change ? quotedLike(item, change.text) : item];
  });
  return [...items, ...changes.filter((c) => c.replaces === undefined).map((c) => portScalar(c.text))];
}

/** `text` in the quotes `written` uses, or as a plain port when it has none. */
function quotedLike(written: string, text: string): string {
  if (written.startsWith('"')) return JSON.stringify(text);
  if (written.startsWith("'")) return `'${text}'`;
  return portScalar(text);
}

/** The rewritten items' edits, shared by both list styles. */
function rewrites(text: string, rule: RuleModel, list: ListSyntax, changes: readonly WidenedItem[]): OffsetEdit[] {
  return changes.flatMap((change) => {
    if (change.replaces === undefined) return [];
    const [start, end] = list.items[change.replaces].range.map((offset) => offset + rule.base);
    return [{ range: [start, end] as const, newText: quotedLike(text.slice(start, end), change.text) }];
  });
}

/** `[a, b, c]`: an absorbed item goes with the comma before it (the comma alone when a comment sits between, which stays); new items follow the last. */
function flowParts(text: string, rule: RuleModel, list: ListSyntax, changes: readonly WidenedItem[]): OffsetEdit[] | undefined {
  const range = (index: number) => list.items[index].range.map((offset) => offset + rule.base);
  const removals: OffsetEdit[] = [];
  for (const index of changes.flatMap((c) => c.absorbs)) {
    const [start, end] = range(index);
    const previousEnd = range(index - 1)[1];
    const comma = separatorComma(text, previousEnd, start);
    if (comma === -1) return undefined;
    if (!text.slice(previousEnd, start).includes('#')) removals.push({ range: [previousEnd, end], newText: '' });
    else removals.push({ range: [comma, comma + 1], newText: '' }, { range: [start, end], newText: '' });
  }
  const lastEnd = range(list.items.length - 1)[1];
  const appended = changes.filter((c) => c.replaces === undefined).map((c) => `, ${portScalar(c.text)}`);
  return [...rewrites(text, rule, list, changes), ...removals, ...(appended.length > 0 ? [{ range: [lastEnd, lastEnd] as const, newText: appended.join('') }] : [])];
}

/** The comma between two items of a flow list, not one in a comment. */
function separatorComma(text: string, from: number, to: number): number {
  let inComment = false;
  for (let at = from; at < to; at++) {
    if (text[at] === '\n') inComment = false;
    else if (text[at] === '#') inComment = true;
    else if (text[at] === ',' && !inComment) return at;
  }
  return -1;
}

/** The end of the line `offset` is on, before its line break. */
function lineEndAt(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  if (newline === -1) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}

/**
 * One `- item` a line: an absorbed item's line goes, but for its comment,
 * which stays on that line at the dash's place; new items follow the last
 * item's line, written like it. Undefined for a line holding more than the item.
 */
function blockParts(text: string, rule: RuleModel, list: ListSyntax, changes: readonly WidenedItem[], eol: string): OffsetEdit[] | undefined {
  const removals: OffsetEdit[] = [];
  for (const index of changes.flatMap((c) => c.absorbs)) {
    const [start, end] = list.items[index].range.map((offset) => offset + rule.base);
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const lineEnd = lineEndAt(text, end);
    const dash = /^[ \t]*-[ \t]+$/.exec(text.slice(lineStart, start));
    const rest = /^[ \t]*(#.*)?$/.exec(text.slice(end, lineEnd));
    if (!dash || !rest) return undefined;
    const dashAt = lineStart + dash[0].indexOf('-');
    if (rest[1]) removals.push({ range: [dashAt, lineEnd - rest[1].length], newText: '' });
    // The line break before the line goes with it, so that new items can follow the last line whatever it holds.
    else removals.push({ range: [lineStart - (text[lineStart - 2] === '\r' ? 2 : 1), lineEnd], newText: '' });
  }
  const last = list.items[list.items.length - 1].range.map((offset) => offset + rule.base);
  const lineStart = text.lastIndexOf('\n', last[0] - 1) + 1;
  const prefix = text.slice(lineStart, last[0]);
  const at = endOfValueLine(text, last[1]);
  const appended = changes.filter((c) => c.replaces === undefined).map((c) => `${eol}${prefix}${portScalar(c.text)}`);
  return [...rewrites(text, rule, list, changes), ...removals, ...(appended.length > 0 ? [{ range: [at, at] as const, newText: appended.join('') }] : [])];
}

/**
 * The parts as one edit from the first to the last: parts may touch (a line
 * removed, then items added at its end), and one edit leaves no doubt about
 * the order in which an editor applies them.
 */
function joined(text: string, parts: readonly OffsetEdit[]): OffsetEdit | undefined {
  // A stable sort: an insertion at the end of a removal keeps its place after it.
  const sorted = [...parts].sort((a, b) => a.range[0] - b.range[0]);
  let at = sorted[0].range[0];
  let newText = '';
  for (const part of sorted) {
    if (part.range[0] < at) return undefined;
    newText += text.slice(at, part.range[0]) + part.newText;
    at = part.range[1];
  }
  return { range: [sorted[0].range[0], at], newText };
}
