import type { Catalog } from '../catalog/catalog';
import { crossing, evaluateFlow, type FlowEvaluation } from '../flows/evaluateFlow';
import { RuleSet } from '../flows/ruleSet';
import { requiredFlows } from '../flows/requiredFlows';
import { EndpointResolver } from '../model/endpoints';
import type { FirewallModel, ManifestModel, RuleFileModel } from '../model/types';
import { matchObservations, type ObservationMatch } from '../probe/observedFlows';
import type { CheckContext, CheckOptions, FirewallBinding } from './types';

const NOTHING_OBSERVED: ObservationMatch = { flows: [], verdicts: [], unmatched: [], ahead: [] };

/** One resolver per manifest model, so what it learnt survives checks where only a rule file changed. */
const resolvers = new WeakMap<ManifestModel, EndpointResolver>();

function resolverFor(manifest: ManifestModel | undefined): EndpointResolver {
  if (!manifest) return new EndpointResolver(undefined);
  let resolver = resolvers.get(manifest);
  if (!resolver) resolvers.set(manifest, (resolver = new EndpointResolver(manifest)));
  return resolver;
}

/** Builds the shared, lazily computed facts the checks read. */
export function createCheckContext(
  catalog: Catalog,
  manifest: ManifestModel | undefined,
  bindings: readonly FirewallBinding[],
  ruleFiles: readonly RuleFileModel[],
  options: CheckOptions,
): CheckContext {
  const endpoints = resolverFor(manifest);
  let evaluations: FlowEvaluation[] | undefined;
  let observations: ObservationMatch | undefined;
  const byRuleFile = new Map<RuleFileModel, FirewallBinding>();
  for (const binding of bindings) if (binding.ruleFile) byRuleFile.set(binding.ruleFile, binding);
  const context: CheckContext = {
    catalog,
    manifest,
    bindings,
    ruleFiles,
    endpoints,
    options,
    flows: () => (manifest ? requiredFlows(manifest, catalog) : []),
    evaluations: () => (evaluations ??= evaluateAll(context, bindings, endpoints)),
    bindingOf: (ruleFile) => byRuleFile.get(ruleFile),
    observations: () => (observations ??= options.observed ? matchObservations(context, options.observed) : NOTHING_OBSERVED),
  };
  return context;
}

/**
 * The evaluations of a firewall's rule set, per manifest (its resolver), kept
 * with the set's first file: a rule file whose text did not change keeps its
 * model, so a check after an edit of one of a site's rule files evaluates the
 * flows of the firewalls that name that file only.
 */
const evaluated = new WeakMap<EndpointResolver, WeakMap<RuleFileModel, Map<FirewallModel, KeptEvaluations>>>();

interface KeptEvaluations {
  readonly files: readonly RuleFileModel[];
  readonly evaluations: FlowEvaluation[];
}

function evaluateAll(context: CheckContext, bindings: readonly FirewallBinding[], endpoints: EndpointResolver): FlowEvaluation[] {
  let byRuleFile = evaluated.get(endpoints);
  if (!byRuleFile) evaluated.set(endpoints, (byRuleFile = new WeakMap()));
  const result: FlowEvaluation[] = [];
  for (const [firewall, files] of ruleSetsOf(bindings)) {
    let byFirewall = byRuleFile.get(files[0]);
    if (!byFirewall) byRuleFile.set(files[0], (byFirewall = new Map()));
    let kept = byFirewall.get(firewall);
    if (!kept || !sameFiles(kept.files, files)) byFirewall.set(firewall, (kept = { files, evaluations: evaluateAt(context, new RuleSet(firewall, files), endpoints) }));
    result.push(...kept.evaluations);
  }
  return result;
}

/** Each firewall's rule files in the manifest's order; a firewall with a file that cannot be read is not evaluated (BEX017 says why). */
function ruleSetsOf(bindings: readonly FirewallBinding[]): Map<FirewallModel, RuleFileModel[]> {
  const sets = new Map<FirewallModel, RuleFileModel[]>();
  const unreadable = new Set<FirewallModel>();
  for (const { firewall, ruleFile } of bindings) {
    if (!ruleFile) unreadable.add(firewall);
    else sets.set(firewall, [...(sets.get(firewall) ?? []), ruleFile]);
  }
  for (const firewall of unreadable) sets.delete(firewall);
  return sets;
}

const sameFiles = (a: readonly RuleFileModel[], b: readonly RuleFileModel[]) => a.length === b.length && a.every((file, i) => file === b[i]);

function evaluateAt(context: CheckContext, ruleSet: RuleSet, endpoints: EndpointResolver): FlowEvaluation[] {
  const evaluations: FlowEvaluation[] = [];
  for (const flow of context.flows()) {
    const direction = crossing(flow, ruleSet.firewall);
    if (direction) evaluations.push(evaluateFlow(flow, ruleSet, direction, endpoints));
  }
  return evaluations;
}
