import { chainRuleFile } from '../chains/chainModel';
import { ScriptSyntaxCache } from '../scriptSyntaxCache';
import type { Dialect } from '../types';
import { iptablesEdits } from './edits';
import { renderIptablesSave } from './render';
import { readIptablesSave } from './saveChains';

export { parseIptablesSave } from './parse';
export type * from './tree';

/** A table line (`*filter`), then a chain declaration or a rule (FORMATS.md 2a). */
const TABLE_LINE = /^\*(filter|nat|mangle|raw|security)[ \t]*\r?$/m;
const CHAIN_OR_RULE = /^(:\S+[ \t]+\S+|(\[\d+:\d+\][ \t]+)?-A[ \t])/m;
/** ufw's user.rules is the same text with its own markers (FORMATS.md 2d): the ufw dialect reads it. */
const UFW_MARKER = /^### (tuple|RULES) ###/m;

/** `iptables-save` / `ip6tables-save` output, as saved by iptables-persistent (/etc/iptables/rules.v4, rules.v6) or by hand. */
export const iptablesDialect: Dialect = {
  id: 'iptables-save',
  label: 'iptables-save output',
  extensions: ['.iptables', '.iptables-save', '.ip6tables', '.ip6tables-save', 'rules.v4', 'rules.v6'],
  recognise: (start) => TABLE_LINE.test(start) && CHAIN_OR_RULE.test(start) && !UFW_MARKER.test(start),
  lineComment: '#',
  rejectsCommandOnBadPort: false,
  silentWithoutRules: false,
  completion: false,
  createCache: () => new ScriptSyntaxCache(),
  parse: (source, cache) => chainRuleFile(source, 'iptables-save', readIptablesSave(source.text, source.uri), cache as ScriptSyntaxCache),
  edits: iptablesEdits,
  renderFile: renderIptablesSave,
};
