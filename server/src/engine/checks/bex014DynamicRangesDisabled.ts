import { RANGE_FLAG_NAMES } from './rangeRules';
import type { CheckDefinition } from './types';

export const bex014DynamicRangesDisabled: CheckDefinition = {
  code: 'BEX014',
  severity: 'information',
  title: 'Dynamic port ranges disabled',
  hardening: true,
  docs: `Without "${RANGE_FLAG_NAMES.agent}" (TN255831), Backup Exec may use any port from 1025 to 65535 for data connections to the remote computers, so every firewall in the way must open all of them to each remote computer. Turn the setting on with a range (settings.dynamicPorts.agent: { enabled: true, range: low-high }) and open only that range (KB100017208).`,
  check: (context) => {
    const manifest = context.manifest;
    const { agentRange, sharedEnabled } = manifest?.settings ?? {};
    // The remote agent range alone decides which ports data connections toward remote computers use.
    if (!manifest || agentRange?.enabled?.value === true) return [];
    if (!manifest.hosts.some((h) => h.role.value === 'remote-computer') || manifest.firewalls.length === 0) return [];
    const { from, to } = context.catalog.dynamicPorts.range;
    return [
      {
        uri: manifest.uri,
        range: agentRange?.enabled?.range ?? sharedEnabled?.range ?? manifest.hostsKeyRange,
        message: `The remote agent range is off ("${RANGE_FLAG_NAMES.agent}"), so the firewalls must open all of ${from}-${to} toward each remote computer. Turn it on with a range in settings.dynamicPorts.agent and open only that range.`,
      },
    ];
  },
};
