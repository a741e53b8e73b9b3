import type { FlowEvaluation } from '../flows/evaluateFlow';
import { profileBasis, profileList, PROFILE_NAMES, type RuleSet } from '../flows/ruleSet';
import { FIREWALL_PROFILES, type RuleModel } from '../model/types';
import { policyOf } from '../flows/evaluateChains';
import { md } from './markdown';

/**
 * What a firewall's rule files say, and what befw assumes, about Windows
 * network profiles and default actions: said in hovers and the code lens, so
 * that no assumption decides a flow unseen.
 */

/** The rule sets of a check, one per firewall, from its evaluations. */
export function ruleSetsOf(evaluations: readonly FlowEvaluation[]): RuleSet[] {
  return [...new Set(evaluations.map((e) => e.ruleSet))];
}

/** The default actions in effect, and where they come from. */
export function defaultsLine(set: RuleSet): string {
  const actions = `inbound ${set.defaultAction('inbound')}, outbound ${set.defaultAction('outbound')}`;
  if (set.evaluation === 'chains') return chainPoliciesLine(set, actions);
  if (set.off) return `Firewall off in ${profileList(set.profiles)} (the export says so): every flow passes.`;
  if (!set.settingsFile) {
    const file = set.files[0];
    return file.defaultsAssumed ? `Defaults ${actions}: Windows' own, assumed (the rule files do not say).` : `Defaults ${actions}.`;
  }
  const said = FIREWALL_PROFILES.filter((p) => set.settingsOf(p)).map((p) => {
    const s = set.settingsOf(p)!;
    const parts = [s.enabled === false ? 'firewall off' : s.enabled ? 'on' : undefined, s.inbound && `inbound ${s.inbound}`, s.outbound && `outbound ${s.outbound}`, s.inboundRulesIgnored && 'inbound allow rules ignored'];
    return `${PROFILE_NAMES[p]}: ${parts.filter(Boolean).join(', ')}`;
  });
  return `Defaults ${actions}, from the export (${said.join('; ')}); where it says nothing, Windows' own (inbound block, outbound allow).`;
}

/** Whether a rule counts at each firewall naming its file, and why not. */
export function ruleStanding(rule: RuleModel, sets: readonly RuleSet[]): string | undefined {
  if (!rule.enabled) return 'Disabled: it never counts.';
  const own = rule.syntax.profiles?.value;
  if (!own) return undefined;
  const lines = [`Applies in profile ${profileList(own)}.`];
  for (const set of sets.filter((s) => s.files.some((file) => file.uri === rule.uri))) {
    const counts = set.applies(rule);
    lines.push(`- At firewall "${md(set.firewall.name.value)}" (${profileBasis(set)}): ${counts ? 'it counts' : 'it does not count'}.`);
  }
  return lines.join('\n');
}

/** Linux chains: each base chain's policy, where it is written or why it is assumed. */
function chainPoliciesLine(set: RuleSet, actions: string): string {
  const bases = set.files.flatMap((file) => (file.chains ?? []).filter((chain) => chain.hook));
  const said = bases.map((chain) => {
    const policy = policyOf(chain, set.files);
    const basis = policy.written ? '' : chain.policyAssumed ? ` (assumed: ${md(chain.policyAssumed)})` : ' (none written: accept)';
    return `${md(chain.name.value)} (${chain.hook}, priority ${chain.priority}): ${policy.value === 'block' ? 'drop' : 'accept'}${basis}`;
  });
  return `Defaults ${actions}, from the base chains' policies: ${said.join('; ') || 'no base chain, so nothing is filtered'}.`;
}
