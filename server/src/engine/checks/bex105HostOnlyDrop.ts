import { describeFlow } from '../flows/requiredFlows';
import { excerpt } from '../util/excerpt';
import { ruleNameRange } from './flowFindings';
import type { CheckDefinition, Finding } from './types';

export const bex105HostOnlyDrop: CheckDefinition = {
  code: 'BEX105',
  severity: 'warning',
  title: 'A rule known only on the host may drop a required flow',
  docs:
    'A Linux firewall rule that drops or rejects matches on something only the host knows (an ipset, an interface other than lo, a negation, a mark, a port name its /etc/services defines). ' +
    'befw does not count it either way: the flow is judged by the other rules, and this says that it gets through only if the rule does not match on the host. Check the match on the host, or make the rule explicit (addresses and ports).',
  check: (context) => {
    const findings: Finding[] = [];
    for (const evaluation of context.evaluations()) {
      // Said where it decides: a flow the other rules already deny is reported for that.
      if (evaluation.problem || !evaluation.chains) continue;
      for (const { rule, ports, why } of evaluation.chains.mayBlockBy) {
        findings.push({
          uri: rule.uri,
          range: ruleNameRange(rule),
          message: `${describeFlow(evaluation.flow)} gets through firewall "${excerpt(evaluation.firewall.name.value)}" only if this rule does not match on the host: it drops ${evaluation.flow.protocol.toUpperCase()} ${ports.toString()} and matches on ${why}, which befw cannot know.`,
        });
      }
    }
    return findings;
  },
};
