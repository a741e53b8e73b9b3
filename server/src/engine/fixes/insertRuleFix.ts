import type { CodeFix, FixInput } from '../checks/types';
import { insertRuleEdit, ruleStillThere, type NewRule } from './ruleEdits';

/** The quick-fix of BEX100-BEX103: write the missing rule into the firewall's rule file. */
export function insertRuleFix(input: FixInput): CodeFix[] {
  const { data } = input;
  const uri = String(data.ruleFileUri);
  const ruleFile = input.ruleFile(uri);
  const rule = data.rule as NewRule | undefined;
  if (!ruleFile || !rule) return [];
  const before = typeof data.beforeRule === 'number' ? data.beforeRule : undefined;
  if (before !== undefined && !ruleStillThere(ruleFile, before, data.beforeRuleName)) return [];
  const where = before !== undefined ? ` above rule "${ruleFile.rules[before].name}"` : '';
  return [{ title: `Add rule "${rule.name}"${where}`, isPreferred: true, edits: [{ uri, edits: [insertRuleEdit(ruleFile, rule, before)] }] }];
}
