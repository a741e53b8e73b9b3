import type { EndpointResolver } from '../model/endpoints';
import type { HostModel, RuleFileModel, RuleModel, RuleSyntax } from '../model/types';
import { rangeContains } from '../util/address';

/** A rule's destinations depend on its text and the manifest (the resolver) alone: kept across checks. */
const targetsByResolver = new WeakMap<EndpointResolver, WeakMap<RuleSyntax, readonly HostModel[]>>();

function targetsOf(rule: RuleModel, endpoints: EndpointResolver, hosts: readonly HostModel[], hostsByAtom: ReadonlyMap<string, HostModel[]>): HostModel[] {
  const targets = new Set<HostModel>();
  for (const to of rule.destinations) {
    const endpoint = endpoints.resolve(to);
    if (endpoint.kind === 'any') hosts.forEach((h) => targets.add(h));
    else if (endpoint.kind === 'unknown') continue;
    else {
      const key = endpoints.atomKey(to);
      const exact = key ? hostsByAtom.get(key) : undefined;
      if (exact) exact.forEach((h) => targets.add(h));
      else if (endpoint.kind === 'address') {
        for (const host of hosts) if (host.addressRange && rangeContains(endpoint.range, host.addressRange)) targets.add(host);
      }
    }
  }
  return [...targets];
}

/**
 * For each manifest host, the active rules whose destination can match it, in
 * file order. Built once per check, it lets each flow look at a handful of
 * rules instead of all of a 50,000-rule file.
 */
export class DestinationIndex {
  private readonly byHost = new Map<HostModel, RuleModel[]>();

  constructor(ruleFile: RuleFileModel, endpoints: EndpointResolver, hosts: readonly HostModel[]) {
    const hostsByAtom = new Map<string, HostModel[]>();
    for (const host of hosts) {
      this.byHost.set(host, []);
      const key = endpoints.atomKey(host.name.value);
      if (key) hostsByAtom.set(key, [...(hostsByAtom.get(key) ?? []), host]);
    }
    let known = targetsByResolver.get(endpoints);
    if (!known) targetsByResolver.set(endpoints, (known = new WeakMap()));
    for (const rule of ruleFile.rules) {
      if (!rule.enabled || !rule.usable) continue;
      let targets = known.get(rule.syntax);
      if (!targets) known.set(rule.syntax, (targets = targetsOf(rule, endpoints, hosts, hostsByAtom)));
      for (const host of targets) this.byHost.get(host)!.push(rule);
    }
  }

  rulesTo(host: HostModel): readonly RuleModel[] {
    return this.byHost.get(host) ?? [];
  }
}
