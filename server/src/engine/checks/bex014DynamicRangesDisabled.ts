import type { CheckDefinition } from './types';

export const bex014DynamicRangesDisabled: CheckDefinition = {
  code: 'BEX014',
  severity: 'information',
  title: 'Dynamic port ranges disabled',
  hardening: true,
  docs: 'Without "Enable TCP dynamic port ranges", Backup Exec may use any port from 1025 to 65535 for data connections, so every firewall in the way must open all of them to each remote computer. Enable the setting and open only the configured ranges (KB100017208).',
  check: (context) => {
    const manifest = context.manifest;
    if (!manifest || manifest.settings.dynamicPortsEnabled?.value === true) return [];
    if (!manifest.hosts.some((h) => h.role.value === 'remote-computer') || manifest.firewalls.length === 0) return [];
    const { from, to } = context.catalog.dynamicPorts.range;
    return [
      {
        uri: manifest.uri,
        range: manifest.settings.dynamicPortsEnabled?.range ?? manifest.hostsKeyRange,
        message: `Dynamic port ranges are off, so the firewalls must open all of ${from}-${to} toward each remote computer. Enable "TCP dynamic port ranges" (settings.dynamicPorts) and open only those ranges.`,
      },
    ];
  },
};
