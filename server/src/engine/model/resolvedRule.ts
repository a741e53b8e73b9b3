import type { Endpoint, EndpointKey, EndpointResolver } from './endpoints';
import type { HostModel, RuleModel } from './types';

export type MatchProtocol = 'tcp' | 'udp';

/** One (protocol, source, destination) a rule matches, with the keys first-match coverage (BEX201) files its ports under. */
export interface RuleCell {
  readonly protocol: MatchProtocol;
  readonly fromKey: EndpointKey;
  readonly toKey: EndpointKey;
}

/** What a rule's endpoints mean under one manifest. */
export interface ResolvedRule {
  readonly sources: readonly Endpoint[];
  readonly destinations: readonly Endpoint[];
  readonly anySource: boolean;
  readonly unknownEndpoint: boolean;
  readonly cells: readonly RuleCell[];
  /** Whether a destination is "any", which matches every manifest host. */
  readonly anyDestination: boolean;
  /** The manifest hosts its other destinations can match (every host is not listed for "any": there may be 180,000). */
  readonly targets: readonly HostModel[];
}

/** Computed once per rule text and manifest, however often the rule file around it is edited. */
export function resolvedRule(rule: RuleModel, endpoints: EndpointResolver): ResolvedRule {
  return rule.resolvedWith(endpoints, resolve);
}

function resolve(rule: RuleModel, endpoints: EndpointResolver): ResolvedRule {
  const isAny = (text: string) => endpoints.resolve(text).kind === 'any';
  const unknown = (text: string) => endpoints.resolve(text).kind === 'unknown';
  const cells: RuleCell[] = [];
  for (const protocol of rule.protocol === 'any' ? (['tcp', 'udp'] as const) : [rule.protocol]) {
    for (const from of rule.sources) {
      for (const to of rule.destinations) {
        cells.push({ protocol, fromKey: endpoints.key(from), toKey: endpoints.key(to) });
      }
    }
  }
  return {
    sources: rule.sources.map((text) => endpoints.resolve(text)),
    destinations: rule.destinations.map((text) => endpoints.resolve(text)),
    anySource: rule.sources.some(isAny),
    unknownEndpoint: rule.sources.some(unknown) || rule.destinations.some(unknown),
    cells,
    anyDestination: rule.destinations.some(isAny),
    targets: targetsOf(rule, endpoints),
  };
}

function targetsOf(rule: RuleModel, endpoints: EndpointResolver): readonly HostModel[] {
  const targets = new Set<HostModel>();
  for (const to of rule.destinations) {
    const endpoint = endpoints.resolve(to);
    if (endpoint.kind === 'any' || endpoint.kind === 'unknown') continue;
    else {
      const atom = endpoints.atom(to);
      const exact = atom !== undefined ? endpoints.hostsAt(atom) : undefined;
      if (exact) exact.forEach((h) => targets.add(h));
      else if (endpoint.kind === 'address') endpoints.hostsInside(endpoint.range).forEach((h) => targets.add(h));
    }
  }
  return targets.size > 0 ? [...targets] : NO_HOSTS;
}

const NO_HOSTS: readonly HostModel[] = Object.freeze([]);
