import { excerpt, excerptList } from '../util/excerpt';
import type { CheckDefinition, Finding } from './types';

export const bex015UnknownManifestHost: CheckDefinition = {
  code: 'BEX015',
  severity: 'error',
  title: 'Unknown host name in the manifest',
  docs: 'A firewall\'s "protects" or "host" names a host that the manifest\'s hosts list does not define. Add the host or correct the name.',
  check: (context) => {
    const manifest = context.manifest;
    if (!manifest) return [];
    const names = new Set(manifest.hosts.map((h) => h.name.value));
    const findings: Finding[] = [];
    for (const firewall of manifest.firewalls) {
      for (const reference of [...firewall.protects, ...(firewall.host ? [firewall.host] : [])]) {
        if (names.has(reference.value)) continue;
        findings.push({
          uri: manifest.uri,
          range: reference.range,
          message: `Firewall "${excerpt(firewall.name.value)}" names host "${excerpt(reference.value)}", which is not in hosts (known: ${excerptList([...names]) || 'none'}).`,
          related: [{ uri: manifest.uri, range: manifest.hostsKeyRange, message: 'hosts are defined here' }],
        });
      }
    }
    return findings;
  },
};
