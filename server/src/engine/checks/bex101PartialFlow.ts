import { dialectOf } from '../dialects/registry';
import { addPortsFix } from '../fixes/addPortsFix';
import { insertRuleFix } from '../fixes/insertRuleFix';
import { portTexts } from '../generate/flowRule';
import { excerpt } from '../util/excerpt';
import { chainPolicyNote, chainPolicyPlaces, flowFindings, insertRuleData, relatedRule, ruleForFlow, ruleNameRange, rulePortsRange } from './flowFindings';
import type { CheckDefinition } from './types';

export const bex101PartialFlow: CheckDefinition = {
  code: 'BEX101',
  severity: 'error',
  title: 'Required flow allowed only partly',
  docs: 'A firewall opens some of the ports a required flow needs but not all, typically a rule that opens part of the configured dynamic range. The quick-fix widens that rule\'s port list (50100-50120 becomes 50100-50149), or adds a rule named for the ports it holds when a block rule is in the way or the list cannot be edited in place.',
  check: (context) =>
    flowFindings(context, 'partial', (e) => {
      const opener = e.allowedBy[0]?.rule;
      const closed = e.flow.windowsRules.length > 0 ? e.missingWindowsRules.map((w) => `"${w}"`).join(' and ') : String(e.denied);
      const opened = e.flow.windowsRules.length > 0 ? 'part of the required Windows rules' : String(e.allowed);
      const reason = `${opener ? `rule "${excerpt(opener.name)}"` : 'the firewall'} opens ${opened}, but ${closed} stay closed${chainPolicyNote(e)}.`;
      // Reported where the ports are written, which is where an admin edits them; the rule's name is related.
      const portsRange = opener && rulePortsRange(opener);
      const insert = insertRuleData(e, ruleForFlow(context.catalog, e, e.denied, e.missingWindowsRules));
      const canExtend = opener && portsRange && e.ruleSet.files.some((file) => file.uri === opener.uri && dialectOf(file).edits?.addPorts !== undefined) && e.blockedBy.length === 0 && e.flow.windowsRules.length === 0;
      return {
        uri: opener?.uri,
        range: opener ? (portsRange ?? ruleNameRange(opener)) : e.ruleFile.layout.rulesKeyRange,
        reason,
        related: [...(opener ? [relatedRule(opener, 'opens part of it')] : []), ...chainPolicyPlaces(e)],
        data: canExtend ? { fix: 'add-ports', ruleFileUri: opener.uri, ruleIndex: opener.index, ruleName: opener.name, ports: portTexts(e.denied), insert } : insert,
      };
    }),
  fix: (input) => (input.data.fix === 'add-ports' ? addPortsFix(input) : insertRuleFix(input)),
};
