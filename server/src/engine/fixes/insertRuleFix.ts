import type { CodeFix, FixInput } from '../checks/types';
import { dialectOf } from '../dialects/registry';
import { excerpt } from '../util/excerpt';
import { remediationFix } from './remediationFix';
import { ruleStillThere, type NewRule } from './ruleEdits';

/** The quick-fix of BEX100-BEX104: write the missing rule into the firewall's rule file, in its dialect. */
export function insertRuleFix(input: FixInput): CodeFix[] {
  const { data } = input;
  const uri = String(data.ruleFileUri);
  const ruleFile = input.ruleFile(uri);
  const rule = data.rule as NewRule | undefined;
  if (!ruleFile || !rule) return [];
  const before = typeof data.beforeRule === 'number' ? data.beforeRule : undefined;
  if (before !== undefined && !ruleStillThere(ruleFile, before, data.beforeRuleName)) return [];
  const edits = dialectOf(ruleFile).edits;
  // An export is not edited by hand: the rule goes into a remediation script beside it.
  if (!edits) return remediationFix(input, ruleFile, rule);
  const edit = edits.insertRule(ruleFile, { rule, data, manifest: input.manifest, before });
  if (!edit) return [];
  const where = before !== undefined ? ` above rule "${excerpt(ruleFile.rules[before].name)}"` : '';
  return [{ title: `Add rule "${excerpt(rule.name)}"${where}`, isPreferred: true, edits: [{ uri, edits: [edit] }] }];
}
