import type { Catalog, Service } from '../catalog/catalog';
import { claimText, sourcesLine } from './claims';

export type AgentKind = 'windows' | 'linux';

export function roleName(catalog: Catalog, role: string): string {
  if (role === 'undocumented') return 'not documented';
  return catalog.role(role)?.name ?? role;
}

export function portsText(catalog: Catalog, service: Service): string {
  const ports = service.ports;
  if ('fixed' in ports) return `${service.protocol.toUpperCase()} ${ports.fixed.join(', ')}`;
  if ('windowsRules' in ports) return `predefined Windows rules ${ports.windowsRules.map((r) => `"${r}"`).join(', ')}`;
  if ('none' in ports) return 'no port';
  const { range, settingNames } = catalog.dynamicPorts;
  switch (ports.setting) {
    case 'ndmpPort':
      return `TCP ${catalog.defaultNdmpPort} (settings.ndmpPort; changeable)`;
    case 'agentRange':
      return `TCP remote agent range ("${settingNames.agent}", settings.dynamicPorts.agent)${ports.default ? `; when it is off, the dynamic ports ${range.from}-${range.to}` : ''}`;
    case 'serverRange':
      return `TCP media server range ("${settingNames.server}", settings.dynamicPorts.server), only when it is on`;
  }
}

function requirementText(catalog: Catalog, service: Service): string {
  const requirement = service.requiredWhen;
  switch (requirement.kind) {
    case 'always':
      return 'always, for every remote computer';
    case 'feature':
      return `when a host has the feature "${catalog.feature(requirement.feature)?.name ?? requirement.feature}" (\`${requirement.feature}\`)`;
    case 'setting':
      return 'when the media server range is on';
    case 'role':
      return `when the manifest has a ${roleName(catalog, requirement.role)}${service.hostFirewallOnly ? ", checked at that server's own Windows Defender Firewall only (the sources name Windows rules, no ports)" : ''}`;
    case 'undocumented':
      return 'not documented by the sources (no required flow is derived)';
    case 'never':
      return 'never (no firewall rule needed)';
  }
}

function processLine(catalog: Catalog, service: Service, agent: AgentKind | undefined): string {
  const windows = service.process ?? 'not named by the source';
  const linux = service.linuxAgent?.process;
  if (agent === 'linux' && linux) return `${linux} (Agent for Linux, ${catalog.agent('linux')?.tier ?? 'community source'})`;
  if (agent === undefined && linux) return `${windows}; on an Agent for Linux ${linux} (${catalog.agent('linux')?.tier ?? 'community source'})`;
  return windows;
}

/**
 * The full description of one catalog service: ports, process, who connects,
 * what a block leads to, when it is required, and the sources, each claim
 * with its basis. `agent` narrows agent-specific facts to one agent type;
 * without it both are shown.
 */
export function describeService(catalog: Catalog, service: Service, agent?: AgentKind): string {
  const lines = [`**${service.name}**: ${portsText(catalog, service)}`, '', `- Process: ${processLine(catalog, service, agent)}`];
  if (service.protocol === 'none') lines.push('- Connections: none (the service uses no network port)');
  else {
    lines.push(`- Who connects: ${roleName(catalog, service.from)} → ${roleName(catalog, service.to)}${service.direction ? `. ${claimText(catalog, service.direction)}` : ''}`);
    if (service.dataFlow) lines.push(`- Data: ${claimText(catalog, service.dataFlow)}`);
    lines.push(`- When blocked: ${service.whenBlocked ? claimText(catalog, service.whenBlocked) : 'the sources do not say what a user sees when this flow is blocked.'}`);
  }
  lines.push(`- Required: ${requirementText(catalog, service)}`, '', service.explanation);
  if (service.linuxAgent && agent !== 'windows') lines.push('', `On an Agent for Linux: ${claimText(catalog, service.linuxAgent)}`);
  for (const note of service.notes ?? []) lines.push('', `Note: ${note}`);
  lines.push('', sourcesLine(catalog, service.sources));
  return lines.join('\n');
}
