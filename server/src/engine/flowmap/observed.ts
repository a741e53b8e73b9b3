import { observationSummary } from '../probe/observationText';
import { contradictionOf, newestObservation } from '../probe/observationFacts';
import type { ObservedFlow } from '../probe/types';
import type { Locator } from './locations';
import type { FlowMapObservation } from './types';

/** A flow's observations as the map carries them: the summary, the newest one's time and host, each port with its line in the results file. */
export function mapObservation(observed: ObservedFlow, locate: Locator): FlowMapObservation {
  const newest = newestObservation(observed.ports)!;
  const contradicts = contradictionOf(observed.ports);
  return {
    text: observationSummary(observed.ports),
    at: newest.at,
    from: newest.from,
    ports: observed.ports.map(({ observation, expected, stale }) => ({
      port: observation.port,
      result: observation.result,
      at: observation.at,
      expected,
      stale,
      place: locate.observation(observation),
    })),
    ...(contradicts ? { contradicts } : {}),
  };
}
