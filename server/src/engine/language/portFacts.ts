import type { Catalog } from '../catalog/catalog';
import { describeService, explain } from '../explain';
import type { AgentKind } from '../knowledge/services';
import type { CheckReport } from '../service';
import { PortSet, type PortInterval } from '../util/portSet';
import { md } from './markdown';

/**
 * What a port or range means for Backup Exec, headed "**TCP 10000**": the
 * services using it (the fixed ports, and the ranges as the report's manifest
 * configures them), else what the catalog says of the number. Rule hovers and
 * probe result hovers say it alike.
 */
export function describePorts(catalog: Catalog, report: CheckReport | undefined, protocol: string, text: string, interval: PortInterval, agent?: AgentKind): string {
  const ports = PortSet.of([interval]);
  const fromFlows = (report?.evaluations ?? []).filter((e) => e.flow.ports.overlaps(ports)).map((e) => e.flow.service);
  const fixed = interval.from === interval.to ? catalog.servicesUsingPort(interval.from) : [];
  const services = [...new Set([...fixed, ...fromFlows])].filter((s) => s.protocol === protocol || protocol === 'any');
  const heading = `**${protocol.toUpperCase()} ${md(text)}**`;
  if (services.length > 0) return `${heading}\n\n${services.map((s) => describeService(catalog, s, agent)).join('\n\n')}`;
  const generic = interval.from === interval.to ? explain(catalog, String(interval.from))?.markdown : undefined;
  return generic ? `${heading}\n\n${generic}` : `${heading}: not a port any documented Backup Exec service uses.`;
}
