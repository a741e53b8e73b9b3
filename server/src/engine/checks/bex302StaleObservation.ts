import { observationPlace } from '../probe/parseObservations';
import { observedAt } from '../probe/observationText';
import { DAY_MS } from '../probe/types';
import { excerpt } from '../util/excerpt';
import { observedConnection, observedResult } from './observationFindings';
import type { CheckDefinition } from './types';

export const bex302StaleObservation: CheckDefinition = {
  code: 'BEX302',
  severity: 'information',
  title: 'Probe result too old, or dated ahead, to count',
  docs:
    'A probe result is older than the age setting (befw.probe.maxAgeDays in the editor, --max-age for befw check; 30 days unless set), or dated more than a day after the time of the check (the probing host\'s clock was wrong). Networks change, and a result dated ahead would stay the newest of its port for ever: it is still shown, but it raises no BEX300 or BEX301. Run the probe again on that host (with its clock set right).',
  check: (context) => {
    const observed = context.options.observed;
    if (!observed) return [];
    const { verdicts, ahead } = context.observations();
    const stale = verdicts.flatMap(({ observation, stale }) => {
      if (!stale) return [];
      const days = (observed.now - observation.time) / DAY_MS;
      // Floored, a result a minute past the limit would read "30 days ago, more than the 30 days allowed".
      const age = Math.floor(days) > observed.maxAgeDays ? `${Math.floor(days)} days ago` : `just over ${observed.maxAgeDays} days ago`;
      return [
        {
          uri: observation.uri,
          range: observationPlace(observation, 'at'),
          message: `${observedConnection(observation)} was observed ${observedResult(observation)} ${age} (${observedAt(observation.at)}), more than the ${observed.maxAgeDays} days allowed: it decides nothing. Run the probe again on "${excerpt(observation.from)}".`,
        },
      ];
    });
    const misdated = ahead.map((observation) => ({
      uri: observation.uri,
      range: observationPlace(observation, 'at'),
      message: `${observedConnection(observation)} is dated ${observedAt(observation.at)}, ${daysAhead(observation.time - observed.now)} after the time of this check: the clock of "${excerpt(observation.from)}" was wrong, or the line was edited. It decides nothing. Set that host's clock right and run the probe again.`,
    }));
    return [...stale, ...misdated];
  },
};

/** "3 days", "1 day", "more than a day" (the tolerance is a day): how far ahead. */
function daysAhead(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  return days <= 1 ? 'more than a day' : `${days.toLocaleString('en-US')} days`;
}
