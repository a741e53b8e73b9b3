import type { CodeFix, FixInput } from '../checks/types';
import { dialectOf } from '../dialects/registry';
import { excerpt } from '../util/excerpt';
import { remediationFix } from './remediationFix';
import { ruleStillThere, type NewRule } from './ruleEdits';
import type { OffsetEdit } from '../checks/types';

interface ChainInsertData {
  readonly uri: string;
  readonly chain: string;
  readonly before?: number;
  readonly beforeRuleText?: string;
}

/**
 * The quick-fix of BEX100-BEX104: write the missing rule into the firewall's rule file, in its dialect.
 * `why` says, in the title, why a rule is added rather than an existing one changed ("rule "X" stays: …").
 */
export function insertRuleFix(input: FixInput, why?: string): CodeFix[] {
  const { data } = input;
  const uri = String(data.ruleFileUri);
  const ruleFile = input.ruleFile(uri);
  const rule = data.rule as NewRule | undefined;
  if (!ruleFile || !rule) return [];
  const reason = why ? ` (${why})` : '';
  if (Array.isArray(data.chainInserts)) return chainInsertFix(input, rule, data.chainInserts as ChainInsertData[], reason);
  const before = typeof data.beforeRule === 'number' ? data.beforeRule : undefined;
  if (before !== undefined && !ruleStillThere(ruleFile, before, data.beforeRuleName)) return [];
  const edits = dialectOf(ruleFile).edits;
  // An export is not edited by hand: the rule goes into a remediation script beside it.
  if (!edits) return remediationFix(input, ruleFile, rule);
  const edit = edits.insertRule(ruleFile, { rule, data, manifest: input.manifest, before });
  if (!edit) return [];
  const where = before !== undefined ? ` above rule "${excerpt(ruleFile.rules[before].name)}"` : '';
  return [{ title: `Add rule "${excerpt(rule.name)}"${where}${reason}`, isPreferred: true, edits: [{ uri, edits: [edit] }] }];
}

/** Linux chains: the rule in each base chain that denies the flow, before the rule that denies it or appended; nothing when a file changed under the fix. */
function chainInsertFix(input: FixInput, rule: NewRule, inserts: readonly ChainInsertData[], reason: string): CodeFix[] {
  const byUri = new Map<string, OffsetEdit[]>();
  const places: string[] = [];
  for (const insert of inserts) {
    const ruleFile = input.ruleFile(insert.uri);
    const chain = ruleFile?.chains?.find((c) => c.id === insert.chain);
    const edits = ruleFile && dialectOf(ruleFile).edits;
    if (!ruleFile || !chain || !edits) return [];
    const before = insert.before !== undefined ? chain.rules[insert.before] : undefined;
    if (insert.before !== undefined && before?.rule.syntax.text !== insert.beforeRuleText) return [];
    const edit = edits.insertRule(ruleFile, { rule, data: input.data, manifest: input.manifest, chain: { id: chain.id, before: insert.before } });
    if (!edit) return [];
    byUri.set(insert.uri, [...(byUri.get(insert.uri) ?? []), edit]);
    places.push(before ? `chain ${chain.name.value} above "${excerpt(before.rule.name)}"` : `the end of chain ${chain.name.value}`);
  }
  const title = `Add rule "${excerpt(rule.name)}" at ${places.join(' and at ')}${reason}`;
  return [{ title, isPreferred: true, edits: [...byUri].map(([uri, edits]) => ({ uri, edits })) }];
}
