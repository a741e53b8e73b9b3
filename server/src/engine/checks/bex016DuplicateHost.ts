import type { HostModel } from '../model/types';
import { excerpt } from '../util/excerpt';
import type { CheckDefinition, Finding } from './types';

export const bex016DuplicateHost: CheckDefinition = {
  code: 'BEX016',
  severity: 'error',
  title: 'Duplicate host name or address',
  docs: 'Two hosts share a name or an address, so rules and flows cannot tell them apart. Give each host its own name and address ("any" may repeat).',
  check: (context) => {
    const manifest = context.manifest;
    if (!manifest) return [];
    const findings: Finding[] = [];
    const report = (key: (h: HostModel) => string | undefined, what: string, place: (h: HostModel) => HostModel['name']) => {
      const first = new Map<string, HostModel>();
      for (const host of manifest.hosts) {
        const value = key(host);
        if (value === undefined) continue;
        const earlier = first.get(value);
        if (!earlier) {
          first.set(value, host);
          continue;
        }
        findings.push({
          uri: manifest.uri,
          range: place(host).range,
          message: `Host "${excerpt(host.name.value)}" has the same ${what} as host "${excerpt(earlier.name.value)}": ${excerpt(place(host).value)}.`,
          related: [{ uri: manifest.uri, range: place(earlier).range, message: `first defined here` }],
        });
      }
    };
    report((h) => h.name.value, 'name', (h) => h.name);
    report((h) => (h.addressRange ? `${h.addressRange.family}:${h.addressRange.first}-${h.addressRange.last}` : undefined), 'address', (h) => h.address);
    return findings;
  },
};
