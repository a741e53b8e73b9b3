import type { RuleModel } from '../model/types';

/** Rules take part in matching only when enabled and fully readable. */
export function isActive(rule: RuleModel): boolean {
  return rule.enabled && rule.usable;
}

/** Two rules with the same signature match and decide exactly alike. */
export function ruleSignature(rule: RuleModel): string {
  const sorted = (items: readonly { value: string }[]) => items.map((i) => i.value.trim()).sort().join(',');
  return [rule.action, rule.protocol, sorted(rule.from), sorted(rule.to), rule.ports.toString(), sorted(rule.windowsRules)].join('|');
}

/** Index of the earlier active rule each active rule duplicates. */
export function duplicates(rules: readonly RuleModel[]): Map<RuleModel, RuleModel> {
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
