import type { Location } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/catalog';
import type { FlowEvaluation } from '../flows/evaluateFlow';
import { requiredFlowKey, requiredFlows, type RequiredFlow } from '../flows/requiredFlows';
import type { UncheckedFirewall } from '../flows/uncheckedFlows';
import { flowPorts, problemText } from '../language/flowTable';
import type { HostModel } from '../model/types';
import type { CheckReport } from '../service';
import { byCrossingOrder, flowState, revealOf } from './flowState';
import { locator, type Locator } from './locations';
import { mapObservation } from './observed';
import { mapFindings, mapFirewalls, mapHosts } from './siteParts';
import type { FlowCrossing, FlowMap, FlowMapSource } from './types';

/** More required flows than a drawing can hold: past it the map shows the first ones and says how many there are. */
export const FLOW_MAP_LIMIT = 5000;

/**
 * The flow map of a checked manifest: every required flow (not only those a
 * firewall sees), each with its state at every firewall it crosses, the rule
 * that allows it or the diagnostic that reports it, and its sources.
 */
export function buildFlowMap(report: CheckReport, catalog: Catalog): FlowMap {
  const manifest = report.manifest;
  if (!manifest) return { manifestUri: '', hosts: [], firewalls: [], flows: [], findings: mapFindings(report) };
  const locate = locator(report);
  const crossings = crossingsByFlow(report, locate);
  const observed = new Map(report.observedFlows.map((flow) => [flow.key, flow]));
  const hostKey = hostKeys(manifest.hosts);
  const flows: FlowMap['flows'][number][] = [];
  let total = 0;
  for (const flow of requiredFlows(manifest, catalog)) {
    if (++total > FLOW_MAP_LIMIT) continue;
    const key = requiredFlowKey(flow);
    const met = (crossings.get(key) ?? []).sort(byCrossingOrder);
    const observation = observed.get(key);
    const state = flowState(met.map((c) => c.crossing));
    flows.push({
      id: `${flow.service.id}:${hostKey(flow.from)}>${hostKey(flow.to)}`,
      serviceId: flow.service.id,
      service: flow.service.name,
      from: flow.from.name.value,
      to: flow.to.name.value,
      ports: flowPorts(flow),
      state,
      crossings: met.map((c) => c.crossing),
      sources: sourcesOf(flow, catalog),
      reveal: revealOf(met, locate.manifest(flow.to.name.range)),
      ...(observation && observation.ports.length > 0 ? { observed: mapObservation(observation, locate) } : {}),
    });
  }
  return {
    manifestUri: manifest.uri,
    hosts: mapHosts(manifest, catalog, locate),
    firewalls: mapFirewalls(report, locate),
    flows,
    findings: mapFindings(report),
    ...(total > FLOW_MAP_LIMIT ? { truncated: { flows: total, limit: FLOW_MAP_LIMIT } } : {}),
  };
}

/**
 * A host as flow ids name it: its name, and its place in the list when the
 * name repeats (BEX016), so a click on one of two same-named hosts' flows opens its own.
 */
function hostKeys(hosts: readonly HostModel[]): (host: HostModel) => string {
  const seen = new Map<string, number>();
  for (const host of hosts) seen.set(host.name.value, (seen.get(host.name.value) ?? 0) + 1);
  return (host) => (seen.get(host.name.value)! > 1 ? `${host.name.value}#${host.index + 1}` : host.name.value);
}

/** A crossing with what a click opens there: the unread file's entry in the manifest for an unchecked one. */
export interface PlacedCrossing {
  readonly crossing: FlowCrossing;
  /** Whether the firewall is a host's own (the order a flow meets firewalls). */
  readonly onHost: boolean;
  /** The firewall's entry in the manifest. */
  readonly firewallPlace: Location;
  readonly unreadFile?: Location;
}

function crossingsByFlow(report: CheckReport, locate: Locator): Map<string, PlacedCrossing[]> {
  const byFlow = new Map<string, PlacedCrossing[]>();
  const add = (flow: RequiredFlow, placed: PlacedCrossing) => {
    const key = requiredFlowKey(flow);
    const list = byFlow.get(key);
    if (list) list.push(placed);
    else byFlow.set(key, [placed]);
  };
  for (const evaluation of report.evaluations) {
    const { firewall } = evaluation;
    add(evaluation.flow, { crossing: evaluatedCrossing(evaluation, report, locate), onHost: firewall.host !== undefined, firewallPlace: locate.manifest(firewall.name.range) });
  }
  for (const unchecked of report.unchecked) {
    for (const { flow, direction } of unchecked.flows) add(flow, uncheckedCrossing(unchecked, direction, locate));
  }
  return byFlow;
}

function evaluatedCrossing(evaluation: FlowEvaluation, report: CheckReport, locate: Locator): FlowCrossing {
  const reported = report.flowDiagnostics.get(evaluation);
  return {
    firewall: evaluation.firewall.name.value,
    direction: evaluation.direction,
    state: evaluation.problem === undefined ? 'allowed' : evaluation.problem === 'partial' ? 'partial' : 'blocked',
    status: evaluation.problem === undefined && evaluation.allowedBy.length === 0 && evaluation.missingWindowsRules.length === 0 ? `allowed by the ${evaluation.direction} default` : problemText(evaluation.problem),
    allowedBy: evaluation.allowedBy.map(({ rule }) => ({ name: rule.name, place: locate.rule(rule) })),
    ...(reported ? { finding: locate.finding(reported.uri, reported.diagnostic) } : {}),
  };
}

function uncheckedCrossing(unchecked: UncheckedFirewall, direction: FlowCrossing['direction'], locate: Locator): PlacedCrossing {
  const file = unchecked.unread[0];
  const { firewall } = unchecked;
  return {
    onHost: firewall.host !== undefined,
    firewallPlace: locate.manifest(firewall.name.range),
    crossing: {
      firewall: unchecked.firewall.name.value,
      direction,
      state: 'unknown',
      status: `not checked: rule file ${file.rulesPath.value} ${unchecked.failure === 'missing' ? 'is missing' : unchecked.failure === 'too large' ? 'is too large' : 'cannot be read'}`,
      allowedBy: [],
    },
    unreadFile: locate.manifest(file.rulesPath.range),
  };
}

function sourcesOf(flow: RequiredFlow, catalog: Catalog): FlowMapSource[] {
  return flow.service.sources.flatMap(({ id }) => {
    const source = catalog.source(id);
    return source ? [{ id, title: source.title, ...(source.url ? { url: source.url } : {}) }] : [];
  });
}
