import type { OffsetEdit } from '../checks/types';
import type { RuleFileModel } from '../model/types';
import type { ScriptStyle } from '../model/scriptStyle';
import type { ScriptReading } from './scriptEdits';
import type { ScriptList, ScriptRule, ScriptRuleSpec } from './scriptRule';

/** Where a new command goes, and the command it is written like (absent: the file's last rule command). */
export interface Placement {
  readonly at: number;
  readonly style?: ScriptStyle;
}

/**
 * Where an admin would write a new command: after the last command at the script's top level whose
 * rule concerns the same remote or local address, or the same service (its name before " from "),
 * so it joins the rules it belongs with rather than the last ones under an unrelated comment.
 * Otherwise after the last rule command, as before. Undefined when that place continues onto the
 * next line, which the new command would join.
 */
export function insertionPoint(ruleFile: RuleFileModel, reading: ScriptReading, spec: ScriptRuleSpec): Placement | undefined {
  const { text } = ruleFile;
  for (let i = reading.rules.length - 1; i >= 0; i--) {
    const rule = reading.rules[i];
    if (rule.kind !== 'add' || reading.nested(i) || !related(rule, spec)) continue;
    const at = lineEnd(text, rule.range[1]);
    if (!continues(text, at)) return { at, style: rule.style };
    break;
  }
  const end = ruleFile.layout.rulesEnd;
  return continues(text, end) ? undefined : { at: end };
}

/** The edit that writes `command` (its lines joined by the file's line ends) as lines of their own at `at`, a line's end. */
export function insertCommandEdit(ruleFile: RuleFileModel, at: number, command: string): OffsetEdit {
  const { eol } = ruleFile.layout;
  const needsBreak = at > 0 && ruleFile.text[at - 1] !== '\n';
  return { range: [at, at], newText: `${needsBreak ? eol : ''}${command}${eol}` };
}

function related(rule: ScriptRule, spec: ScriptRuleSpec): boolean {
  return shares(rule.remoteAddresses, spec.remoteAddresses) || shares(rule.localAddresses, spec.localAddresses) || (rule.name !== undefined && serviceOf(rule.name.value) === serviceOf(spec.name));
}

function shares(list: ScriptList | undefined, addresses: readonly string[] | undefined): boolean {
  const wanted = new Set(addresses?.map((a) => a.toLowerCase()));
  return list?.items.some((item) => wanted.has(item.value.toLowerCase())) ?? false;
}

/**
 * "Remote Agent data connections from be01 to sql01" → "remote agent data connections": what fixes
 * and `befw generate` name a rule after. A rule for part of a flow is named with its ports
 * ("… 50121-50149 from …"): the service is the words before them.
 */
function serviceOf(name: string): string {
  const from = name.search(/\sfrom\s/i);
  const words = (from === -1 ? name : name.slice(0, from)).trim().toLowerCase().split(/\s+/);
  while (words.length > 1 && /^[\d,-]+$/.test(words[words.length - 1])) words.pop();
  return words.join(' ');
}

/** Just after the line break ending the line at `offset`, or the end of the text. */
function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/** Whether the line ending at `at` goes on onto the next (backtick, caret, a trailing comma or pipe). */
function continues(text: string, at: number): boolean {
  return /[`^,|][ \t]*\r?\n?$/.test(text.slice(Math.max(0, at - 80), at));
}
