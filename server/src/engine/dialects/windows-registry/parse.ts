import { FIREWALL_PROFILES, type FirewallProfile, type Located, type OffsetRange, type SyntaxProblem } from '../../model/types';
import type { RuleSink, ScriptParse, ScriptRule } from '../scriptRule';
import { readProfiles } from './profiles';
import { readRegFile, type RegFile, type RegValue } from './regFile';
import { readRuleString } from './ruleString';
import { readStores, type Stores } from './stores';

/**
 * A .reg export of Windows Firewall policy: the rules in effect are Group
 * Policy's plus the local store's, less the local ones in a profile where
 * Group Policy sets AllowLocalPolicyMerge=0 (see profiles.ts). A file with no
 * key of either store is not about the firewall: nothing is reported on it.
 */
export function parseRegistry(text: string, each?: RuleSink): ScriptParse & { readonly file: RegFile; readonly stores: Stores } {
  const rules: ScriptRule[] = [];
  const take = each ?? ((rule: ScriptRule) => rules.push(rule));
  const file = readRegFile(text);
  const stores = readStores(file);
  if (!stores.firewallKeys) return { rules, problems: [], unresolved: [], eol: file.eol, hasFirewallCommands: false, file, stores };
  const profiles = readProfiles(stores);
  const problems = [...file.problems, ...profiles.problems];
  const unresolved = [...stores.notes, ...profiles.notes];
  for (const { role, value } of stores.entries) {
    if (role.kind !== 'rules') continue;
    if (value.data.kind !== 'string') {
      problems.push({ message: 'a firewall rule is a string value (REG_SZ, [MS-GPFAS] 2.2.2.19) such as "v2.30|Action=Allow|…|"; this one is not, so it does not count', range: value.data.range });
      continue;
    }
    const id: Located<string> = { value: value.name, range: value.idRange };
    const read = readRuleString(value.data.value, { id, range: value.range, prefix: text.slice(value.nameRange[0], value.nameRange[1]) });
    // One at a time: a mangled string can hold more problems than a call takes arguments.
    for (const problem of read.problems) problems.push(problem);
    const rule = read.rule && role.store === 'local' ? localRule(read.rule, profiles.localRulesIgnored, read.notes, id.range) : read.rule;
    for (const note of read.notes) unresolved.push(note);
    if (rule) take(rule);
  }
  const byPlace = (a: SyntaxProblem, b: SyntaxProblem) => a.range[0] - b.range[0];
  return { rules, problems: problems.sort(byPlace), unresolved: unresolved.sort(byPlace), eol: file.eol, hasFirewallCommands: true, profileSettings: profiles.settings, file, stores };
}

const listed = (profiles: readonly FirewallProfile[]) => `${profiles.join(' and ')} profile${profiles.length > 1 ? 's' : ''}`;

/** A local rule in the profiles where Group Policy lets local rules apply, or undefined when it applies in none. */
function localRule(rule: ScriptRule, ignored: ReadonlyMap<FirewallProfile, RegValue>, notes: SyntaxProblem[], at: OffsetRange): ScriptRule | undefined {
  const applies = rule.profiles?.value ?? FIREWALL_PROFILES;
  const out = applies.filter((profile) => ignored.has(profile));
  if (out.length === 0) return rule;
  const left = applies.filter((profile) => !ignored.has(profile));
  const why = `Group Policy sets AllowLocalPolicyMerge=0 for the ${listed(out)} (line ${ignored.get(out[0])!.line}), where the local store's rules are ignored`;
  if (left.length === 0) {
    notes.push({ message: `${why}: this local rule applies in no other profile, so it does not count at all`, range: at });
    return undefined;
  }
  notes.push({ message: `${why}: this local rule counts in the ${listed(left)} only`, range: at });
  return { ...rule, profiles: { value: left, range: rule.profiles?.range ?? at } };
}
