import { dynamicRanges, widenedRange } from '../fixes/rangeFix';
import type { RangeSetting } from '../model/types';
import type { PortInterval } from '../util/portSet';
import type { CheckContext } from './types';

/** The interval of a range setting when it is well-formed and within `bounds`. */
export function validInterval(setting: RangeSetting | undefined, bounds: PortInterval): PortInterval | undefined {
  const interval = setting?.interval;
  if (!interval || interval.from > interval.to || interval.from < bounds.from || interval.to > bounds.to) return undefined;
  return interval;
}

/** The interval of a range that is on and valid: one Backup Exec actually uses. */
export function intervalInEffect(setting: RangeSetting | undefined, bounds: PortInterval): PortInterval | undefined {
  return setting?.enabled?.value === true ? validInterval(setting, bounds) : undefined;
}

/** Backup Exec's names for the flags of its two ranges (TN255831). */
export const RANGE_FLAG_NAMES = {
  server: 'Enable media server TCP dynamic port range',
  agent: 'Enable remote agent TCP dynamic port range',
} as const;

/** Ports a range needs: 2 per concurrent job, and never fewer than 25 (KB100017208). */
export function requiredRangeSize(context: CheckContext): number {
  const { minimumOpenPorts, portsPerJob } = context.catalog.dynamicPorts;
  const jobs = context.manifest?.settings.concurrentJobs?.value ?? 1;
  return Math.max(minimumOpenPorts, portsPerJob * jobs);
}

export interface UndersizedRange {
  readonly label: string;
  readonly setting: RangeSetting;
  readonly size: number;
  /** The range widened to what it needs, when that fits beside the other range. */
  readonly widened?: PortInterval;
}

/** The manifest's valid dynamic ranges with fewer than `minimum` ports (BEX011, BEX012). */
export function undersizedRanges(context: CheckContext, minimum: number): UndersizedRange[] {
  const manifest = context.manifest;
  if (!manifest) return [];
  const bounds = context.catalog.dynamicPorts.range;
  const result: UndersizedRange[] = [];
  for (const { label, setting, other } of dynamicRanges(manifest)) {
    const interval = validInterval(setting, bounds);
    if (!interval) continue;
    const size = interval.to - interval.from + 1;
    if (size >= minimum) continue;
    result.push({ label, setting, size, widened: widenedRange(interval, requiredRangeSize(context), bounds, validInterval(other, bounds)) });
  }
  return result;
}
