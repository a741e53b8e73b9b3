import type { ChainFileParse, ChainRuleText } from '../../../server/src/engine/dialects/chains/chainText';
import type { OffsetRange } from '../../../server/src/engine/model/types';
import type { ScriptList } from '../../../server/src/engine/dialects/scriptRule';

/**
 * Chains read from nft text as compact lines for exact assertions: each value with the text its range
 * covers (`10000@$NDMP`: the value 10000, placed on `$NDMP`), so a test fails when a range moves.
 */

const at = (text: string, range: OffsetRange) => text.slice(range[0], range[1]);

function list(text: string, key: string, value: ScriptList | undefined): string[] {
  return value ? [`${key}=[${value.items.map((item) => `${item.value}@${at(text, item.range)}`).join(' ')}]`] : [];
}

export function ruleView(text: string, rule: ChainRuleText): string {
  const verdict = rule.verdict.value;
  return [
    at(text, rule.range),
    '=>',
    ...(rule.protocol ? [`${rule.protocol.value}@${at(text, rule.protocol.range)}`] : []),
    ...list(text, 'from', rule.sources),
    ...list(text, 'to', rule.destinations),
    ...list(text, 'ports', rule.ports),
    'jump' === verdict.kind || 'goto' === verdict.kind ? `${verdict.kind}:${verdict.chain}` : verdict.kind,
    ...(rule.hostOnly ? [`host-only@${at(text, rule.hostOnly.range)}`] : []),
    ...(rule.establishedOnly ? ['established-only'] : []),
    ...(rule.loopbackOnly ? ['loopback-only'] : []),
    ...(rule.name ? [`name@${at(text, rule.name.range)}`] : []),
  ].join(' ');
}

export function chainView(text: string, parse: ChainFileParse): string[] {
  return parse.chains.map((chain) =>
    [chain.id, `family=${chain.family ?? 'both'}`, chain.hook ? `${chain.hook} priority=${chain.priority} policy=${chain.policy ? `${chain.policy.value}@${at(text, chain.policy.range)}` : 'none'}` : 'regular'].join(' '),
  );
}

export function notesView(text: string, notes: readonly { message: string; range: OffsetRange }[]): string[] {
  return notes.map((note) => `${at(text, note.range)} :: ${note.message}`);
}
