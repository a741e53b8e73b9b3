import { excerpt } from './excerpt';

/** Valid TCP/UDP port numbers (a protocol fact, not a Backup Exec one). */
export const LOWEST_PORT = 1;
export const HIGHEST_PORT = 65535;

/** Inclusive port interval. */
export interface PortInterval {
  readonly from: number;
  readonly to: number;
}

/**
 * An immutable set of ports kept as sorted, disjoint, non-adjacent intervals,
 * so unions and differences over 1-65535 stay cheap whatever the range sizes.
 */
export class PortSet {
  static readonly EMPTY = new PortSet([]);
  static readonly ALL = new PortSet([{ from: LOWEST_PORT, to: HIGHEST_PORT }]);

  private constructor(readonly intervals: readonly PortInterval[]) {}

  static of(intervals: readonly PortInterval[]): PortSet {
    const sorted = intervals.filter((i) => i.from <= i.to).sort((a, b) => a.from - b.from);
    const merged: PortInterval[] = [];
    for (const interval of sorted) {
      const last = merged[merged.length - 1];
      if (last && interval.from <= last.to + 1) {
        merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, interval.to) };
      } else {
        merged.push(interval);
      }
    }
    return new PortSet(merged);
  }

  static range(from: number, to: number): PortSet {
    return PortSet.of([{ from, to }]);
  }

  static ports(ports: readonly number[]): PortSet {
    return PortSet.of(ports.map((p) => ({ from: p, to: p })));
  }

  get isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  get size(): number {
    return this.intervals.reduce((n, i) => n + i.to - i.from + 1, 0);
  }

  has(port: number): boolean {
    return this.intervals.some((i) => i.from <= port && port <= i.to);
  }

  union(other: PortSet): PortSet {
    if (other.isEmpty) return this;
    if (this.isEmpty) return other;
    return PortSet.of([...this.intervals, ...other.intervals]);
  }

  intersect(other: PortSet): PortSet {
    const result: PortInterval[] = [];
    let i = 0;
    let j = 0;
    while (i < this.intervals.length && j < other.intervals.length) {
      const a = this.intervals[i];
      const b = other.intervals[j];
      const from = Math.max(a.from, b.from);
      const to = Math.min(a.to, b.to);
      if (from <= to) result.push({ from, to });
      if (a.to < b.to) i++;
      else j++;
    }
    return new PortSet(result);
  }

  subtract(other: PortSet): PortSet {
    if (this.isEmpty || other.isEmpty) return this;
    const result: PortInterval[] = [];
    let j = 0;
    for (const interval of this.intervals) {
      let from = interval.from;
      while (j < other.intervals.length && other.intervals[j].to < from) j++;
      let k = j;
      while (k < other.intervals.length && other.intervals[k].from <= interval.to) {
        const cut = other.intervals[k];
        if (cut.from > from) result.push({ from, to: cut.from - 1 });
        from = Math.max(from, cut.to + 1);
        k++;
      }
      if (from <= interval.to) result.push({ from, to: interval.to });
    }
    return new PortSet(result);
  }

  containsAll(other: PortSet): boolean {
    return other.subtract(this).isEmpty;
  }

  overlaps(other: PortSet): boolean {
    return !this.intersect(other).isEmpty;
  }

  equals(other: PortSet): boolean {
    return this.toString() === other.toString();
  }

  /** "10000, 50100-50149": the notation rule files use. */
  toString(): string {
    return this.intervals.map(formatInterval).join(', ');
  }
}

export function formatInterval(interval: PortInterval): string {
  return interval.from === interval.to ? String(interval.from) : `${interval.from}-${interval.to}`;
}

/**
 * A port item read: an interval, any, text or a whole number that is no
 * port (BEX200 says why), or a value of another type (a fraction, true, a
 * list), which the rule file's schema reports (BEX001) and nothing counts.
 */
export type ParsedPort =
  | { kind: 'interval'; interval: PortInterval }
  | { kind: 'any' }
  | { kind: 'malformed'; reason: string }
  | { kind: 'wrong-type' };

const RANGE_PATTERN = /^(\d{1,6})\s*-\s*(\d{1,6})$/;
const PORT_PATTERN = /^\d{1,6}$/;

/** Parses one port item of a rule file or manifest: 443, "443", "50100-50149" or "any". */
export function parsePortItem(value: unknown): ParsedPort {
  if (typeof value === 'number') return Number.isInteger(value) ? checkBounds(value, value) : { kind: 'wrong-type' };
  if (typeof value !== 'string') return { kind: 'wrong-type' };
  const text = value.trim();
  if (text.toLowerCase() === 'any') return { kind: 'any' };
  if (PORT_PATTERN.test(text)) return checkBounds(Number(text), Number(text));
  const match = RANGE_PATTERN.exec(text);
  if (!match) return { kind: 'malformed', reason: `"${excerpt(value)}" is neither a port, a range such as 50100-50149, nor any` };
  return checkBounds(Number(match[1]), Number(match[2]));
}

function checkBounds(from: number, to: number): ParsedPort {
  if (from < LOWEST_PORT || to > HIGHEST_PORT || from > HIGHEST_PORT || to < LOWEST_PORT) {
    return { kind: 'malformed', reason: `${formatInterval({ from, to })} is outside ${LOWEST_PORT}-${HIGHEST_PORT}` };
  }
  if (from > to) return { kind: 'malformed', reason: `${from}-${to} is reversed (the start is after the end)` };
  return { kind: 'interval', interval: { from, to } };
}
