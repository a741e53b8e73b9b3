import { ruleStillThere, writtenInRule } from '../fixes/ruleEdits';
import { excerpt } from '../util/excerpt';
import { flowFindings, relatedRule, ruleNameRange } from './flowFindings';
import type { CheckDefinition, CodeFix } from './types';

export const bex102WrongProtocol: CheckDefinition = {
  code: 'BEX102',
  severity: 'error',
  title: 'Wrong protocol',
  docs: 'A rule opens the right ports between the right hosts, but for the wrong protocol (UDP where Backup Exec uses TCP). The quick-fix sets the rule\'s protocol.',
  check: (context) =>
    flowFindings(context, 'wrong-protocol', (e) => {
      const rule = e.wrongProtocol[0];
      const protocolRange = rule.syntax.protocol;
      return {
        uri: rule.uri,
        range: protocolRange ? [protocolRange.range[0] + rule.base, protocolRange.range[1] + rule.base] : ruleNameRange(rule),
        reason: `rule "${excerpt(rule.name)}" opens ${e.denied} for ${rule.protocol.toUpperCase()}, but Backup Exec uses ${e.flow.protocol.toUpperCase()}.`,
        related: [relatedRule(rule, 'wrong protocol')],
        data: { fix: 'set-protocol', ruleFileUri: rule.uri, ruleIndex: rule.index, ruleName: rule.name, protocol: e.flow.protocol },
      };
    }),
  fix: (input): CodeFix[] => {
    const uri = String(input.data.ruleFileUri);
    const ruleFile = input.ruleFile(uri);
    const rule = ruleStillThere(ruleFile, input.data.ruleIndex, input.data.ruleName);
    const protocol = String(input.data.protocol);
    const located = rule?.syntax.protocol;
    if (!rule || !located || !writtenInRule(rule, located.range)) return [];
    const range = [located.range[0] + rule.base, located.range[1] + rule.base] as const;
    return [{ title: `Set the protocol of rule "${excerpt(rule.name)}" to ${protocol}`, isPreferred: true, edits: [{ uri, edits: [{ range, newText: protocol }] }] }];
  },
};
