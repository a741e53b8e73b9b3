import type { Catalog } from '../catalog/catalog';
import type { RequiredFlow } from '../flows/requiredFlows';
import { formatInterval, type PortSet } from '../util/portSet';

/**
 * How a rule written for a required flow is named and described, the same in
 * `befw generate` and in the quick-fixes that add a rule.
 */

/** "n" or "a-b" for each interval. */
export function portTexts(ports: PortSet): string[] {
  return ports.intervals.map(formatInterval);
}

/**
 * "Remote Agent data connections from be01 to sql01"; with `ports` when the
 * rule holds only part of the flow's ports ("… data connections 50121-50149
 * from be01 to sql01"), so that its name does not claim what it does not open.
 */
export function flowRuleName(flow: RequiredFlow, ports: PortSet = flow.ports): string {
  const part = ports.equals(flow.ports) ? '' : ` ${ports}`;
  return `${flow.service.name}${part} from ${flow.from.name.value} to ${flow.to.name.value}`;
}

/** "Backup Exec: <service> (TCP <ports>, <process>); source: <KB ids>": the service, its ports and where they are documented. */
export function flowRuleDescription(catalog: Catalog, flow: RequiredFlow): string {
  const what = flow.windowsRules.length > 0 ? 'predefined Windows rules' : `${flow.protocol.toUpperCase()} ${portTexts(flow.ports).join(',')}`;
  // An Agent for Linux runs its own process (FACTS.md's community-tier row): named, with that tier, for a flow to or from one.
  const linux = [flow.from, flow.to].some((host) => host.role.value === 'remote-computer' && host.agent === 'linux') ? flow.service.linuxAgent?.process : undefined;
  const named = linux ? `${linux} on the Agent for Linux (${catalog.agent('linux')?.tier ?? 'community source'})` : flow.service.process;
  const process = named ? `, ${named}` : '';
  const agentSources = linux ? (catalog.agent('linux')?.sources ?? []) : [];
  return `Backup Exec: ${flow.service.name} (${what}${process}); source: ${[...flow.service.sources.map((s) => catalog.source(s.id)?.id ?? s.id), ...agentSources].join(', ')}`;
}
