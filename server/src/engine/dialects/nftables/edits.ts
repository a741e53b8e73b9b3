import type { OffsetEdit } from '../../checks/types';
import type { Chain, RuleFileModel } from '../../model/types';
import { linuxRuleOf } from '../chains/newRule';
import type { DialectEdits, InsertRequest } from '../types';
import { isNftJson } from './json';
import { nftRuleLines } from './ruleText';

/**
 * Fixes write the missing allow rule into the base chain that denies the flow, before the rule that
 * denies it or at the chain's end (before its `}`), in the chain's own style: indented like its rules,
 * the file's line ends kept. Nothing else of the file changes.
 */
export const nftablesEdits: DialectEdits = { insertRule };

function insertRule(ruleFile: RuleFileModel, request: InsertRequest): OffsetEdit | undefined {
  const chain = request.chain && ruleFile.chains?.find((c) => c.id === request.chain!.id);
  // An nft -j listing is read, not written: its rules are nft text's, in JSON, and nft -f loads text.
  if (!chain || isNftJson(ruleFile.text)) return undefined;
  const lines = nftRuleLines(linuxRuleOf(request.rule, request.data, request.manifest), chain.family);
  if (!lines) return undefined;
  const text = ruleFile.text;
  const before = request.chain!.before !== undefined ? chain.rules[request.chain!.before] : undefined;
  if (request.chain!.before !== undefined && !before) return undefined;
  const at = before ? before.rule.base : chain.appendAt;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const ownLine = /^[ \t]*$/.test(text.slice(lineStart, at));
  if (before ? ownLine : at === lineStart) {
    const eol = ruleFile.layout.eol;
    const indent = indentOf(text, chain, before?.rule.base, at);
    return { range: [lineStart, lineStart], newText: lines.map((line) => `${indent}${line}${eol}`).join('') };
  }
  // The rule shares its line with others (`…; tcp dport 22 accept`), or the `}` ends the last rule's line: `;` separates.
  const space = /[ \t]/.test(text[at - 1] ?? '') ? '' : ' ';
  return { range: [at, at], newText: `${space}${lines.map((line) => `${line}; `).join('')}` };
}

/**
 * The indentation of the chain's rules: that of the rule the new one goes before, else of its last
 * rule; in an empty chain, that of its `type … hook` line, or one level more than its declaration.
 */
function indentOf(text: string, chain: Chain, before: number | undefined, appendAt: number): string {
  const anchor = before ?? chain.rules[chain.rules.length - 1]?.rule.base;
  if (anchor !== undefined) return lineIndent(text, anchor);
  const above = text.lastIndexOf('\n', appendAt - 2) + 1;
  const indent = lineIndent(text, above);
  if (chain.name.range[0] < above || chain.name.range[0] >= appendAt) return indent;
  // nft prints a tab per level; a file indented with spaces gets its own unit again.
  return indent + (indent !== '' && !indent.includes('\t') ? indent : '\t');
}

function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start, start + 256))![0];
}
