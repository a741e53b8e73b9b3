import type { Catalog, Service } from '../catalog/catalog';
import { requiredFlows, type RequiredFlow } from '../flows/requiredFlows';
import type { HostModel, ManifestModel } from '../model/types';
import { parseAddressOrCidr } from '../util/address';
import { excerpt } from '../util/excerpt';
import { formatInterval, PortSet, type PortInterval } from '../util/portSet';
import { PROBE_RESULTS_SUFFIX, type ListenPlan, type ListenPort, type ProbePlan, type ProbeSkip, type ProbeTarget } from './types';

/**
 * What `befw probe` tests (docs/probe.md): from one host, every required TCP
 * flow starting there, and on a destination, listeners on the samples of the
 * dynamic ranges its sources test. The numbers below are befw's choices, not
 * Backup Exec facts: each script's help says them.
 */

/** How long one connect may take before it counts as `timeout`: a reachable host on a LAN or WAN answers well within it. */
export const PROBE_TIMEOUT_SECONDS = 3;
/** How long the listener script keeps its ports open by default: time to run the probe scripts of the sources. */
export const DEFAULT_LISTEN_MINUTES = 10;
/** The longest `--minutes` accepted: listeners are a test, not a service. */
export const MAX_LISTEN_MINUTES = 120;
/** Ports tested inside a dynamic range besides its first and last. */
const SAMPLES_INSIDE = 3;

/**
 * The ports a probe tests of a port set: every port of an interval of a few
 * ports (a fixed set is all such); of a longer range its first and last port
 * and SAMPLES_INSIDE ports evenly between them.
 */
export function samplePorts(set: PortSet): number[] {
  return set.intervals.flatMap(intervalSamples);
}

function intervalSamples({ from, to }: PortInterval): number[] {
  const span = to - from;
  if (span <= SAMPLES_INSIDE + 1) return Array.from({ length: span + 1 }, (_, i) => from + i);
  const inside = Array.from({ length: SAMPLES_INSIDE }, (_, i) => from + Math.round((span * (i + 1)) / (SAMPLES_INSIDE + 1)));
  return [from, ...inside, to];
}

/**
 * The one address or name a connect can go to, from a manifest's address or an
 * `--address` value: an IPv4 or IPv6 address (a /32 or /128, or a range of one
 * address, is one), or a DNS name; undefined for `any` and for a subnet or range.
 */
export function singleAddress(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'any') return undefined;
  const range = parseAddressOrCidr(trimmed);
  if (range) return range.first === range.last ? trimmed.split(/[/-]/)[0].trim() : undefined;
  return DNS_NAME.test(trimmed) && /[A-Za-z]/.test(trimmed) ? trimmed : undefined;
}

/** A DNS host name: labels of letters, digits and inner dashes, joined by dots. */
const DNS_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

export interface ProbePlanOptions {
  /** The manifest's file name, for the script's help. */
  readonly manifestName: string;
  /** Addresses given for hosts (`--address <host>=<address>`), by host name: they win over the manifest's. */
  readonly addresses?: ReadonlyMap<string, string>;
}

/** What the probe script of host `host` tests: every required TCP flow starting there, per destination. */
export function probePlan(manifest: ManifestModel, catalog: Catalog, host: string, { manifestName, addresses }: ProbePlanOptions): ProbePlan {
  const targets = new Map<HostModel, { address: string; ports: Map<number, { services: string[]; sampleOf?: string }> }>();
  const skipped: ProbeSkip[] = [];
  for (const flow of requiredFlows(manifest, catalog)) {
    if (flow.from.name.value !== host) continue;
    const to = flow.to.name.value;
    const skip = (reason: string) => skipped.push({ to, what: flowWhat(flow), reason });
    if (flow.windowsRules.length > 0) {
      skip(`it needs the predefined Windows rules ${flow.windowsRules.map((rule) => `"${rule}"`).join(' and ')} rather than ports: a connect cannot test them; see that they are enabled on ${to}`);
      continue;
    }
    if (flow.protocol !== 'tcp') {
      skip('an unanswered UDP datagram says nothing: a connect can test TCP only');
      continue;
    }
    const given = addresses?.get(to);
    const address = given ?? singleAddress(flow.to.address.value);
    if (address === undefined) {
      skip(`${addressWord(flow.to.address.value)}: give one with ${addressOption(to)}`);
      continue;
    }
    let target = targets.get(flow.to);
    if (!target) targets.set(flow.to, (target = { address, ports: new Map() }));
    for (const { port, sampleOf } of flowPorts(flow)) {
      const entry = target.ports.get(port) ?? { services: [] };
      if (!entry.services.includes(flow.service.name)) entry.services.push(flow.service.name);
      if (sampleOf !== undefined) entry.sampleOf ??= sampleOf;
      target.ports.set(port, entry);
    }
  }
  return {
    from: host,
    manifestName,
    targets: [...targets]
      .sort(([a], [b]) => a.index - b.index)
      .map(([to, { address, ports }]): ProbeTarget => ({ to: to.name.value, address, ports: sortedPorts(ports) })),
    skipped,
    timeoutSeconds: PROBE_TIMEOUT_SECONDS,
    resultsFile: `${host}${PROBE_RESULTS_SUFFIX}`,
  };
}

export interface ListenPlanOptions {
  readonly manifestName: string;
  /** How long the listeners stay open; DEFAULT_LISTEN_MINUTES when not given. */
  readonly minutes?: number;
}

/**
 * What the listener script of host `host` opens: the samples of every dynamic
 * range a required TCP flow ends on there (nothing listens on those ports when
 * no job runs). Fixed ports are Backup Exec's own listeners, left to it, even
 * when a range holds one (an agent range 9990-10010 holds the NDMP port 10000).
 */
export function listenPlan(manifest: ManifestModel, catalog: Catalog, host: string, { manifestName, minutes }: ListenPlanOptions): ListenPlan {
  const flows = [...requiredFlows(manifest, catalog)].filter((flow) => flow.to.name.value === host && flow.protocol === 'tcp');
  const fixed = flows.filter((flow) => !isDynamicRange(flow.service)).reduce((set, flow) => set.union(flow.ports), PortSet.EMPTY);
  const ports = new Map<number, { services: string[]; sampleOf: string; from: string[] }>();
  for (const flow of flows) {
    if (!isDynamicRange(flow.service)) continue;
    for (const { port, sampleOf } of flowPorts(flow)) {
      if (fixed.has(port)) continue;
      const entry = ports.get(port) ?? { services: [], sampleOf: sampleOf!, from: [] };
      if (!entry.services.includes(flow.service.name)) entry.services.push(flow.service.name);
      if (!entry.from.includes(flow.from.name.value)) entry.from.push(flow.from.name.value);
      ports.set(port, entry);
    }
  }
  return { host, manifestName, ports: sortedPorts(ports) as ListenPort[], minutes: minutes ?? DEFAULT_LISTEN_MINUTES };
}

/** A data range the Backup Exec settings configure (or the dynamic ports when not): its ports are opened per job, so a probe samples them. */
function isDynamicRange(service: Service): boolean {
  return 'setting' in service.ports && service.ports.setting !== 'ndmpPort';
}

/** The ports a probe tests of a flow, each with the range it samples when the flow's ports are a dynamic range. */
function flowPorts(flow: RequiredFlow): { port: number; sampleOf?: string }[] {
  const dynamic = isDynamicRange(flow.service);
  return flow.ports.intervals.flatMap((interval) => intervalSamples(interval).map((port) => ({ port, sampleOf: dynamic ? formatInterval(interval) : undefined })));
}

function sortedPorts<T extends object>(ports: Map<number, T>): (T & { port: number })[] {
  return [...ports].sort(([a], [b]) => a - b).map(([port, entry]) => ({ port, ...entry }));
}

function flowWhat(flow: RequiredFlow): string {
  return flow.windowsRules.length > 0 ? `${flow.service.name} (predefined Windows rules)` : `${flow.service.name} (${flow.protocol.toUpperCase()} ${flow.ports})`;
}

function addressWord(written: string): string {
  const address = written.trim();
  if (address.toLowerCase() === 'any') return 'its address is any';
  if (!parseAddressOrCidr(address)) return `its address ${excerpt(address)} is not one address`;
  return `its address is the ${address.includes('/') ? 'subnet' : 'range'} ${address}`;
}

/** `--address <host>=<address>` as typed in a shell: quoted when the name holds more than letters, digits, dots, dashes and underscores. */
function addressOption(host: string): string {
  const value = `${host}=<address>`;
  return /^[A-Za-z0-9._-]+$/.test(host) ? `--address ${value}` : `--address '${value.replace(/'/g, `'\\''`)}'`;
}
