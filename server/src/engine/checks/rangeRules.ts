import type { RangeSetting } from '../model/types';
import type { PortInterval } from '../util/portSet';
import type { CheckContext } from './types';

/** The interval of a range setting when it is well-formed and within `bounds`. */
export function validInterval(setting: RangeSetting | undefined, bounds: PortInterval): PortInterval | undefined {
  const interval = setting?.interval;
  if (!interval || interval.from > interval.to || interval.from < bounds.from || interval.to > bounds.to) return undefined;
  return interval;
}

/** Ports a range needs: 2 per concurrent job, and never fewer than 25 (KB100017208). */
export function requiredRangeSize(context: CheckContext): number {
  const { minimumOpenPorts, portsPerJob } = context.catalog.dynamicPorts;
  const jobs = context.manifest?.settings.concurrentJobs?.value ?? 1;
  return Math.max(minimumOpenPorts, portsPerJob * jobs);
}
