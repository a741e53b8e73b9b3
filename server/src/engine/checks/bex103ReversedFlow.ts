import { insertRuleFix } from '../fixes/insertRuleFix';
import { excerpt } from '../util/excerpt';
import { flowFindings, insertRuleData, relatedRule, ruleForFlow } from './flowFindings';
import type { CheckDefinition } from './types';

export const bex103ReversedFlow: CheckDefinition = {
  code: 'BEX103',
  severity: 'error',
  title: 'Right ports, wrong direction',
  docs: 'A rule opens the ports a required flow needs, but from its destination to its source (from/to swapped). Backup Exec opens the control and data connections from the server to the agent, and the agent advertises to the server. The quick-fix adds a rule in the right direction and leaves the existing one alone, since it may serve other traffic.',
  check: (context) =>
    flowFindings(context, 'reversed', (e) => {
      const rule = e.reversed[0];
      const endpoints = rule.syntax.from ?? rule.syntax.to;
      return {
        uri: rule.uri,
        range: endpoints ? [endpoints.range[0] + rule.base, endpoints.range[1] + rule.base] : rule.range,
        reason: `rule "${excerpt(rule.name)}" opens ${e.denied} from ${excerpt(e.flow.to.name.value)} to ${excerpt(e.flow.from.name.value)}, the opposite direction.`,
        related: [relatedRule(rule, 'reversed rule')],
        data: insertRuleData(e, ruleForFlow(e, e.denied)),
      };
    }),
  fix: insertRuleFix,
};
