import type { CodeFix, FixData, FixInput } from '../checks/types';
import { dialectOf } from '../dialects/registry';
import type { RuleModel } from '../model/types';
import { excerpt } from '../util/excerpt';
import { widenPortList } from '../util/widenPortList';
import { insertRuleFix } from './insertRuleFix';
import { portIntervals, ruleStillThere } from './ruleEdits';

/**
 * BEX101's fix: the rule that opens part of a flow gets the rest in its own
 * port list, widened as an admin would write it; where the dialect cannot
 * edit that list in place (ports from a variable), a rule holding the rest is
 * added instead (`data.insert`).
 */
export function addPortsFix(input: FixInput): CodeFix[] {
  const { data } = input;
  const uri = String(data.ruleFileUri);
  const ruleFile = input.ruleFile(uri);
  const rule = ruleStillThere(ruleFile, data.ruleIndex, data.ruleName);
  if (!ruleFile || !rule) return [];
  const ports = data.ports as string[];
  const edits = dialectOf(ruleFile).edits?.addPorts?.(ruleFile, rule, ports);
  if (edits) return [{ title: widenTitle(rule, ports), isPreferred: true, edits: [{ uri, edits }] }];
  return data.insert ? insertRuleFix({ ...input, data: data.insert as FixData }) : [];
}

/** "Widen 50100-50120 to 50100-50149 in rule "X"", "Add 6101 to rule "X"", or both: what the widened list says that the old one did not. */
function widenTitle(rule: RuleModel, ports: readonly string[]): string {
  const texts = rule.portItems.map((item) => item.text);
  const changes = widenPortList(texts, portIntervals(ports));
  const widened = changes.flatMap((c) => (c.replaces === undefined ? [] : [`${[c.replaces, ...c.absorbs].map((i) => texts[i]).join(' and ')} to ${c.text}`]));
  const added = changes.filter((c) => c.replaces === undefined).map((c) => c.text);
  const name = `rule "${excerpt(rule.name)}"`;
  // A dialect that writes the list its own way may add what widenPortList would not: the ports asked for are named then.
  if (widened.length === 0) return `Add ${(added.length > 0 ? added : ports).join(', ')} to ${name}`;
  return `Widen ${widened.join(', ')}${added.length > 0 ? ` and add ${added.join(', ')}` : ''} in ${name}`;
}
