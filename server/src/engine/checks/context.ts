import type { Catalog } from '../catalog/catalog';
import { DestinationIndex } from '../flows/destinationIndex';
import { crossing, evaluateFlow, type FlowEvaluation } from '../flows/evaluateFlow';
import { deriveRequiredFlows, type RequiredFlow } from '../flows/requiredFlows';
import { EndpointResolver } from '../model/endpoints';
import type { HostModel, ManifestModel, RuleFileModel } from '../model/types';
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
  let flows: RequiredFlow[] | undefined;
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
    flows: () => (flows ??= manifest ? deriveRequiredFlows(manifest, catalog) : []),
    evaluations: () => (evaluations ??= evaluateAll(context.flows(), bindings, endpoints, manifest?.hosts ?? [])),
    bindingOf: (ruleFile) => byRuleFile.get(ruleFile),
  };
  return context;
}

function evaluateAll(
  flows: readonly RequiredFlow[],
  bindings: readonly FirewallBinding[],
  endpoints: EndpointResolver,
  hosts: readonly HostModel[],
): FlowEvaluation[] {
  const result: FlowEvaluation[] = [];
  const indexes = new Map<RuleFileModel, DestinationIndex>();
  for (const binding of bindings) {
    if (!binding.ruleFile) continue;
    const ruleFile = binding.ruleFile;
    let index = indexes.get(ruleFile);
    if (!index) indexes.set(ruleFile, (index = new DestinationIndex(ruleFile, endpoints, hosts)));
    for (const flow of flows) {
      const direction = crossing(flow, binding.firewall);
      if (direction) result.push(evaluateFlow(flow, binding.firewall, ruleFile, direction, endpoints, index));
    }
  }
  return result;
}
