import { parse } from 'yaml';
import type { OffsetEdit } from '../../checks/types';
import { listRange, writtenInRule, type NewRule } from '../../fixes/ruleEdits';
import type { ListSyntax, RuleFileModel, RuleModel } from '../../model/types';
import { sharedByAlias } from './sharedByAlias';

/** How fixes edit our YAML rule files: in the style of the rules around, comments and order kept. */

const DEFAULT_KEY_ORDER = ['name', 'action', 'protocol', 'from', 'to', 'ports', 'windowsRules'] as const;
type RuleKey = (typeof DEFAULT_KEY_ORDER)[number];

/**
 * Plain YAML where that is safe, double-quoted otherwise: safe is text of
 * harmless characters (no comma, so it can stand in a flow list) that YAML
 * reads back as this very text (10.0.9.5 and 50100-50149 are text; 10000,
 * 1.5 and yes are not).
 */
export function yamlScalar(text: string): string {
  const plain = /^[A-Za-z0-9_./()][A-Za-z0-9 _./()+-]*$/.test(text) && !/[ ]$/.test(text) && !/^(yes|no|on|off|y|n)$/i.test(text);
  return plain && parse(text) === text ? text : JSON.stringify(text);
}

/** A port item as YAML: a bare number, else a scalar that reads back as this text. */
export function portScalar(text: string): string {
  return /^\d+$/.test(text) ? text : yamlScalar(text);
}

/** The style of the rule nearest to where a new one goes: indentation, flow or block maps and lists. */
function styleOf(ruleFile: RuleFileModel, near: RuleModel | undefined) {
  const sample = near ?? ruleFile.rules[ruleFile.rules.length - 1];
  const syntax = sample?.syntax;
  const dash = syntax && syntax.dashColumn >= 0 ? syntax.dashColumn : 2;
  const key = syntax && syntax.keyColumn >= 0 ? syntax.keyColumn : dash + 2;
  const order = syntax ? (Object.keys(syntax.keys).filter((k) => (DEFAULT_KEY_ORDER as readonly string[]).includes(k)) as RuleKey[]) : [];
  for (const k of DEFAULT_KEY_ORDER) if (!order.includes(k)) order.splice(insertionIndex(order, k), 0, k);
  const listStyle = syntax?.ports?.style === 'block' || syntax?.from?.style === 'block' ? 'block' : 'flow';
  return { dash, key, flowMap: syntax?.flowMap ?? false, order, listStyle };
}

function insertionIndex(order: RuleKey[], key: RuleKey): number {
  const wanted = DEFAULT_KEY_ORDER.indexOf(key);
  const after = order.findIndex((k) => DEFAULT_KEY_ORDER.indexOf(k) > wanted);
  return after === -1 ? order.length : after;
}

function renderRule(rule: NewRule, style: ReturnType<typeof styleOf>, eol: string): string {
  const values: Partial<Record<RuleKey, string | readonly string[]>> = {
    name: yamlScalar(rule.name),
    action: rule.action,
    protocol: rule.protocol,
    from: rule.from.map(yamlScalar),
    to: rule.to.map(yamlScalar),
    ports: rule.ports?.map(portScalar),
    windowsRules: rule.windowsRules?.map(yamlScalar),
  };
  const keys = style.order.filter((k) => values[k] !== undefined);
  const flowList = (items: readonly string[]) => `[${items.join(', ')}]`;
  const pad = ' '.repeat(style.dash);
  if (style.flowMap) {
    const body = keys.map((k) => `${k}: ${Array.isArray(values[k]) ? flowList(values[k] as string[]) : values[k]}`).join(', ');
    return `${pad}- { ${body} }${eol}`;
  }
  const lines = keys.map((k, i) => {
    const indent = i === 0 ? `${pad}-${' '.repeat(Math.max(1, style.key - style.dash - 1))}` : ' '.repeat(style.key);
    const value = values[k]!;
    if (!Array.isArray(value)) return `${indent}${k}: ${value}`;
    if (style.listStyle === 'flow') return `${indent}${k}: ${flowList(value)}`;
    return [`${indent}${k}:`, ...value.map((item) => `${' '.repeat(style.key + 2)}- ${item}`)].join(eol);
  });
  return lines.join(eol) + eol;
}

/** Inserts `rule` before rule `beforeIndex`, or after the last rule, in the file's own style. */
export function insertRuleEdit(ruleFile: RuleFileModel, rule: NewRule, beforeIndex?: number): OffsetEdit {
  const { text } = ruleFile;
  const { eol, rulesEnd, rulesInline, rulesKeyRange } = ruleFile.layout;
  const before = beforeIndex !== undefined ? ruleFile.rules[beforeIndex] : undefined;
  const style = styleOf(ruleFile, before);
  if (rulesInline && ruleFile.rules.length > 0) {
    // A flow list "rules: [ {…}, {…} ]": add one more flow map before the "]".
    const item = renderRule(rule, { ...style, flowMap: true, dash: 0 }, '').replace(/^- /, '');
    const last = ruleFile.rules[ruleFile.rules.length - 1];
    return { range: [last.range[1], last.range[1]], newText: `, ${item}` };
  }
  const rendered = renderRule(rule, style, eol);
  const gap = separatedByBlankLines(ruleFile) ? eol : '';
  if (before && before.syntax.dashColumn >= 0) {
    // Above the comment lines that lead the rule, which belong to it.
    const at = leadingCommentStart(text, before.base);
    return { range: [at, at], newText: rendered + gap };
  }
  if (rulesInline) {
    // "rules: []" becomes a block list holding the new rule.
    const colon = text.indexOf(':', rulesKeyRange[1]) + 1;
    return { range: [colon, rulesInline[1]], newText: eol + rendered.slice(0, -eol.length) };
  }
  const missingNewline = rulesEnd === text.length && text.length > 0 && !text.endsWith('\n');
  const lead = (missingNewline ? eol : '') + (ruleFile.rules.length > 0 ? gap : '');
  return { range: [rulesEnd, rulesEnd], newText: lead + (missingNewline ? rendered.slice(0, -eol.length) : rendered) };
}

/** Whether the file leaves a blank line between rules, so a new rule does too. */
function separatedByBlankLines(ruleFile: RuleFileModel): boolean {
  if (ruleFile.rules.length < 2) return false;
  // The first rule's text runs up to the second rule, so it ends with the comment lines leading that one.
  const lines = ruleFile.rules[0].syntax.text.replace(/\r?\n$/, '').split(/\r?\n/);
  let last = lines.length - 1;
  while (last > 0 && /^[ \t]*#/.test(lines[last])) last--;
  return /^[ \t]*$/.test(lines[last]);
}

/** The start of the comment lines right above the line starting at `lineStart` (no blank line between), else `lineStart`. */
function leadingCommentStart(text: string, lineStart: number): number {
  let start = lineStart;
  while (start > 0) {
    const previous = text.lastIndexOf('\n', start - 2) + 1;
    if (!/^[ \t]*#/.test(text.slice(previous, start - 1))) break;
    start = previous;
  }
  return start;
}

/**
 * Where to add a line after the value ending at `offset`: the end of its line
 * (before the line break) when only blanks and a comment follow, so that the
 * comment stays on the line it was written on; else `offset`.
 */
export function endOfValueLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  let end = newline === -1 ? text.length : newline;
  if (end > offset && text[end - 1] === '\r') end--;
  return /^[ \t]*(?:#.*)?$/.test(text.slice(offset, end)) ? end : offset;
}

/** The items of a list written elsewhere (an alias), as YAML to write out in its place. */
export function aliasedItems(list: ListSyntax): string[] {
  return list.items.map((item) => (typeof item.value === 'number' ? String(item.value) : yamlScalar(String(item.value))));
}

/** Replaces a rule's "any" sources with `sources`, keeping the list's style (and any comment on its line). */
export function narrowSourceEdits(ruleFile: RuleFileModel, rule: RuleModel, sources: readonly string[]): OffsetEdit[] | undefined {
  const from = rule.syntax.from;
  if (!from || !writtenInRule(rule, from.range)) return undefined;
  // A list that other rules repeat by alias would be narrowed for them too.
  if (from.style !== 'alias' && sharedByAlias(ruleFile.text, [from.range[0] + rule.base, from.range[1] + rule.base])) return undefined;
  if (from.style === 'alias') {
    // The alias may serve other rules: this rule gets the list written out, "any" replaced.
    const written = aliasedItems(from).flatMap((item) => (item.toLowerCase() === 'any' ? sources : [item]));
    return [{ range: [from.range[0] + rule.base, from.range[1] + rule.base], newText: `[${written.join(', ')}]` }];
  }
  return from.items
    .filter((item) => typeof item.value === 'string' && item.value.trim().toLowerCase() === 'any')
    .flatMap((item): OffsetEdit[] => {
      const range = [item.range[0] + rule.base, item.range[1] + rule.base] as const;
      if (from.style === 'scalar') return [{ range, newText: `[${sources.join(', ')}]` }];
      if (from.style === 'flow') return [{ range, newText: sources.join(', ') }];
      // Block list: the first source takes the place of "any", the others follow it.
      const lineStart = ruleFile.text.lastIndexOf('\n', range[0] - 1) + 1;
      const prefix = ruleFile.text.slice(lineStart, range[0]);
      const at = endOfValueLine(ruleFile.text, range[1]);
      const rest = sources.slice(1).map((s) => `${ruleFile.layout.eol}${prefix}${s}`).join('');
      return rest ? [{ range, newText: sources[0] }, { range: [at, at], newText: rest }] : [{ range, newText: sources[0] }];
    });
}

/**
 * Turns a rule around (BEX103): the texts of its `from` and `to` values change
 * places, each with what is written between its key and it (a block list's
 * line break and indentation) and the comment ending its last line, so both
 * read as before, and flow or block style is kept. Undefined when either is
 * not written in the rule itself (merged from an anchor) or absent, or when
 * the rule is another's too (merged or aliased whole).
 */
export function reverseRuleEdits(ruleFile: RuleFileModel, rule: RuleModel): OffsetEdit[] | undefined {
  const from = valueSpan(ruleFile.text, rule, 'from');
  const to = valueSpan(ruleFile.text, rule, 'to');
  // A rule merged or aliased whole elsewhere would turn around there too; an anchored end moves with its anchor.
  if (!from || !to || sharedByAlias(ruleFile.text, from) || sharedByAlias(ruleFile.text, to)) return undefined;
  const textOf = ([start, end]: readonly [number, number]) => ruleFile.text.slice(start, end);
  return [
    { range: from, newText: textOf(to) },
    { range: to, newText: textOf(from) },
  ];
}

/** From the end of the key to the end of the value, its line's trailing comment included; undefined unless both are the rule's own. */
function valueSpan(text: string, rule: RuleModel, key: 'from' | 'to'): [number, number] | undefined {
  const keyRange = rule.syntax.keys[key];
  const list = rule.syntax[key];
  if (!keyRange || !list || !writtenInRule(rule, keyRange) || !writtenInRule(rule, list.range)) return undefined;
  // The comment lines after a block list's last item stay where they are.
  return [keyRange[1] + rule.base, endOfValueLine(text, listRange(rule, list)[1])];
}
