import { chainRuleFile } from '../chains/chainModel';
import { ScriptSyntaxCache } from '../scriptSyntaxCache';
import type { Dialect } from '../types';
import { readNftables } from './chains';
import { nftablesEdits } from './edits';
import { isNftJson } from './json';
import { renderNftables } from './render';

/** `nft list ruleset` text (FORMATS.md 2b), also `nft -a` listings, `nft -f` scripts in the same syntax, and `nft -j list ruleset` JSON. */
export const nftablesDialect: Dialect = {
  id: 'nftables',
  label: 'nftables ruleset (nft list ruleset)',
  extensions: ['.nft', '.nftables'],
  // A listing starts with its first table; a script may first have `flush ruleset`, defines or comments. nft -j starts `{"nftables":`.
  recognise: (start) => /^[ \t]*table[ \t]+(inet|ip|ip6)[ \t]+[^\s{]+[ \t]*\{/m.test(start) || isNftJson(start),
  lineComment: '#',
  // nft joins a line ending in a backslash with the next (lex.ts).
  continuation: /\\[ \t]*\r?$/,
  rejectsCommandOnBadPort: false,
  silentWithoutRules: false,
  completion: false,
  createCache: () => new ScriptSyntaxCache(),
  parse: (source, cache) => chainRuleFile(source, 'nftables', readNftables(source.text), cache as ScriptSyntaxCache),
  edits: nftablesEdits,
  renderFile: renderNftables,
};
