import { excerpt } from '../util/excerpt';
import type { CheckDefinition, Finding } from './types';

export const bex200InvalidPort: CheckDefinition = {
  code: 'BEX200',
  severity: 'error',
  title: 'Port out of 1-65535 or malformed range',
  docs: 'A port must be a whole number from 1 to 65535, a range written low-high (50100-50149), or any. The item is ignored when rules are evaluated.',
  check: (context) => {
    const findings: Finding[] = [];
    for (const ruleFile of context.ruleFiles) {
      for (const rule of ruleFile.rules) {
        if (!rule.hasPortProblem) continue;
        for (const item of rule.portItems) {
          if (!item.problem) continue;
          findings.push({ uri: ruleFile.uri, range: item.range, message: `Rule "${excerpt(rule.name)}": ${item.problem}.` });
        }
      }
    }
    return findings;
  },
};
