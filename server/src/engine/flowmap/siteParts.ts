import type { Catalog } from '../catalog/catalog';
import { roleName } from '../knowledge/services';
import type { FirewallModel, ManifestModel } from '../model/types';
import type { CheckReport } from '../service';
import { findingOf, type Locator } from './locations';
import type { FlowMapFinding, FlowMapFirewall, FlowMapHost } from './types';

/** The manifest's hosts, each with the firewalls on it and in front of it. */
export function mapHosts(manifest: ManifestModel, catalog: Catalog, locate: Locator): FlowMapHost[] {
  return manifest.hosts.map((host) => {
    const name = host.name.value;
    return {
      name,
      role: host.role.value,
      roleName: roleName(catalog, host.role.value),
      address: host.address.value,
      agent: host.agent,
      features: host.features.map((feature) => feature.value),
      place: locate.manifest(host.name.range),
      hostFirewalls: manifest.firewalls.filter((firewall) => firewall.host?.value === name).map((firewall) => firewall.name.value),
      behind: manifest.firewalls.filter((firewall) => !firewall.host && firewall.protects.some((p) => p.value === name)).map((firewall) => firewall.name.value),
    };
  });
}

/** The manifest's firewalls, with their rule files (read or not) and how many required flows they let through. */
export function mapFirewalls(report: CheckReport, locate: Locator): FlowMapFirewall[] {
  const counts = new Map<FirewallModel, { allowed: number; total: number }>();
  const count = (firewall: FirewallModel) => {
    let entry = counts.get(firewall);
    if (!entry) counts.set(firewall, (entry = { allowed: 0, total: 0 }));
    return entry;
  };
  for (const evaluation of report.evaluations) {
    const entry = count(evaluation.firewall);
    entry.total++;
    if (evaluation.problem === undefined) entry.allowed++;
  }
  for (const unchecked of report.unchecked) count(unchecked.firewall).total += unchecked.flows.length;
  return (report.manifest?.firewalls ?? []).map((firewall) => ({
    name: firewall.name.value,
    kind: firewall.host ? 'host' : 'network',
    hosts: firewall.host ? [firewall.host.value] : firewall.protects.map((p) => p.value),
    ruleFiles: report.bindings
      .filter((binding) => binding.firewall === firewall)
      .map((binding) => ({ path: binding.rulesPath.value, uri: binding.ruleFileUri, ...(binding.loadFailure ? { failure: binding.loadFailure } : {}) })),
    place: locate.manifest(firewall.name.range),
    ...(counts.get(firewall) ?? { allowed: 0, total: 0 }),
  }));
}

/** Every diagnostic of the report: the manifest's first, then each rule file's, in position order. */
export function mapFindings(report: CheckReport): FlowMapFinding[] {
  return [...report.diagnostics].flatMap(([uri, diagnostics]) => diagnostics.map((diagnostic) => findingOf(uri, diagnostic)));
}
