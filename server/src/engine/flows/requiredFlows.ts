import type { Catalog, Service } from '../catalog/catalog';
import type { HostModel, ManifestModel, OffsetRange } from '../model/types';
import { excerpt } from '../util/excerpt';
import { PortSet } from '../util/portSet';

/** One connection Backup Exec needs, between two manifest hosts. */
export interface RequiredFlow {
  readonly service: Service;
  readonly from: HostModel;
  readonly to: HostModel;
  readonly protocol: 'tcp' | 'udp';
  readonly ports: PortSet;
  /** Predefined Windows rules the flow needs instead of ports (Remote Administration Console). */
  readonly windowsRules: readonly string[];
  /** The manifest setting the ports come from, when they are configured there. */
  readonly portsSetting?: OffsetRange;
}

/** Every required flow: catalog services × hosts × features × settings. */
export function deriveRequiredFlows(manifest: ManifestModel, catalog: Catalog): RequiredFlow[] {
  return [...requiredFlows(manifest, catalog)];
}

/**
 * The required flows, one at a time: two Backup Exec servers and 180,000
 * remote computers make two million of them, which the checks walk (the
 * ones a firewall sees are kept) but need not hold.
 */
export function* requiredFlows(manifest: ManifestModel, catalog: Catalog): Generator<RequiredFlow> {
  for (const service of catalog.services) {
    if (service.protocol === 'none') continue;
    const requirement = service.requiredWhen;
    if (requirement.kind === 'never' || requirement.kind === 'undocumented') continue;
    const ports = servicePorts(service, manifest, catalog);
    if (!ports) continue;
    let sources = hostsWithRole(manifest, service.from);
    let targets = hostsWithRole(manifest, service.to);
    if (requirement.kind === 'feature') {
      const appliesTo = catalog.feature(requirement.feature)?.appliesTo;
      if (appliesTo === service.from) sources = sources.filter((h) => hasFeature(h, requirement.feature));
      if (appliesTo === service.to) targets = targets.filter((h) => hasFeature(h, requirement.feature));
    }
    if (service.targetFeature) {
      const feature = service.targetFeature;
      const withFeature = targets.filter((h) => hasFeature(h, feature));
      if (withFeature.length > 0) targets = withFeature;
    }
    for (const from of sources) {
      for (const to of targets) {
        if (from === to) continue;
        yield {
          service,
          from,
          to,
          protocol: service.protocol,
          ports: ports.set,
          windowsRules: 'windowsRules' in service.ports ? service.ports.windowsRules : [],
          portsSetting: ports.setting,
        };
      }
    }
  }
}

function hostsWithRole(manifest: ManifestModel, role: string): HostModel[] {
  return manifest.hosts.filter((h) => h.role.value === role);
}

function hasFeature(host: HostModel, feature: string): boolean {
  return host.features.some((f) => f.value === feature);
}

/**
 * The ports a service needs in this deployment, or undefined when it needs
 * none here (a range that is not configured) or they are unknown (a setting
 * written wrongly: BEX001, BEX010).
 */
export function servicePorts(service: Service, manifest: ManifestModel, catalog: Catalog): { set: PortSet; setting?: OffsetRange } | undefined {
  const spec = service.ports;
  if ('fixed' in spec) return { set: PortSet.ports(spec.fixed) };
  if ('windowsRules' in spec) return { set: PortSet.EMPTY };
  if ('none' in spec) return undefined;
  const settings = manifest.settings;
  if (spec.setting === 'ndmpPort') {
    if (settings.invalid.includes('ndmpPort')) return undefined;
    const port = settings.ndmpPort;
    return { set: PortSet.ports([port?.value ?? catalog.defaultNdmpPort]), setting: port?.range };
  }
  // Each range counts only when its own flag is on; an agent range that is off leaves data on all dynamic ports.
  const configured = spec.setting === 'agentRange' ? settings.agentRange : settings.serverRange;
  if (configured?.enabled?.value !== true) {
    return spec.default === 'dynamic-ports' ? { set: catalog.dynamicRange } : undefined;
  }
  const interval = configured.interval;
  const bounds = catalog.acceptedRangeBounds;
  if (!interval || interval.from < bounds.from || interval.to > bounds.to || interval.from > interval.to) return undefined;
  return { set: PortSet.range(interval.from, interval.to), setting: configured.text.range };
}

/** A required flow's identity across walks of the flows (each walk makes new objects): evaluations, observations and the flow map meet on it. */
export function requiredFlowKey(flow: RequiredFlow): string {
  return `${flow.service.id}\n${flow.from.index}\n${flow.to.index}`;
}

export function describeHost(host: HostModel): string {
  return host.address.value.toLowerCase() === 'any' ? excerpt(host.name.value) : `${excerpt(host.name.value)} (${excerpt(host.address.value)})`;
}

export function describeFlow(flow: RequiredFlow): string {
  const what = flow.windowsRules.length > 0 ? flow.windowsRules.map((r) => `"${r}"`).join(' and ') : `${flow.protocol.toUpperCase()} ${flow.ports}`;
  return `${flow.service.name} (${what}) from ${describeHost(flow.from)} to ${describeHost(flow.to)}`;
}
