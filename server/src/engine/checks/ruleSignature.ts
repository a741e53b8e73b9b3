import type { EndpointResolver } from '../model/endpoints';
import type { RuleFileModel, RuleModel } from '../model/types';

/** Rules take part in matching only when enabled and fully readable. */
export function isActive(rule: RuleModel): boolean {
  return rule.enabled && rule.usable;
}

/** Rules that match and decide alike: a renamed or moved rule changes nothing BEX201 or BEX202 read. */
function sameMeaning(before: RuleModel, now: RuleModel): boolean {
  if (before.syntax === now.syntax) return true;
  const active = isActive(now);
  return isActive(before) === active && (!active || before.signature === now.signature);
}

/** How many rules at the start and at the end of two versions of a rule list mean the same: what lies between changed. */
export function unchangedEnds(before: readonly RuleModel[], now: readonly RuleModel[]): { prefix: number; suffix: number } {
  const kept = Math.min(before.length, now.length);
  let prefix = 0;
  while (prefix < kept && sameMeaning(before[prefix], now[prefix])) prefix++;
  let suffix = 0;
  while (suffix < kept - prefix && sameMeaning(before[before.length - 1 - suffix], now[now.length - 1 - suffix])) suffix++;
  return { prefix, suffix };
}

/** Per manifest (its endpoint resolver), per rule file URI: what was known of the file at its last check. */
export function runsFor<T>(runs: WeakMap<EndpointResolver, Map<string, T>>, endpoints: EndpointResolver, ruleFile: RuleFileModel, make: () => T): T {
  let byFile = runs.get(endpoints);
  if (!byFile) runs.set(endpoints, (byFile = new Map()));
  let run = byFile.get(ruleFile.uri);
  if (!run) byFile.set(ruleFile.uri, (run = make()));
  return run;
}
