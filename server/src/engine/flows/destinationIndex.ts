import type { EndpointResolver } from '../model/endpoints';
import { resolvedRule } from '../model/resolvedRule';
import type { HostModel, RuleFileModel, RuleModel } from '../model/types';

/**
 * For each manifest host, the active rules whose destination can match it, in
 * file order. Built once per check, it lets each flow look at a handful of
 * rules instead of all of a 50,000-rule file.
 */
export class DestinationIndex {
  /** Only hosts some rule names have an entry: a manifest may list 180,000 hosts and a rule file name ten. */
  private readonly byHost = new Map<HostModel, RuleModel[]>();
  /** Rules to "any", which reach every host. */
  private readonly toAnyHost: RuleModel[] = [];

  constructor(ruleFile: RuleFileModel, endpoints: EndpointResolver) {
    for (const rule of ruleFile.rules) {
      if (!rule.enabled || !rule.usable) continue;
      const resolved = resolvedRule(rule, endpoints);
      if (resolved.anyDestination) {
        this.toAnyHost.push(rule);
        continue;
      }
      for (const host of resolved.targets) {
        const rules = this.byHost.get(host);
        if (rules) rules.push(rule);
        else this.byHost.set(host, [rule]);
      }
    }
  }

  /** In file order; merged as they are read, since a first-match evaluation often stops after a few. */
  rulesTo(host: HostModel): Iterable<RuleModel> {
    const named = this.byHost.get(host) ?? [];
    if (this.toAnyHost.length === 0) return named;
    if (named.length === 0) return this.toAnyHost;
    return mergeInFileOrder(named, this.toAnyHost);
  }
}

/** One index per rule file model and manifest: several firewalls may share a rule file. */
const indexes = new WeakMap<EndpointResolver, WeakMap<RuleFileModel, DestinationIndex>>();

export function destinationIndex(ruleFile: RuleFileModel, endpoints: EndpointResolver): DestinationIndex {
  let byRuleFile = indexes.get(endpoints);
  if (!byRuleFile) indexes.set(endpoints, (byRuleFile = new WeakMap()));
  let index = byRuleFile.get(ruleFile);
  if (!index) byRuleFile.set(ruleFile, (index = new DestinationIndex(ruleFile, endpoints)));
  return index;
}

function* mergeInFileOrder(a: readonly RuleModel[], b: readonly RuleModel[]): Generator<RuleModel> {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) yield j >= b.length || (i < a.length && a[i].index < b[j].index) ? a[i++] : b[j++];
}
