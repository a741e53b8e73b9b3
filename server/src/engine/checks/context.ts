import type { Catalog } from '../catalog/catalog';
import { destinationIndex, type DestinationIndex } from '../flows/destinationIndex';
import { crossing, evaluateFlow, type FlowEvaluation } from '../flows/evaluateFlow';
import { requiredFlows } from '../flows/requiredFlows';
import { EndpointResolver } from '../model/endpoints';
import type { FirewallModel, ManifestModel, RuleFileModel } from '../model/types';
import type { CheckContext, CheckOptions, FirewallBinding } from './types';

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
  };
  return context;
}

/**
 * The evaluations of a rule file at a firewall, per manifest (its resolver):
 * a rule file whose text did not change keeps its model, so a check after an
 * edit of one of a site's rule files evaluates the flows of that file only.
 */
const evaluated = new WeakMap<EndpointResolver, WeakMap<RuleFileModel, Map<FirewallModel, FlowEvaluation[]>>>();

function evaluateAll(context: CheckContext, bindings: readonly FirewallBinding[], endpoints: EndpointResolver): FlowEvaluation[] {
  let byRuleFile = evaluated.get(endpoints);
  if (!byRuleFile) evaluated.set(endpoints, (byRuleFile = new WeakMap()));
  const result: FlowEvaluation[] = [];
  for (const { firewall, ruleFile } of bindings) {
    if (!ruleFile) continue;
    let byFirewall = byRuleFile.get(ruleFile);
    if (!byFirewall) byRuleFile.set(ruleFile, (byFirewall = new Map()));
    let evaluations = byFirewall.get(firewall);
    if (!evaluations) byFirewall.set(firewall, (evaluations = evaluateAt(context, firewall, ruleFile, endpoints)));
    result.push(...evaluations);
  }
  return result;
}

function evaluateAt(context: CheckContext, firewall: FirewallModel, ruleFile: RuleFileModel, endpoints: EndpointResolver): FlowEvaluation[] {
  const evaluations: FlowEvaluation[] = [];
  let index: DestinationIndex | undefined;
  for (const flow of context.flows()) {
    const direction = crossing(flow, firewall);
    if (direction) evaluations.push(evaluateFlow(flow, firewall, ruleFile, direction, endpoints, (index ??= destinationIndex(ruleFile, endpoints))));
  }
  return evaluations;
}
