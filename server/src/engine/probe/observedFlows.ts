import type { CheckContext } from '../checks/types';
import { crossing, type FlowEvaluation } from '../flows/evaluateFlow';
import { requiredFlowKey, type RequiredFlow } from '../flows/requiredFlows';
import type { OffsetRange } from '../model/types';
import { excerpt } from '../util/excerpt';
import { PortSet } from '../util/portSet';
import { observationPlace } from './parseObservations';
import { DAY_MS, OBSERVATION_AHEAD_TOLERANCE_MS, type ExpectedResult, type Observation, type ObservationFile, type ObservedFlow, type ObservedPort } from './types';

/** A port's newest observation with the required flows it tests and what their firewalls say of that port. */
export interface ObservationVerdict {
  readonly observation: Observation;
  readonly expected: ExpectedResult;
  readonly stale: boolean;
  /** The flows (services) that need this port between the two hosts: usually one. */
  readonly flows: readonly RequiredFlow[];
  /** Their evaluations at the firewalls they cross, in the order `evaluations()` lists them. */
  readonly evaluations: readonly FlowEvaluation[];
}

/** A newest observation no required flow of the manifest stands for (BEX303). */
export interface UnmatchedObservation {
  readonly observation: Observation;
  /** Which value is wrong: where the diagnostic goes. */
  readonly place: OffsetRange;
  /** "the manifest has no host "fs09"", … */
  readonly reason: string;
}

export interface ObservationMatch {
  readonly flows: readonly ObservedFlow[];
  readonly verdicts: readonly ObservationVerdict[];
  readonly unmatched: readonly UnmatchedObservation[];
  /** Observations dated past the tolerance ahead of `now`: left out of the newest per port (BEX302). */
  readonly ahead: readonly Observation[];
}

export interface ObservationOptions {
  readonly files: readonly ObservationFile[];
  /** Milliseconds since 1970. */
  readonly now: number;
  readonly maxAgeDays: number;
}

/**
 * Meets each port's newest observation with the required TCP flows between its
 * two hosts that use that port, and says what the rule files expect there:
 * allowed when every firewall the flow crosses lets the port through, blocked
 * when one does not, unknown when a firewall's rule file was not read. Walks the
 * required flows once: a site may have millions.
 */
export function matchObservations(context: CheckContext, options: ObservationOptions): ObservationMatch {
  const { newest, ahead } = newestPerPort(options.files, options.now + OBSERVATION_AHEAD_TOLERANCE_MS);
  if (newest.length === 0) return { flows: [], verdicts: [], unmatched: [], ahead };
  const byPair = new Map<string, Observation[]>();
  for (const observation of newest) {
    const pair = pairKey(observation.from, observation.to);
    const list = byPair.get(pair);
    if (list) list.push(observation);
    else byPair.set(pair, [observation]);
  }
  const evaluations = evaluationsByFlow(context.evaluations());
  const unread = context.bindings.filter((b) => !b.ruleFile).map((b) => b.firewall);
  const matched = new Map<Observation, { flows: RequiredFlow[]; evaluations: FlowEvaluation[]; unknown: boolean }>();
  const requiredPorts = new Map<string, PortSet>();
  const flows: ObservedFlow[] = [];
  const staleBefore = options.now - options.maxAgeDays * DAY_MS;
  for (const flow of context.flows()) {
    if (flow.protocol !== 'tcp') continue;
    const pair = pairKey(flow.from.name.value, flow.to.name.value);
    const observed = byPair.get(pair);
    if (!observed) continue;
    requiredPorts.set(pair, (requiredPorts.get(pair) ?? PortSet.EMPTY).union(flow.ports));
    const here = observed.filter((o) => flow.ports.has(o.port));
    if (here.length === 0) continue;
    const key = requiredFlowKey(flow);
    const met = evaluations.get(key) ?? [];
    const unknown = unread.some((firewall) => crossing(flow, firewall) !== undefined);
    const ports: ObservedPort[] = [];
    for (const observation of here.sort((a, b) => a.port - b.port)) {
      const entry = matched.get(observation) ?? { flows: [], evaluations: [], unknown: false };
      entry.flows.push(flow);
      entry.evaluations.push(...met);
      entry.unknown ||= unknown;
      matched.set(observation, entry);
      ports.push({ observation, expected: expectedAt(observation.port, met, unknown), stale: observation.time < staleBefore });
    }
    flows.push({ key, from: flow.from.name.value, to: flow.to.name.value, serviceId: flow.service.id, ports });
  }
  const verdicts: ObservationVerdict[] = [];
  const unmatched: UnmatchedObservation[] = [];
  const hosts = new Set(context.manifest?.hosts.map((h) => h.name.value));
  const owned = new Set(options.files.filter((f) => f.owned).map((f) => f.uri));
  for (const observation of newest) {
    const entry = matched.get(observation);
    if (entry) {
      const expected = expectedAt(observation.port, entry.evaluations, entry.unknown);
      verdicts.push({ observation, expected, stale: observation.time < staleBefore, flows: entry.flows, evaluations: entry.evaluations });
      continue;
    }
    // One naming no host of this manifest belongs to another manifest, unless the file is this one's alone.
    if (!hosts.has(observation.from) && !hosts.has(observation.to) && !owned.has(observation.uri)) continue;
    unmatched.push({ observation, ...unmatchedReason(observation, hosts, requiredPorts.get(pairKey(observation.from, observation.to))) });
  }
  return { flows, verdicts, unmatched, ahead };
}

/**
 * Each (from, to, port)'s newest observation over all files: an earlier run of the probe is
 * history. Maps nested by host and port rather than one joined key: a month of results is
 * hundreds of thousands of lines, and a joined string per line is what that costs most.
 */
function newestPerPort(files: readonly ObservationFile[], aheadAfter: number): { newest: Observation[]; ahead: Observation[] } {
  const newest = new Map<string, Map<string, Map<number, Observation>>>();
  const ahead: Observation[] = [];
  for (const file of files) {
    for (const observation of file.observations) {
      if (observation.time > aheadAfter) {
        ahead.push(observation);
        continue;
      }
      let byTo = newest.get(observation.from);
      if (!byTo) newest.set(observation.from, (byTo = new Map()));
      let byPort = byTo.get(observation.to);
      if (!byPort) byTo.set(observation.to, (byPort = new Map()));
      const kept = byPort.get(observation.port);
      if (!kept || observation.time >= kept.time) byPort.set(observation.port, observation);
    }
  }
  return { newest: [...newest.values()].flatMap((byTo) => [...byTo.values()].flatMap((byPort) => [...byPort.values()])), ahead };
}

const pairKey = (from: string, to: string) => `${from}\n${to}`;

function evaluationsByFlow(all: readonly FlowEvaluation[]): Map<string, FlowEvaluation[]> {
  const byFlow = new Map<string, FlowEvaluation[]>();
  for (const evaluation of all) {
    const key = requiredFlowKey(evaluation.flow);
    const list = byFlow.get(key);
    if (list) list.push(evaluation);
    else byFlow.set(key, [evaluation]);
  }
  return byFlow;
}

function expectedAt(port: number, evaluations: readonly FlowEvaluation[], unknown: boolean): ExpectedResult {
  if (evaluations.some((e) => !e.allowed.has(port))) return 'blocked';
  return unknown ? 'unknown' : 'allowed';
}

/** Why no required flow stands for an observation, at the value that is wrong. */
function unmatchedReason(observation: Observation, hosts: ReadonlySet<string>, required: PortSet | undefined): Omit<UnmatchedObservation, 'observation'> {
  const knowsFrom = hosts.has(observation.from);
  const knowsTo = hosts.has(observation.to);
  const place = (key: 'from' | 'to' | 'port') => observationPlace(observation, key);
  if (!knowsFrom && !knowsTo) return { place: place('from'), reason: `the manifest has neither host "${excerpt(observation.from)}" nor "${excerpt(observation.to)}"` };
  if (!knowsFrom) return { place: place('from'), reason: `the manifest has no host "${excerpt(observation.from)}"` };
  if (!knowsTo) return { place: place('to'), reason: `the manifest has no host "${excerpt(observation.to)}"` };
  const ports = required && !required.isEmpty ? `: the required TCP ports between them are ${required}` : ': no required TCP flow goes from the one to the other';
  return { place: place('port'), reason: `no required flow from "${excerpt(observation.from)}" to "${excerpt(observation.to)}" uses TCP ${observation.port}${ports}` };
}
