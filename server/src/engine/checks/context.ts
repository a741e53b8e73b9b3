import type { Catalog } from '../catalog/catalog';
import { DestinationIndex } from '../flows/destinationIndex';
import { crossing, evaluateFlow, type FlowEvaluation } from '../flows/evaluateFlow';
import { requiredFlows } from '../flows/requiredFlows';
import { EndpointResolver } from '../model/endpoints';
import type { ManifestModel, RuleFileModel } from '../model/types';
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

function evaluateAll(context: CheckContext, bindings: readonly FirewallBinding[], endpoints: EndpointResolver): FlowEvaluation[] {
  const result: FlowEvaluation[] = [];
  const indexes = new Map<RuleFileModel, DestinationIndex>();
  for (const binding of bindings) {
    if (!binding.ruleFile) continue;
    const ruleFile = binding.ruleFile;
    let index = indexes.get(ruleFile);
    if (!index) indexes.set(ruleFile, (index = new DestinationIndex(ruleFile, endpoints)));
    for (const flow of context.flows()) {
      const direction = crossing(flow, binding.firewall);
      if (direction) result.push(evaluateFlow(flow, binding.firewall, ruleFile, direction, endpoints, index));
    }
  }
  return result;
}
