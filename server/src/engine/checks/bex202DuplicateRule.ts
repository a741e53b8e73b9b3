import { excerpt } from '../util/excerpt';
import { ruleNameRange } from './flowFindings';
import { duplicates } from './duplicates';
import type { CheckDefinition, Finding } from './types';

export const bex202DuplicateRule: CheckDefinition = {
  code: 'BEX202',
  severity: 'warning',
  title: 'Duplicate rule',
  docs: 'The rule has the same action, protocol, sources, destinations and ports as an earlier rule, so it changes nothing. Remove one of them.',
  check: (context) => {
    const findings: Finding[] = [];
    for (const ruleFile of context.ruleFiles) {
      // In Linux chains the same rule in two chains sits on two paths: not a duplicate.
      if (ruleFile.evaluation === 'chains') continue;
      for (const [rule, earlier] of duplicates(ruleFile, context.endpoints)) {
        findings.push({
          uri: ruleFile.uri,
          range: ruleNameRange(rule),
          message: `Rule "${excerpt(rule.name)}" duplicates rule "${excerpt(earlier.name)}" (same action, protocol, endpoints and ports).`,
          related: [{ uri: ruleFile.uri, range: ruleNameRange(earlier), message: `rule "${excerpt(earlier.name)}"` }],
        });
      }
    }
    return findings;
  },
};
