import { excerpt } from '../util/excerpt';
import { ruleNameRange } from './flowFindings';
import { duplicates } from './duplicates';
import { shadowing } from './shadowing';
import type { CheckDefinition, Finding } from './types';

export const bex201ShadowedRule: CheckDefinition = {
  code: 'BEX201',
  severity: 'warning',
  title: 'Rule can never match',
  docs: 'Under first-match evaluation, earlier rules already decide every connection this rule covers (same or wider endpoints, protocol and ports), so it never takes effect. Remove it or move it above the rules that shadow it.',
  check: (context) => {
    const findings: Finding[] = [];
    for (const ruleFile of context.ruleFiles) {
      if (ruleFile.evaluation !== 'first-match') continue;
      const duplicated = duplicates(ruleFile, context.endpoints);
      const shadowed = shadowing(ruleFile, context.endpoints);
      for (const position of shadowed.decided) {
        const rule = ruleFile.rules[position];
        // A rule identical to an earlier one gets BEX202 instead.
        if (duplicated.has(rule)) continue;
        const by = shadowed.deciderOf(position);
        findings.push({
          uri: ruleFile.uri,
          range: ruleNameRange(rule),
          message: `Rule "${excerpt(rule.name)}" can never match: earlier rules${by ? ` such as "${excerpt(by.name)}"` : ''} already decide all of its traffic.`,
          related: by ? [{ uri: ruleFile.uri, range: ruleNameRange(by), message: `shadowed by rule "${excerpt(by.name)}"` }] : [],
        });
      }
    }
    return findings;
  },
};
