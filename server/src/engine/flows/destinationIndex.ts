import type { EndpointResolver } from '../model/endpoints';
import { resolvedRule } from '../model/resolvedRule';
import type { HostModel, RuleFileModel, RuleModel } from '../model/types';

/**
 * For each manifest host, the active rules whose destination can match it, in
 * file order. Built once per check, it lets each flow look at a handful of
 * rules instead of all of a 50,000-rule file.
 */
export class DestinationIndex {
  private readonly byHost = new Map<HostModel, RuleModel[]>();

  constructor(ruleFile: RuleFileModel, endpoints: EndpointResolver, hosts: readonly HostModel[]) {
    for (const host of hosts) this.byHost.set(host, []);
    for (const rule of ruleFile.rules) {
      if (!rule.enabled || !rule.usable) continue;
      for (const host of resolvedRule(rule, endpoints).targets) this.byHost.get(host)?.push(rule);
    }
  }

  rulesTo(host: HostModel): readonly RuleModel[] {
    return this.byHost.get(host) ?? [];
  }
}
