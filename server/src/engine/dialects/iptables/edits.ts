import type { OffsetEdit } from '../../checks/types';
import type { Chain, RuleFileModel } from '../../model/types';
import { parseAddressOrCidr } from '../../util/address';
import { linuxRuleOf } from '../chains/newRule';
import type { DialectEdits, GeneratedRule, InsertRequest } from '../types';
import { acceptLines } from './ruleText';

/**
 * Fixes in an iptables-save file: the accept rule, in the file's style (counters when its rules
 * have them, its line ends), before the rule of the chain that would drop the flow, or at the
 * chain's end. Nothing else of the file changes.
 */
export const iptablesEdits: DialectEdits = { insertRule };

function insertRule(ruleFile: RuleFileModel, request: InsertRequest): OffsetEdit | undefined {
  const rule = linuxRuleOf(request.rule, request.data, request.manifest);
  const chain = chainFor(ruleFile, request, rule.direction);
  if (!chain || !fitsFamily(rule, chain.family)) return undefined;
  const before = request.chain?.before !== undefined ? chain.rules[request.chain.before] : undefined;
  const counters = (before ?? chain.rules[chain.rules.length - 1] ?? ruleFile.chains?.find((c) => c.rules.length > 0)?.rules[0])?.rule.syntax.text.startsWith('[') ? '[0:0] ' : '';
  const lines = acceptLines(rule, chain.name.value);
  if (lines.length === 0) return undefined;
  const eol = ruleFile.layout.eol;
  if (before && !chain.rules.some((chainRule) => INSERTED.test(chainRule.rule.syntax.text))) {
    const at = ruleFile.text.lastIndexOf('\n', before.rule.range[0] - 1) + 1;
    return { range: [at, at], newText: lines.map((line) => `${counters}${line}${eol}`).join('') };
  }
  // `-I` lines reorder the chain, so a line's place in the file is not its place in the chain: after the chain's
  // last line, `-I CHAIN n` puts the rule at position n whatever came before (iptables(8), -I).
  const position = before ? request.chain!.before! + 1 : undefined;
  const written = lines.map((line, i) => `${counters}${position === undefined ? line : line.replace(/^-A (\S+)/, `-I $1 ${position + i}`)}${eol}`).join('');
  const at = chain.appendAt;
  const lead = at === ruleFile.text.length && at > 0 && !ruleFile.text.endsWith('\n') ? eol : '';
  return { range: [at, at], newText: `${lead}${written}` };
}

/** `-I CHAIN …`, counters before it or not. */
const INSERTED = /^(\[\d+:\d+\]\s+)?(-I|--insert)\s/;

/** The chain the request names; without one, the first base chain of the rule's direction. */
function chainFor(ruleFile: RuleFileModel, request: InsertRequest, direction: 'inbound' | 'outbound'): Chain | undefined {
  const chains = ruleFile.chains ?? [];
  return request.chain ? chains.find((chain) => chain.id === request.chain!.id) : chains.find((chain) => chain.hook === direction);
}

/** An iptables-save holds one address family: an IPv6 address in an iptables-save (or IPv4 in an ip6tables-save) makes iptables-restore refuse the file. */
function fitsFamily(rule: GeneratedRule, family: 4 | 6 | undefined): boolean {
  return family === undefined || [...rule.sources, ...rule.destinations].every((address) => (parseAddressOrCidr(address)?.family ?? family) === family);
}
