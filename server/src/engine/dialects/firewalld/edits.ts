import type { OffsetEdit } from '../../checks/types';
import type { RuleFileModel } from '../../model/types';
import { linuxRuleOf } from '../chains/newRule';
import type { DialectEdits, InsertRequest } from '../types';
import { richRuleTexts } from './richText';
import { readXml, type XmlElement } from './xmlTree';

/** firewalld's lowest rich rule priority (src/firewall/core/rich.py, priority_min). */
const LOWEST_PRIORITY = -32768;

/**
 * A fix's rule as rich rules in the zone, indented like the zone's other children. Appended before
 * </zone>, a rule of priority 0 runs in the zone's `allow` sub-chain, after every reject or drop of
 * priority 0; to come before the rule that denies the flow, it takes a priority that runs first
 * (reading.ts, Group), and is written above that rule where an admin reads it.
 */
export const firewalldEdits: DialectEdits = {
  insertRule(ruleFile: RuleFileModel, request: InsertRequest): OffsetEdit | undefined {
    const chain = ruleFile.chains?.find((c) => c.id === request.chain?.id) ?? ruleFile.chains?.[0];
    const root = readXml(ruleFile.text).root;
    // A zone the file ends inside has no place a rule can go without guessing the rest.
    if (!chain || !root || !root.closed) return undefined;
    const before = request.chain?.before !== undefined ? chain.rules[request.chain.before] : undefined;
    const priority = before ? priorityAhead(before.rule.syntax.text) : 0;
    if (priority === undefined) return undefined;
    const texts = richRuleTexts(linuxRuleOf(request.rule, request.data, request.manifest), priority);
    if (texts.length === 0) return undefined;
    const { text } = ruleFile;
    const eol = ruleFile.layout.eol;
    const indent = childIndent(text, root);
    const lines = texts.join(eol + indent);
    if (before) {
      const start = before.rule.range[0];
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      const alone = /^[ \t]*$/.test(text.slice(lineStart, start));
      return alone ? { range: [lineStart, lineStart], newText: `${indent}${lines}${eol}` } : { range: [start, start], newText: texts.join('') };
    }
    const at = chain.appendAt;
    const zoneIndent = indentOf(text, root.range[0]);
    if (root.selfClosing) return { range: [at, at + 2], newText: `>${eol}${indent}${lines}${eol}${zoneIndent}</zone>` };
    const atLineStart = at === 0 || text.charAt(at - 1) === '\n';
    return { range: [at, at], newText: atLineStart ? `${indent}${lines}${eol}` : `${eol}${indent}${lines}${eol}${zoneIndent}` };
  },
};

/**
 * The priority that runs before a rule written with `ruleText`: a deny of priority 0 runs after every
 * rule of negative priority, one of priority p < 0 after those below p (ascending order), one of
 * priority p > 0 after every rule of priority 0. Undefined when nothing can run first.
 */
function priorityAhead(ruleText: string): number | undefined {
  const written = /^<rule\b[^>]*?\spriority\s*=\s*["']\s*([+-]?\d+)\s*["']/.exec(ruleText);
  const priority = written ? Number(written[1]) : 0;
  if (priority > 0) return 0;
  if (priority === 0) return -1;
  return priority - 1 >= LOWEST_PRIORITY ? priority - 1 : undefined;
}

/** How the zone's children are indented: like its last child, else one step (two spaces, as firewalld writes) in from <zone>. */
function childIndent(text: string, zone: XmlElement): string {
  const last = zone.children[zone.children.length - 1];
  return last ? indentOf(text, last.range[0]) : `${indentOf(text, zone.range[0])}  `;
}

/** The blanks before `offset` on its line, when only blanks are there. */
function indentOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : '';
}
