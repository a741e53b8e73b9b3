import { excerpt } from '../util/excerpt';
import { decidingPlace, observedConnection, observedWhen, relatedObservation, relatedSite } from './observationFindings';
import type { CheckDefinition, Finding } from './types';

export const bex301ObservedThroughBlocked: CheckDefinition = {
  code: 'BEX301',
  severity: 'warning',
  title: 'Blocked by the rule files, but the probe got through',
  docs:
    'A probe (befw probe, docs/probe.md) reached a port of a required flow that a firewall blocks by its rule file: the connection was open, or refused by the host (a reset: the network let it through, nothing listened). ' +
    'The rule file is out of date: the firewall lets the port through. Collect its rules again (befw collect), or write the rule it really has. ' +
    'A refused connection is weaker evidence: some firewalls reject with a reset too, so if this firewall is set to reject, it proves nothing. Stale observations (BEX302) decide nothing.',
  check: (context) => {
    const findings: Finding[] = [];
    for (const verdict of context.observations().verdicts) {
      const { observation } = verdict;
      if (verdict.stale || verdict.expected !== 'blocked' || observation.result === 'timeout') continue;
      const blocking = verdict.evaluations.find((e) => !e.allowed.has(observation.port))!;
      const flow = verdict.flows[0];
      const place = decidingPlace(blocking, observation.port, false);
      const firewall = `firewall "${excerpt(blocking.firewall.name.value)}"`;
      const why = place.rule ? `rule "${excerpt(place.rule)}" of ${firewall} blocks it` : `no rule of ${firewall} allows it`;
      const result = observation.result === 'open' ? 'was open when probed' : 'was refused by the host when probed';
      const refusal = observation.result === 'refused' ? ' A refusal means the connection reached the host, unless this firewall rejects with a reset: if it does, this proves nothing.' : '';
      findings.push({
        uri: place.uri,
        range: place.range,
        message: `${observedConnection(observation)} ${result} (${observedWhen(observation)}), but the rule files say ${why}.${refusal} The rule file is out of date: collect the firewall's rules again, or write the rule it really has.`,
        related: [relatedObservation(observation), ...(place.related ? [place.related] : []), ...relatedSite(context, blocking, { from: flow.from.name.range, to: flow.to.name.range })],
      });
    }
    return findings;
  },
};
