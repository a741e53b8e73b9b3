import { dialectOf } from '../dialects/registry';
import { ruleStillThere, writtenInRule } from '../fixes/ruleEdits';
import { insertRuleFix } from '../fixes/insertRuleFix';
import { excerpt } from '../util/excerpt';
import { chainPolicyNote, chainPolicyPlaces, flowFindings, insertRuleData, relatedRule, ruleForFlow, ruleNameRange } from './flowFindings';
import type { CheckDefinition, CodeFix, FixInput } from './types';

export const bex101PartialFlow: CheckDefinition = {
  code: 'BEX101',
  severity: 'error',
  title: 'Required flow allowed only partly',
  docs: 'A firewall opens some of the ports a required flow needs but not all, typically a rule that opens part of the configured dynamic range. The quick-fix adds the missing ports to that rule, or adds a rule when a block rule is in the way.',
  check: (context) =>
    flowFindings(context, 'partial', (e) => {
      const opener = e.allowedBy[0]?.rule;
      const closed = e.flow.windowsRules.length > 0 ? e.missingWindowsRules.map((w) => `"${w}"`).join(' and ') : String(e.denied);
      const opened = e.flow.windowsRules.length > 0 ? 'part of the required Windows rules' : String(e.allowed);
      const reason = `${opener ? `rule "${excerpt(opener.name)}"` : 'the firewall'} opens ${opened}, but ${closed} stay closed${chainPolicyNote(e)}.`;
      const ports = opener?.syntax.ports;
      const canExtend = opener && e.ruleSet.files.some((file) => file.uri === opener.uri && dialectOf(file).edits?.addPorts !== undefined) && e.blockedBy.length === 0 && e.flow.windowsRules.length === 0 && ports && writtenInRule(opener, ports.range);
      return {
        uri: opener?.uri,
        range: opener ? ruleNameRange(opener) : e.ruleFile.layout.rulesKeyRange,
        reason,
        related: [...(opener ? [relatedRule(opener, 'opens part of it')] : []), ...chainPolicyPlaces(e)],
        data: canExtend
          ? { fix: 'add-ports', ruleFileUri: opener.uri, ruleIndex: opener.index, ruleName: opener.name, ports: e.denied.intervals.map((i) => (i.from === i.to ? String(i.from) : `${i.from}-${i.to}`)) }
          : insertRuleData(e, ruleForFlow(e, e.denied, e.missingWindowsRules)),
      };
    }),
  fix: (input) => (input.data.fix === 'add-ports' ? addPortsFix(input) : insertRuleFix(input)),
};

function addPortsFix(input: FixInput): CodeFix[] {
  const uri = String(input.data.ruleFileUri);
  const ruleFile = input.ruleFile(uri);
  const rule = ruleStillThere(ruleFile, input.data.ruleIndex, input.data.ruleName);
  const ports = input.data.ports as string[];
  const edits = ruleFile && rule && dialectOf(ruleFile).edits?.addPorts?.(ruleFile, rule, ports);
  if (!rule || !edits) return [];
  return [{ title: `Add ${ports.join(', ')} to rule "${excerpt(rule.name)}"`, isPreferred: true, edits: [{ uri, edits }] }];
}
