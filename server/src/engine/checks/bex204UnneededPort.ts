import { excerpt } from '../util/excerpt';
import { PortSet } from '../util/portSet';
import { isActive } from './ruleSignature';
import type { CheckDefinition, Finding } from './types';

export const bex204UnneededPort: CheckDefinition = {
  code: 'BEX204',
  severity: 'information',
  title: 'Backup Exec port that nothing in the manifest needs',
  hardening: true,
  docs: 'A rule opens a port that only Backup Exec uses (e.g. 10082 for client-side deduplication, 5633 for the Oracle agent), but no host or feature in the manifest needs it. The control port 10000 is not one of them: it is the `ndmp` entry of the services file (ADMIN20), a port named for NDMP rather than for Backup Exec. Remove it to keep the firewall tight, or add the feature to the manifest. Ports whose use the sources do not document (3527, 6106, 50104) are never reported.',
  check: (context) => {
    const manifest = context.manifest;
    if (!manifest) return [];
    // Flows of one service share its port set: each set is joined once, not once per flow.
    const portSets = new Set<PortSet>();
    for (const flow of context.flows()) portSets.add(flow.ports);
    const needed = [...portSets].reduce((set, ports) => set.union(ports), PortSet.EMPTY);
    // The few Backup Exec ports worth a word; a rule opening none of them is skipped without placing it.
    const candidates = context.catalog.services
      .filter((s) => s.backupExecSpecific && s.requiredWhen.kind !== 'undocumented' && 'fixed' in s.ports)
      .flatMap((s) => ('fixed' in s.ports ? s.ports.fixed : []))
      .filter((port) => !needed.has(port));
    const findings: Finding[] = [];
    if (candidates.length === 0) return findings;
    const candidatePorts = PortSet.ports(candidates);
    for (const ruleFile of context.ruleFiles) {
      for (const rule of ruleFile.rules) {
        if (!isActive(rule) || rule.action !== 'allow' || !rule.ports.overlaps(candidatePorts)) continue;
        for (const item of rule.portItems) {
          if (!item.interval || item.interval.from !== item.interval.to || needed.has(item.interval.from)) continue;
          const services = context.catalog
            .servicesUsingPort(item.interval.from)
            .filter((s) => s.backupExecSpecific && s.requiredWhen.kind !== 'undocumented');
          if (services.length === 0) continue;
          const names = services.map((s) => s.name).join(', ');
          findings.push({
            uri: ruleFile.uri,
            range: item.range,
            message: `Rule "${excerpt(rule.name)}" opens ${excerpt(item.text)} (${names}), which nothing in the manifest needs. Remove it, or add the feature that needs it to the manifest.`,
          });
        }
      }
    }
    return findings;
  },
};
