import { insertRuleFix } from '../fixes/insertRuleFix';
import { excerpt } from '../util/excerpt';
import { chainPolicyNote, chainPolicyPlaces, flowFindings, insertRuleData, relatedRule, ruleForFlow } from './flowFindings';
import type { CheckDefinition } from './types';

export const bex100MissingFlow: CheckDefinition = {
  code: 'BEX100',
  severity: 'error',
  title: 'Required flow not allowed',
  docs:
    'A connection Backup Exec needs (derived from the manifest\'s hosts, features and settings) is not allowed by a firewall it crosses. ' +
    'For the Remote Agent\'s ports KB100017208 says "Selection list may not populate" and "Backup or restore failures may be seen" with 0xE0000F02 or 0xE0000F25; for the Oracle, deduplication, Microsoft 365 and Remote Administration Console flows the sources name no error. ' +
    'Where befw inferred who connects (the Agent for Oracle\'s 5633, the media server range), the message says so. The quick-fix adds an allow rule for exactly the missing ports.',
  check: (context) =>
    flowFindings(context, 'missing', (e) => {
      const block = e.blockedBy[0]?.rule;
      const missing = e.flow.windowsRules.length > 0 ? e.missingWindowsRules.map((w) => `"${w}"`).join(' and ') : `${e.flow.protocol.toUpperCase()} ${e.denied}`;
      const reason = block
        ? `rule "${excerpt(block.name)}" blocks ${missing}.`
        : e.flow.windowsRules.length > 0
          ? `no rule enables the predefined Windows rule(s) ${missing}.`
          : e.chains
            ? `no rule accepts ${missing} on its way through the ${e.direction} chains${chainPolicyNote(e)}.`
            : `no rule allows ${missing} and the ${e.direction} default is ${e.defaultAction}.`;
      return {
        range: e.ruleFile.layout.rulesKeyRange,
        reason: `${reason} Add an allow rule from ${excerpt(e.flow.from.name.value)} to ${excerpt(e.flow.to.name.value)}.`,
        related: block ? [relatedRule(block, 'blocked by')] : chainPolicyPlaces(e),
        data: insertRuleData(e, ruleForFlow(context.catalog, e, e.denied, e.missingWindowsRules)),
      };
    }),
  fix: insertRuleFix,
};
