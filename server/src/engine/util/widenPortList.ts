import { formatInterval, parsePortItem, type PortInterval } from './portSet';

/** One item of a port list after widening: the existing item it replaces (by index), or a new item appended. */
export interface WidenedItem {
  /** The index of the existing item this one rewrites; absent for an item appended at the end. */
  readonly replaces?: number;
  /** Indexes of existing items merged into this one, which disappear (besides `replaces`). */
  readonly absorbs: readonly number[];
  readonly text: string;
}

/**
 * How to widen a literal port list so it also holds `added`, as an admin
 * would write it: an item that overlaps or touches a new port grows to cover
 * it (50100-50120 plus 50121-50149 becomes 50100-50149), items that then
 * meet merge into the first of them, and only ports next to nothing already
 * listed are appended. Items that are not port numbers or ranges (any, a
 * keyword, a variable) are left alone. Returns only the items that change.
 */
export function widenPortList(existing: readonly string[], added: readonly PortInterval[]): WidenedItem[] {
  const items = existing.map((text, index) => {
    const parsed = parsePortItem(text);
    return parsed.kind === 'interval' ? { index, interval: parsed.interval } : undefined;
  });
  // Groups of touching intervals, each led later by the earliest listed item it contains.
  const groups: Array<{ members: number[]; interval: PortInterval }> = [];
  const candidates = [
    ...items.flatMap((item) => (item ? [{ index: item.index as number | undefined, interval: item.interval }] : [])),
    ...added.map((interval) => ({ index: undefined as number | undefined, interval })),
  ].sort((a, b) => a.interval.from - b.interval.from);
  for (const candidate of candidates) {
    const group = groups[groups.length - 1];
    if (group && candidate.interval.from <= group.interval.to + 1) {
      group.interval = { from: group.interval.from, to: Math.max(group.interval.to, candidate.interval.to) };
      if (candidate.index !== undefined) group.members.push(candidate.index);
    } else {
      groups.push({ members: candidate.index !== undefined ? [candidate.index] : [], interval: candidate.interval });
    }
  }
  const changes: WidenedItem[] = [];
  for (const group of groups) {
    const members = [...group.members].sort((a, b) => a - b);
    const text = formatInterval(group.interval);
    if (members.length === 0) {
      changes.push({ absorbs: [], text });
      continue;
    }
    const [lead, ...absorbed] = members;
    if (absorbed.length > 0 || formatInterval(items[lead]!.interval) !== text) {
      changes.push({ replaces: lead, absorbs: absorbed, text });
    }
  }
  // Rewritten items first, in list order; appended ones after, in port order.
  return [...changes.filter((c) => c.replaces !== undefined).sort((a, b) => a.replaces! - b.replaces!), ...changes.filter((c) => c.replaces === undefined)];
}
