import type { RuleModel, RuleSyntax } from '../model/types';

/** Rules take part in matching only when enabled and fully readable. */
export function isActive(rule: RuleModel): boolean {
  return rule.enabled && rule.usable;
}

/** Signatures by rule text: an unchanged rule keeps its signature from one check to the next. */
const signatures = new WeakMap<RuleSyntax, string>();

/** Two rules with the same signature match and decide exactly alike. */
export function ruleSignature(rule: RuleModel): string {
  let signature = signatures.get(rule.syntax);
  if (signature === undefined) signatures.set(rule.syntax, (signature = computeSignature(rule)));
  return signature;
}

function computeSignature(rule: RuleModel): string {
  const sorted = (items: readonly string[]) => items.map((i) => i.trim()).sort().join(',');
  const windowsRules = rule.windowsRuleNames.length > 0 ? sorted(rule.windowsRuleNames) : '';
  return [rule.syntax.direction ?? 'both', rule.action, rule.protocol, sorted(rule.sources), sorted(rule.destinations), rule.ports.toString(), windowsRules].join('|');
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
    const signature = ruleSignature(rule);
    const earlier = first.get(signature);
    if (earlier) result.set(rule, earlier);
    else first.set(signature, rule);
  }
  return result;
}
