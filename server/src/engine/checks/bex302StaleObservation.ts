import { observationPlace } from '../probe/parseObservations';
import { observedAt } from '../probe/observationText';
import { excerpt } from '../util/excerpt';
import { observedConnection, observedResult } from './observationFindings';
import type { CheckDefinition } from './types';

const DAY = 24 * 60 * 60 * 1000;

export const bex302StaleObservation: CheckDefinition = {
  code: 'BEX302',
  severity: 'information',
  title: 'Probe result too old to count',
  docs:
    'A probe result is older than the age setting (befw.probe.maxAgeDays in the editor, --max-age for befw check; 30 days unless set). Networks change: it is still shown, but it raises no BEX300 or BEX301. Run the probe again on that host.',
  check: (context) => {
    const observed = context.options.observed;
    if (!observed) return [];
    return context.observations().verdicts.flatMap(({ observation, stale }) => {
      if (!stale) return [];
      const days = Math.floor((observed.now - observation.time) / DAY);
      return [
        {
          uri: observation.uri,
          range: observationPlace(observation, 'at'),
          message: `${observedConnection(observation)} was observed ${observedResult(observation)} ${days} days ago (${observedAt(observation.at)}), more than the ${observed.maxAgeDays} days allowed: it decides nothing. Run the probe again on "${excerpt(observation.from)}".`,
        },
      ];
    });
  },
};
