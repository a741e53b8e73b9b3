import type { OffsetEdit } from '../../checks/types';
import type { Chain, RuleFileModel } from '../../model/types';
import { linuxRuleOf } from '../chains/newRule';
import type { DialectEdits, InsertRequest } from '../types';
import { tupleBlocks } from './tuples';

/**
 * Fixes in ufw's user.rules: a tuple line and its rule, in the RULES section where ufw keeps them
 * (FORMATS.md 2d), a blank line around each as ufw writes them. Appended, the block goes before
 * `### END RULES ###`; before a rule, before that rule's whole block (its tuple and the lines ufw
 * wrote with it), so every tuple stays above its own rules. ufw's rules are all in ufw-user-input and
 * ufw-user-output: an insert the evaluation places in another chain gets no fix, since a tuple there
 * would not be ufw's.
 */
export const ufwEdits: DialectEdits = { insertRule };

function insertRule(ruleFile: RuleFileModel, request: InsertRequest): OffsetEdit | undefined {
  const rule = linuxRuleOf(request.rule, request.data, request.manifest);
  const chains = ruleFile.chains ?? [];
  const chain = request.chain ? chains.find((c) => c.id === request.chain!.id) : chains.find((c) => c.hook === rule.direction);
  if (!chain?.hook || chain.hook !== rule.direction) return undefined;
  const blocks = tupleBlocks(rule, chain.family ?? 4);
  if (blocks.length === 0) return undefined;
  const { text } = ruleFile;
  const eol = ruleFile.layout.eol;
  const before = request.chain?.before !== undefined ? chain.rules[request.chain.before] : undefined;
  const at = before ? blockStart(text, before.rule.range[0]) : endOfRules(text, chain);
  const written = blocks.map((lines) => `${lines.join(eol)}${eol}${eol}`).join('');
  // The block follows a blank line, as ufw writes them.
  const lead = at === 0 || /\n[ \t]*\r?\n$/.test(text.slice(Math.max(0, at - 4), at)) ? '' : text[at - 1] === '\n' ? eol : `${eol}${eol}`;
  return { range: [at, at], newText: `${lead}${written}` };
}

/** Where the RULES section ends; a hand-made file without the marker: after the chain's last rule. */
function endOfRules(text: string, chain: Chain): number {
  const marker = text.search(/^### END RULES ###/m);
  return marker === -1 ? chain.appendAt : marker;
}

/** The start of the block a rule's line belongs to: back over the rules right above it, to their tuple line. */
function blockStart(text: string, offset: number): number {
  let start = text.lastIndexOf('\n', offset - 1) + 1;
  while (start > 0) {
    const previous = text.lastIndexOf('\n', start - 2) + 1;
    const line = text.slice(previous, start).trim();
    const tuple = line.startsWith('### tuple ###');
    if (!tuple && !line.startsWith('-A ')) break;
    start = previous;
    if (tuple) break;
  }
  return start;
}
