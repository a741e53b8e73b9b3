import type { CodeFix, FixInput } from '../checks/types';
import { excerpt } from '../util/excerpt';
import { insertRuleEdit, ruleStillThere, type NewRule } from './ruleEdits';
import { endsInContinuation, insertScriptRuleEdit, renderScriptRule, scriptSpecOf } from './scriptEdits';

/** The quick-fix of BEX100-BEX104: write the missing rule into the firewall's rule file, in its dialect. */
export function insertRuleFix(input: FixInput): CodeFix[] {
  const { data } = input;
  const uri = String(data.ruleFileUri);
  const ruleFile = input.ruleFile(uri);
  const rule = data.rule as NewRule | undefined;
  if (!ruleFile || !rule) return [];
  const before = typeof data.beforeRule === 'number' ? data.beforeRule : undefined;
  if (before !== undefined && !ruleStillThere(ruleFile, before, data.beforeRuleName)) return [];
  if (ruleFile.dialect !== 'yaml') {
    if (endsInContinuation(ruleFile)) return [];
    // Windows Defender Firewall is block-wins: where the command goes does not change what it allows.
    const command = renderScriptRule(ruleFile, scriptSpecOf(rule, data, input.manifest));
    return [{ title: `Add rule "${excerpt(rule.name)}"`, isPreferred: true, edits: [{ uri, edits: [insertScriptRuleEdit(ruleFile, command)] }] }];
  }
  const where = before !== undefined ? ` above rule "${excerpt(ruleFile.rules[before].name)}"` : '';
  return [{ title: `Add rule "${excerpt(rule.name)}"${where}`, isPreferred: true, edits: [{ uri, edits: [insertRuleEdit(ruleFile, rule, before)] }] }];
}
