import { excerpt } from '../util/excerpt';
import { decidingPlace, observedConnection, observedWhen, relatedObservation, relatedSite } from './observationFindings';
import type { CheckDefinition, Finding } from './types';

export const bex300ObservedTimeout: CheckDefinition = {
  code: 'BEX300',
  severity: 'error',
  title: 'Allowed by the rule files, but the probe timed out',
  docs:
    'A probe (befw probe, docs/probe.md) connected to a port of a required flow that every firewall of the manifest allows by its rule files, and got no answer in time, or an ICMP unreachable from the way: the connection did not reach the host. ' +
    'Something the manifest does not describe stops it: another firewall on the way, a host firewall the manifest does not list, or a firewall whose rules are no longer what its rule file says. Find it and open the port there, or collect its rules again (befw collect). ' +
    'On a dynamic-range port, run the listener script on the destination first (befw probe --listen): a host firewall rule that allows only beremote.exe does not let a connection to another program through. Stale observations (BEX302) decide nothing.',
  check: (context) => {
    const findings: Finding[] = [];
    for (const verdict of context.observations().verdicts) {
      const { observation } = verdict;
      if (verdict.stale || verdict.expected !== 'allowed' || observation.result !== 'timeout') continue;
      const flow = verdict.flows[0];
      const hosts = { from: flow.from.name.range, to: flow.to.name.range };
      const first = verdict.evaluations[0];
      const seen = `${observedConnection(observation)} timed out when probed (${observedWhen(observation)})`;
      if (!first) {
        findings.push({
          uri: context.manifest!.uri,
          range: flow.to.name.range,
          message: `${seen}, and no firewall of the manifest lies between the hosts: a firewall the manifest does not list drops it. Add that firewall to the manifest with its rules, or open the port on it.`,
          related: [relatedObservation(observation), ...relatedSite(context, undefined, hosts)],
        });
        continue;
      }
      const place = decidingPlace(first, observation.port, true);
      const by = place.rule ? `rule "${excerpt(place.rule)}" of firewall "${excerpt(first.firewall.name.value)}"` : `firewall "${excerpt(first.firewall.name.value)}"`;
      findings.push({
        uri: place.uri,
        range: place.range,
        message: `${seen}, but the rule files allow it (${by} lets it through). Something the manifest does not describe drops it: another firewall on the way, a host firewall not listed, or rules that differ from this file. Find it, or collect the firewall's rules again.`,
        related: [relatedObservation(observation), ...(place.related ? [place.related] : []), ...relatedSite(context, first, hosts)],
      });
    }
    return findings;
  },
};
