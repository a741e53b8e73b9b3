import { placeRule } from '../../model/ruleModel';
import type { Action, Chain, ChainRule, ListSyntax, Located, OffsetRange, RuleDialect, RuleFileModel, RuleModel, RuleSyntax, SourceText } from '../../model/types';
import type { ScriptList } from '../scriptRule';
import { ScriptSyntaxCache } from '../scriptSyntaxCache';
import { withValues } from '../yaml/ruleSyntax';
import type { ChainFileParse, ChainRuleText, ChainText } from './chainText';

/**
 * Reads a Linux firewall file (its dialect's parse into chains) into the rule model. Every chain rule
 * becomes a rule model for its match; the file's `rules` keep only those that accept, drop or reject
 * new connections, which is what the checks that read rules one by one (ports, hosts, permissiveness)
 * understand. Flow evaluation walks the chains (flows/evaluateChains.ts).
 */
export function chainRuleFile(source: SourceText, dialect: RuleDialect, parse: ChainFileParse, cache = new ScriptSyntaxCache()): RuleFileModel {
  const rules: RuleModel[] = [];
  const hooks = hooksReaching(parse.chains);
  const chains: Chain[] = parse.chains.map((chain) => {
    const direction = chain.hook ?? hooks.get(chain.id);
    const chainRules = chain.rules.map((text): ChainRule => {
      const terminal = text.verdict.value.kind === 'accept' || text.verdict.value.kind === 'drop' || text.verdict.value.kind === 'reject';
      const opensConnections = !text.establishedOnly && !text.loopbackOnly;
      // ICMP, IGMP and the like carry no Backup Exec flow: a rule model of them would read as "any protocol".
      const flowProtocol = !text.protocol || ['tcp', 'udp', 'any'].includes(text.protocol.value);
      // A chain no base chain reaches (ufw's ufw-user-limit-accept with no limit rule) decides nothing.
      const listed = terminal && opensConnections && flowProtocol && !text.hostOnly && direction !== undefined;
      const syntax = cache.reuse(withValues(toSyntax(source.text, text, direction)));
      const rule = placeRule(source.uri, syntax, text.range[0], listed ? rules.length : -1);
      if (listed) rules.push(rule);
      return { rule, verdict: text.verdict.value, hostOnly: text.hostOnly?.value, opensConnections };
    });
    return {
      id: chain.id,
      name: chain.name,
      family: chain.family,
      hook: chain.hook,
      priority: chain.priority ?? 0,
      policy: chain.policy,
      policyAssumed: chain.policyAssumed,
      rules: chainRules,
      appendAt: chain.appendAt,
    };
  });
  cache.finish();
  const lastRule = parse.chains.flatMap((chain) => chain.rules).reduce<ChainRuleText | undefined>((last, rule) => (!last || rule.range[0] > last.range[0] ? rule : last), undefined);
  return {
    uri: source.uri,
    text: source.text,
    dialect,
    problems: parse.problems,
    unresolved: parse.unresolved,
    evaluation: 'chains',
    defaults: { inbound: defaultOf(chains, 'inbound', parse.statedPolicies?.inbound), outbound: defaultOf(chains, 'outbound', parse.statedPolicies?.outbound) },
    defaultsAssumed: chains.some((chain) => chain.policyAssumed !== undefined),
    rules,
    layout: {
      eol: parse.eol,
      // The lens sits on the first inbound base chain: where the flows into the host start.
      rulesKeyRange: (chains.find((chain) => chain.hook === 'inbound') ?? chains[0])?.name.range ?? [0, 0],
      rulesEnd: lastRule ? lineEnd(source.text, lastRule.range[1]) : source.text.length,
    },
    chains,
    statedPolicies: parse.statedPolicies,
  };
}

/** What unmatched traffic meets on a hook: blocked when some base chain there drops by policy, allowed when none does (or none exists). */
function defaultOf(chains: readonly Chain[], hook: 'inbound' | 'outbound', stated: Located<Action> | undefined): Action {
  const base = chains.filter((chain) => chain.hook === hook);
  if (base.length === 0) return stated?.value ?? 'allow';
  return base.some((chain) => chain.policy?.value === 'block') ? 'block' : 'allow';
}

/** The hook that reaches each chain entered by jump or goto, for the direction its rules are said to apply in. */
function hooksReaching(chains: readonly ChainText[]): Map<string, 'inbound' | 'outbound'> {
  const byId = new Map(chains.map((chain) => [chain.id, chain]));
  const reached = new Map<string, 'inbound' | 'outbound'>();
  const visit = (chain: ChainText, hook: 'inbound' | 'outbound') => {
    for (const rule of chain.rules) {
      const verdict = rule.verdict.value;
      if (verdict.kind !== 'jump' && verdict.kind !== 'goto') continue;
      const target = byId.get(verdict.chain);
      if (!target || target.hook || reached.has(target.id)) continue;
      reached.set(target.id, hook);
      visit(target, hook);
    }
  };
  for (const chain of chains) if (chain.hook) visit(chain, chain.hook);
  return reached;
}

/** The syntax of one chain rule, ranges relative to its start, in the field order scriptModel writes (one object shape for all rules). */
function toSyntax(text: string, rule: ChainRuleText, direction: 'inbound' | 'outbound' | undefined): Omit<RuleSyntax, 'values'> & { values: undefined } {
  const base = rule.range[0];
  const whole = relative(rule.range, base);
  const any: ListSyntax = { style: 'flow', range: whole, items: [{ value: 'any', range: whole }] };
  const verdict = rule.verdict.value.kind;
  return {
    text: text.slice(rule.range[0], rule.range[1]),
    issues: [],
    itemRange: whole,
    keys: {},
    // Without a comment the rule is named by its text and placed at its verdict: a squiggle there is specific, and hovers on its ports still find them.
    name: rule.name ? located(rule.name, base) : { value: text.slice(rule.range[0], rule.range[1]).trim(), range: relative(rule.verdict.range, base) },
    enabled: undefined,
    dashColumn: -1,
    keyColumn: -1,
    flowMap: false,
    direction,
    // Only accept, drop and reject decide; a jump's or return's rule model is its match alone.
    action: { value: verdict === 'drop' || verdict === 'reject' ? 'block' : 'allow', range: relative(rule.verdict.range, base) },
    protocol: rule.protocol && located(rule.protocol, base),
    from: listSyntax(rule.sources, base) ?? any,
    to: listSyntax(rule.destinations, base) ?? any,
    ports: listSyntax(rule.ports, base) ?? any,
    profiles: undefined,
    values: undefined,
  };
}

function relative(range: OffsetRange, base: number): OffsetRange {
  return [range[0] - base, range[1] - base];
}

function located<T>(item: Located<T>, base: number): Located<T> {
  return { value: item.value, range: relative(item.range, base) };
}

function listSyntax(value: ScriptList | undefined, base: number): ListSyntax | undefined {
  return value && { style: 'flow', range: relative(value.range, base), items: value.items.map((item) => located(item, base)) };
}

function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}
