import { observedConnection, observedResult } from './observationFindings';
import type { CheckDefinition } from './types';

export const bex303ObservationNotInManifest: CheckDefinition = {
  code: 'BEX303',
  severity: 'information',
  title: 'Probe result for a flow the manifest does not require',
  docs:
    'A probe result names a host the manifest no longer has, or a port no required flow between its two hosts uses: the manifest changed since the probe ran (a host renamed, ndmpPort or a dynamic range changed), or the line is another site\'s. It is not compared with the rule files. Run the probe again, or delete the line.',
  check: (context) =>
    context.observations().unmatched.map(({ observation, place, reason }) => ({
      uri: observation.uri,
      range: place,
      message: `${observedConnection(observation)} (observed ${observedResult(observation)}) matches no required flow: ${reason}. Run the probe again, or delete the line.`,
    })),
};
