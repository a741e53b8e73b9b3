import { chainHolding } from '../flows/evaluateChains';
import type { RuleFileModel, RuleModel } from '../model/types';
import { excerpt } from '../util/excerpt';
import { flowFindings, relatedRule, ruleNameRange } from './flowFindings';
import type { CheckDefinition } from './types';

export const bex104BlockPrecedence: CheckDefinition = {
  code: 'BEX104',
  severity: 'error',
  title: 'A block rule takes precedence over the allow',
  docs: 'An allow rule would let a required flow through, but a block rule wins: it comes first under first-match evaluation, or block rules override allow rules (Windows Defender Firewall, block-wins). Narrow or remove the block rule, or (first-match, Linux chains) move the allow rule above it; on Linux, a drop in any base chain on the hook wins over an accept in another.',
  check: (context) =>
    flowFindings(context, 'block-precedence', (e) => {
      const block = e.blockedBy[0].rule;
      const allow = e.overriddenAllows[0];
      const why =
        e.ruleSet.evaluation === 'first-match'
          ? `it comes first and this firewall uses first-match evaluation`
          : e.ruleSet.evaluation === 'chains'
            ? chainsWhy(e.ruleSet.files, block, allow)
            : `block rules override allow rules on this firewall (block-wins)`;
      return {
        uri: block.uri,
        range: ruleNameRange(block),
        reason: `block rule "${excerpt(block.name)}" takes precedence over allow rule "${excerpt(allow.name)}" because ${why}.`,
        related: [relatedRule(block, 'block rule'), relatedRule(allow, 'overridden allow rule')],
      };
    }),
};

/** Linux chains: the packet meets the drop first in the same path, or the drop sits in another base chain, where it is final. */
function chainsWhy(files: readonly RuleFileModel[], block: RuleModel, allow: RuleModel): string {
  const [blocking, allowing] = [chainHolding(files, block), chainHolding(files, allow)];
  if (blocking?.hook && allowing?.hook && blocking !== allowing) {
    return `it sits in base chain ${excerpt(blocking.name.value)} (priority ${blocking.priority}), where a drop is final, while an accept in ${excerpt(allowing.name.value)} (priority ${allowing.priority}) ends only its own chain`;
  }
  return 'the packet meets it first on its way through the chains';
}
