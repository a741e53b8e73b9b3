import type { Location } from 'vscode-languageserver-types';
import { locator } from '../flowmap/locations';
import { requiredFlowKey } from '../flows/requiredFlows';
import type { OffsetRange, RuleModel } from '../model/types';
import { contradictionOf, newestObservation, withContradiction } from '../probe/observationFacts';
import { observationSummary } from '../probe/observationText';
import type { ObservedPort } from '../probe/types';
import type { CheckReport } from '../service';

/** What probes observed, above a host entry of the manifest or an allow rule of a rule file. */
export interface ObservationLens {
  /** In the file asked for. */
  readonly range: OffsetRange;
  /** "verified open 2026-11-24 10:12 from be01", "timed out … — contradicts the rule files (BEX300)". */
  readonly title: string;
  /** The newest observation's line in its results file: what a click opens. */
  readonly reveal: Location;
}

/**
 * One lens per host entry that observed flows end at (in the manifest), or
 * per allow rule that lets observed ports through (in a rule file): the
 * summary of all those ports, never one lens per port.
 */
export function observationLenses(report: CheckReport, uri: string): ObservationLens[] {
  const manifest = report.manifest;
  if (!manifest || report.observedFlows.length === 0) return [];
  const locate = locator(report);
  const lens = (range: OffsetRange, ports: readonly ObservedPort[]): ObservationLens => ({
    range,
    title: withContradiction(observationSummary(ports), contradictionOf(ports)),
    reveal: locate.observation(newestObservation(ports)!),
  });
  if (uri === manifest.uri) {
    // Observations name hosts by name: a repeated name (BEX016) shows the same lens on each entry.
    return manifest.hosts.flatMap((host) => {
      const ports = report.observedFlows.filter((flow) => flow.to === host.name.value).flatMap((flow) => flow.ports);
      return ports.length > 0 ? [lens(host.name.range, ports)] : [];
    });
  }
  return [...portsByAllowRule(report, uri)].map(([rule, ports]) => lens(rule.range, [...ports]));
}

/** The observed ports each allow rule of `uri` lets through, rules in file order. */
function portsByAllowRule(report: CheckReport, uri: string): Map<RuleModel, Set<ObservedPort>> {
  const observed = new Map(report.observedFlows.map((flow) => [flow.key, flow]));
  const byRule = new Map<RuleModel, Set<ObservedPort>>();
  for (const evaluation of report.evaluations) {
    const flow = observed.get(requiredFlowKey(evaluation.flow));
    if (!flow) continue;
    for (const { rule, ports } of evaluation.allowedBy) {
      if (rule.uri !== uri) continue;
      const allowed = flow.ports.filter((port) => ports.has(port.observation.port));
      if (allowed.length === 0) continue;
      const set = byRule.get(rule) ?? new Set<ObservedPort>();
      allowed.forEach((port) => set.add(port));
      byRule.set(rule, set);
    }
  }
  return new Map([...byRule].sort(([a], [b]) => a.range[0] - b.range[0]));
}
