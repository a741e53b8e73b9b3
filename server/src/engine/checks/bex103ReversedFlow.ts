import type { FlowEvaluation } from '../flows/evaluateFlow';
import { reverseRuleFix } from '../fixes/reverseRuleFix';
import type { RuleModel } from '../model/types';
import { excerpt } from '../util/excerpt';
import { listRange } from '../fixes/ruleEdits';
import { flowFindings, insertRuleData, relatedRule, ruleForFlow } from './flowFindings';
import type { CheckContext, CheckDefinition } from './types';

export const bex103ReversedFlow: CheckDefinition = {
  code: 'BEX103',
  severity: 'error',
  title: 'Right ports, wrong direction',
  docs: 'A rule opens the ports a required flow needs, but from its destination to its source (from/to swapped). Backup Exec opens the control and data connections from the server to the agent, and the agent advertises to the server. The quick-fix turns the rule around when no other required flow relies on it; otherwise it adds a rule in the right direction and leaves the existing one alone, and says why.',
  check: (context) => {
    const reliance = relianceIn(context);
    return flowFindings(context, 'reversed', (e) => {
      const rule = e.reversed[0];
      const endpoints = rule.syntax.from ?? rule.syntax.to;
      const reliedOn = reliance().get(ruleKey(rule));
      return {
        uri: rule.uri,
        range: endpoints ? listRange(rule, endpoints) : rule.range,
        reason: `rule "${excerpt(rule.name)}" opens ${e.denied} from ${excerpt(e.flow.to.name.value)} to ${excerpt(e.flow.from.name.value)}, the opposite direction.`,
        related: [relatedRule(rule, 'reversed rule')],
        data: {
          fix: 'reverse-rule',
          ruleFileUri: rule.uri,
          ruleIndex: rule.index,
          ruleName: rule.name,
          ...(reliedOn ? { reliedOnBy: `${reliedOn.flow.service.name} from ${reliedOn.flow.from.name.value} to ${reliedOn.flow.to.name.value}` } : {}),
          // Turned around, the rule would still lose to a block rule that denies the flow: the new rule goes above that one.
          ...(e.blockedBy.length > 0 ? { blockedBy: e.blockedBy[0].rule.name } : {}),
          insert: insertRuleData(e, ruleForFlow(context.catalog, e, e.denied)),
        },
      };
    });
  },
  fix: reverseRuleFix,
};

/**
 * Each rule that lets some required flow through (part of the reversed one
 * included), with the first such flow, at any firewall: a rule a flow relies
 * on is not turned around. Made once per check, when a reversed rule is met.
 */
function relianceIn(context: CheckContext): () => ReadonlyMap<string, FlowEvaluation> {
  let byRule: Map<string, FlowEvaluation> | undefined;
  return () => {
    if (byRule) return byRule;
    byRule = new Map();
    for (const evaluation of context.evaluations()) {
      for (const { rule } of evaluation.allowedBy) if (!byRule.has(ruleKey(rule))) byRule.set(ruleKey(rule), evaluation);
    }
    return byRule;
  };
}

/** A rule by its file and place: firewalls that name the same file may each have read it. */
const ruleKey = (rule: RuleModel) => `${rule.uri}#${rule.index}`;
