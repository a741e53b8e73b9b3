import { getDefaultCatalog } from '../catalog/catalog';
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

/** Backup Exec's names for the flags of its two ranges (TN255831), for docs written before any check runs. */
export const RANGE_FLAG_NAMES = getDefaultCatalog().dynamicPorts.settingNames;

export type RangeSide = 'server' | 'agent';

/**
 * Ports a range needs: at least two per concurrent job, and for the remote
 * agent range never fewer than 25 (KB100017208 says "for the remote system").
 */
export function requiredRangeSize(context: CheckContext, side: RangeSide): number {
  const { minimumOpenPorts, portsPerJob } = context.catalog.dynamicPorts;
  const jobs = context.manifest?.settings.concurrentJobs?.value ?? 1;
  return Math.max(side === 'agent' ? minimumOpenPorts.count : 0, portsPerJob.count * jobs);
}

export interface UndersizedRange {
  readonly label: string;
  readonly setting: RangeSetting;
  readonly size: number;
  /** The range widened to what it needs, when that fits beside the other range. */
  readonly widened?: PortInterval;
}

/** The manifest's valid dynamic ranges of `sides` with fewer than `minimum` ports (BEX011, BEX012). */
export function undersizedRanges(context: CheckContext, minimum: number, sides: readonly RangeSide[]): UndersizedRange[] {
  const manifest = context.manifest;
  if (!manifest) return [];
  const accepted = context.catalog.acceptedRangeBounds;
  const result: UndersizedRange[] = [];
  for (const { key: side, label, setting, other } of dynamicRanges(manifest)) {
    if (!sides.includes(side)) continue;
    const interval = validInterval(setting, accepted);
    if (!interval) continue;
    const size = interval.to - interval.from + 1;
    if (size >= minimum) continue;
    // Widened into the dynamic ports proper, so the fix never writes a 1024 start (BEX020).
    const widened = widenedRange(interval, requiredRangeSize(context, side), context.catalog.dynamicPorts.range, validInterval(other, accepted));
    result.push({ label, setting, size, widened });
  }
  return result;
}
