import { dialectOf } from '../dialects/registry';
import { excerpt } from '../util/excerpt';
import type { CheckDefinition, Finding } from './types';

export const bex200InvalidPort: CheckDefinition = {
  code: 'BEX200',
  severity: 'error',
  title: 'Port out of 1-65535 or malformed range',
  docs: 'A port must be a whole number from 1 to 65535, a range written low-high (50100-50149), or any. In a rule file the item is ignored when rules are evaluated; in a Windows firewall script Windows rejects the whole command, so nothing of it is counted.',
  check: (context) => {
    const findings: Finding[] = [];
    for (const ruleFile of context.ruleFiles) {
      // netsh and New-NetFirewallRule refuse a command with a bad port: the script's parser counts nothing of it.
      const consequence = dialectOf(ruleFile).rejectsCommandOnBadPort ? '; Windows rejects the whole command, so none of it is counted' : '';
      for (const rule of ruleFile.rules) {
        if (!rule.hasPortProblem) continue;
        for (const item of rule.portItems) {
          if (!item.problem) continue;
          findings.push({ uri: ruleFile.uri, range: item.range, message: `Rule "${excerpt(rule.name)}": ${item.problem}${consequence}.` });
        }
      }
    }
    return findings;
  },
};
