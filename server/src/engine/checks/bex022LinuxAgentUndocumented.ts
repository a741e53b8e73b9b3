import type { Service } from '../catalog/catalog';
import type { HostModel } from '../model/types';
import { excerpt } from '../util/excerpt';
import type { CheckDefinition, Finding } from './types';

export const bex022LinuxAgentUndocumented: CheckDefinition = {
  code: 'BEX022',
  severity: 'information',
  title: 'Agent for Linux: a required flow no source documents for it',
  docs:
    'What befw knows of the Backup Exec Agent for Linux (VRTSralus) comes from community sources, not from Veritas, and they leave gaps: no ralus.cfg key for a data-port range was found, so whether the remote agent TCP dynamic port range applies to a Linux agent is not documented, nor are the Agent for Oracle or client-side deduplication ports on Linux. ' +
    'befw checks those flows as for the Agent for Windows and says so once per Linux host. Hover the host for each flow\'s basis.',
  check: (context) => {
    const manifest = context.manifest;
    if (!manifest) return [];
    const linuxHosts = new Set(manifest.hosts.filter((h) => h.role.value === 'remote-computer' && h.agent === 'linux'));
    if (linuxHosts.size === 0) return [];
    const tier = context.catalog.agent('linux')?.tier ?? 'community source';
    // One walk over the flows for all Linux hosts: there may be many of both.
    const undocumentedOf = new Map<HostModel, Set<Service>>();
    for (const flow of context.flows()) {
      if (flow.service.linuxAgent?.basis !== 'undocumented') continue;
      for (const host of [flow.from, flow.to]) {
        if (!linuxHosts.has(host)) continue;
        if (!undocumentedOf.has(host)) undocumentedOf.set(host, new Set());
        undocumentedOf.get(host)!.add(flow.service);
      }
    }
    const findings: Finding[] = [];
    for (const host of linuxHosts) {
      const undocumented = undocumentedOf.get(host);
      if (!undocumented) continue;
      const names = [...undocumented].map((s) => s.name).join(', ');
      findings.push({
        uri: manifest.uri,
        range: host.name.range,
        message: `${excerpt(host.name.value)} runs the Agent for Linux, whose facts come from a ${tier}. No source documents these required flows for it: ${names}. befw checks them as for the Agent for Windows; if jobs to ${excerpt(host.name.value)} fail across a firewall, the Linux agent may use other ports.`,
      });
    }
    return findings;
  },
};
