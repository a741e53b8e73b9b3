import type { RuleModel } from '../model/types';

/** Rules take part in matching only when enabled and fully readable. */
export function isActive(rule: RuleModel): boolean {
  return rule.enabled && rule.usable;
}

/** BEX201 and BEX202 both need the duplicates of a rule list: found once per list. */
const duplicatesByList = new WeakMap<readonly RuleModel[], Map<RuleModel, RuleModel>>();

/** Index of the earlier active rule each active rule duplicates. */
export function duplicates(rules: readonly RuleModel[]): Map<RuleModel, RuleModel> {
  let found = duplicatesByList.get(rules);
  if (!found) duplicatesByList.set(rules, (found = findDuplicates(rules)));
  return found;
}

function findDuplicates(rules: readonly RuleModel[]): Map<RuleModel, RuleModel> {
  const first = new Map<string, RuleModel>();
  const result = new Map<RuleModel, RuleModel>();
  for (const rule of rules) {
    if (!isActive(rule)) continue;
    const signature = rule.signature;
    const earlier = first.get(signature);
    if (earlier) result.set(rule, earlier);
    else first.set(signature, rule);
  }
  return result;
}
