import type { Chain, ChainRule, ChainVerdict, RuleFileModel, RuleModel } from '../model/types';
import { policyOf } from '../flows/evaluateChains';
import { md } from './markdown';
import { fileName } from '../util/uris';

/**
 * What a Linux firewall file's chains say about a rule: the chain it sits in, what reaches that
 * chain, and what the rule does. Said in hovers, so that an admin sees the path a packet takes.
 */

interface ChainIndex {
  readonly chainOf: Map<RuleModel, { chain: Chain; chainRule: ChainRule }>;
  /** Every chain rule, in file order, for finding the one under the cursor. */
  readonly ordered: readonly ChainRule[];
  readonly callers: Map<string, { chain: Chain; chainRule: ChainRule }[]>;
}

const indexes = new WeakMap<RuleFileModel, ChainIndex>();

function indexOf(file: RuleFileModel): ChainIndex {
  let index = indexes.get(file);
  if (index) return index;
  const chainOf = new Map<RuleModel, { chain: Chain; chainRule: ChainRule }>();
  const callers = new Map<string, { chain: Chain; chainRule: ChainRule }[]>();
  for (const chain of file.chains ?? []) {
    for (const chainRule of chain.rules) {
      chainOf.set(chainRule.rule, { chain, chainRule });
      const verdict = chainRule.verdict;
      if (verdict.kind === 'jump' || verdict.kind === 'goto') callers.set(verdict.chain, [...(callers.get(verdict.chain) ?? []), { chain, chainRule }]);
    }
  }
  const ordered = [...chainOf.values()].map((entry) => entry.chainRule).sort((a, b) => a.rule.range[0] - b.rule.range[0]);
  indexes.set(file, (index = { chainOf, ordered, callers }));
  return index;
}

/** The chain rule written at `offset`, by binary search over the file's rules in order. */
export function chainRuleAt(file: RuleFileModel, offset: number): ChainRule | undefined {
  if (!file.chains) return undefined;
  const rules = indexOf(file).ordered;
  let low = 0;
  let high = rules.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = rules[middle].rule.range;
    if (offset < range[0]) high = middle - 1;
    else if (offset > range[1]) low = middle + 1;
    else return rules[middle];
  }
  return undefined;
}

/** The chain whose name is written at `offset` (its declaration). */
export function chainNamedAt(file: RuleFileModel, offset: number): Chain | undefined {
  return file.chains?.find((chain) => chain.name.range[0] <= offset && offset <= chain.name.range[1]);
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** A chain: its hook, priority and policy, or what enters it. */
export function describeChain(file: RuleFileModel, chain: Chain, ruleSetFiles: readonly RuleFileModel[] = [file]): string {
  const family = chain.family ? ` (IPv${chain.family})` : '';
  if (chain.hook) {
    // The policy the walk uses: an assumed one gives way to one another file of the set states (/etc/default/ufw).
    const effective = policyOf(chain, ruleSetFiles);
    const policy = chain.policy || effective.written ? `policy ${effective.value === 'block' ? 'drop' : 'accept'}` : 'no policy written (accept)';
    const stated = effective.written && effective.written.uri !== file.uri ? ` (stated in ${md(fileName(effective.written.uri))})` : '';
    const assumed = chain.policyAssumed && !effective.written ? `: ${md(chain.policyAssumed)}` : stated;
    return `Chain **${md(chain.name.value)}**${family}: base chain for ${chain.hook} connections, priority ${chain.priority}, ${policy}${assumed}. Base chains on one hook all run, lowest priority first: a drop in any is final, an accept ends only its own chain.`;
  }
  const entered = indexOf(file).callers.get(chain.id) ?? [];
  if (entered.length === 0) return `Chain **${md(chain.name.value)}**${family}: no rule jumps to it, so no packet reaches it.`;
  const shown = entered.slice(0, 5).map(({ chain: from, chainRule }) => `- ${chainRule.verdict.kind} from **${md(from.name.value)}**, line ${lineOf(file.text, chainRule.rule.range[0])}`);
  const more = entered.length > shown.length ? [`- and ${entered.length - shown.length} more`] : [];
  return [`Chain **${md(chain.name.value)}**${family}: entered by ${entered.length} rule(s); a jump comes back on return or at its end, a goto does not.`, ...shown, ...more].join('\n');
}

function verdictText(verdict: ChainVerdict, nameOf: (id: string) => string): string {
  switch (verdict.kind) {
    case 'accept':
      return 'accepts: ends this chain for the packet (other base chains on the hook still run)';
    case 'drop':
    case 'reject':
      return `${verdict.kind}s: the packet is refused, whatever comes later`;
    case 'return':
      return 'returns to the chain that jumped here (in a base chain, the policy decides)';
    case 'continue':
      return 'only logs or counts: the next rule decides';
    case 'jump':
    case 'goto':
      return `${verdict.kind === 'jump' ? 'jumps' : 'goes'} to chain ${md(nameOf(verdict.chain))}${verdict.kind === 'goto' ? ' (without coming back here)' : ''}`;
  }
}

/** Where a rule sits, what reaches it and what it does; undefined for a rule not in a chain. */
export function describeChainRule(file: RuleFileModel, rule: RuleModel, ruleSetFiles: readonly RuleFileModel[] = [file]): string | undefined {
  const entry = file.chains ? indexOf(file).chainOf.get(rule) : undefined;
  if (!entry) return undefined;
  const { chain, chainRule } = entry;
  const nameOf = (id: string) => file.chains?.find((c) => c.id === id)?.name.value ?? id;
  const lines = [`**It ${verdictText(chainRule.verdict, nameOf)}**.`, describeChain(file, chain, ruleSetFiles)];
  if (chainRule.hostOnly) lines.push(`Known only on the host: it matches on ${md(chainRule.hostOnly)}. befw never counts it as allowing; a drop it may cause is said (BEX105).`);
  if (!chainRule.opensConnections) lines.push('It never matches a new connection between two hosts (established or related traffic only, or loopback only): it neither allows nor blocks a required flow.');
  return lines.join('\n\n');
}

/** The verdict of a chain rule as one word (`accept`, `jump`), or undefined for a rule not in a chain. */
export function chainVerdict(file: RuleFileModel, rule: RuleModel): string | undefined {
  return file.chains ? indexOf(file).chainOf.get(rule)?.chainRule.verdict.kind : undefined;
}
