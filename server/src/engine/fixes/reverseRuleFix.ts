import type { CodeFix, FixData, FixInput } from '../checks/types';
import { dialectOf } from '../dialects/registry';
import type { RuleModel } from '../model/types';
import { excerpt } from '../util/excerpt';
import { insertRuleFix } from './insertRuleFix';
import { ruleStillThere } from './ruleEdits';

/**
 * BEX103's fix: a reversed rule no other required flow relies on, and no
 * block rule would still deny the flow past, is turned around in place where
 * the dialect can; otherwise the rule in the right direction is added
 * (`data.insert`), and the title says why the reversed one stays.
 */
export function reverseRuleFix(input: FixInput): CodeFix[] {
  const { data } = input;
  const uri = String(data.ruleFileUri);
  const ruleFile = input.ruleFile(uri);
  const rule = ruleStillThere(ruleFile, data.ruleIndex, data.ruleName);
  if (!ruleFile || !rule) return [];
  const name = `rule "${excerpt(rule.name)}"`;
  const insert = { ...input, data: data.insert as FixData };
  if (typeof data.reliedOnBy === 'string') return insertRuleFix(insert, `${name} stays: flow "${excerpt(data.reliedOnBy)}" relies on it`);
  if (typeof data.blockedBy === 'string') return insertRuleFix(insert, `${name} turned around would still be blocked by rule "${excerpt(data.blockedBy)}"`);
  const dialect = dialectOf(ruleFile);
  if (!dialect.edits?.reverseRule) return insertRuleFix(insert, `${name} cannot be turned around in this ${dialect.label}`);
  const edits = dialect.edits.reverseRule(ruleFile, rule, input.manifest);
  // The dialect says no when what the rule matches is not all written in it (an anchor, a variable).
  if (!edits) return insertRuleFix(insert, `${name} cannot be turned around in place`);
  return [{ title: `Turn ${name} around: from ${ends(rule.to)} to ${ends(rule.from)}`, isPreferred: true, edits: [{ uri, edits }] }];
}

/** A rule's sources or destinations as it writes them: "be01", "10.0.1.10, 10.0.1.11". */
function ends(list: RuleModel['from']): string {
  return list.length > 0 ? excerpt(list.map((end) => end.value).join(', ')) : 'any';
}
