import { excerpt } from '../util/excerpt';
import type { ObservedPort, ProbeResult } from './types';

/** "2026-11-24 10:12": an observation's time as the probing host's clock wrote it (its own offset kept, not converted). */
export function observedAt(at: string): string {
  return `${at.slice(0, 10)} ${at.slice(11, 16)}`;
}

const ALL_SAID: Record<ProbeResult, string> = { open: 'verified open', refused: 'reached (refused)', timeout: 'timed out' };

/**
 * What was seen of a flow, in a few words, for lenses, the flow map and hovers:
 * "verified open 2026-11-24 10:12 from be01" when every port observed agrees,
 * "observed 2 open, 1 timeout; latest 2026-11-24 10:12 from be01" when not;
 * "(stale)" when the newest observation is older than the age setting.
 */
export function observationSummary(ports: readonly ObservedPort[]): string {
  if (ports.length === 0) return 'not observed';
  const latest = ports.reduce((a, b) => (b.observation.time > a.observation.time ? b : a));
  const when = `${observedAt(latest.observation.at)} from ${excerpt(latest.observation.from)}`;
  const stale = ports.every((p) => p.stale) ? ' (stale)' : '';
  const results = new Set(ports.map((p) => p.observation.result));
  if (results.size === 1) return `${ALL_SAID[ports[0].observation.result]} ${when}${stale}`;
  // Two flows that share a port (an agent range holding 10000) each list its observation: count it once.
  const observations = [...new Set(ports.map((p) => p.observation))];
  const counts = (['open', 'refused', 'timeout'] as const)
    .map((result) => [result, observations.filter((o) => o.result === result).length] as const)
    .filter(([, count]) => count > 0)
    .map(([result, count]) => `${count} ${result}`);
  return `observed ${counts.join(', ')}; latest ${when}${stale}`;
}
