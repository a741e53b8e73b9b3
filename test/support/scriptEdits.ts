import type { OffsetEdit } from '../../server/src/engine/checks/types';
import { dialectFor, parseInDialect } from '../../server/src/engine/dialects/registry';
import type { NewRule } from '../../server/src/engine/fixes/ruleEdits';
import type { RuleFileModel } from '../../server/src/engine/model/types';
import { uriOf } from './engine';

/** Fix edits of the script dialects, asked of the dialect directly: the text they leave, or undefined when there is none. */

export function scriptFile(name: string, text: string): RuleFileModel {
  return parseInDialect({ uri: uriOf(name), text });
}

export function applyOffsetEdits(text: string, edits: readonly OffsetEdit[]): string {
  return [...edits].sort((a, b) => b.range[0] - a.range[0]).reduce((out, edit) => out.slice(0, edit.range[0]) + edit.newText + out.slice(edit.range[1]), text);
}

function editsOf(name: string, text: string) {
  const file = scriptFile(name, text);
  return { file, edits: dialectFor(file.uri, text).edits! };
}

/** The text after adding `ports` to rule `index`'s port list. */
export function withPorts(name: string, text: string, index: number, ports: readonly string[]): string | undefined {
  const { file, edits } = editsOf(name, text);
  const result = edits.addPorts!(file, file.rules[index], ports);
  return result && applyOffsetEdits(text, result);
}

/** The text after turning rule `index` around. */
export function reversed(name: string, text: string, index: number): string | undefined {
  const { file, edits } = editsOf(name, text);
  const result = edits.reverseRule!(file, file.rules[index], undefined);
  return result && applyOffsetEdits(text, result);
}

/** The text after a fix adds `rule` on a host firewall (its addresses written as they are, no manifest). */
export function withRule(name: string, text: string, rule: NewRule, direction: 'inbound' | 'outbound' = 'inbound'): string | undefined {
  const { file, edits } = editsOf(name, text);
  const edit = edits.insertRule(file, { rule, data: { fix: 'insert-rule', direction, hostFirewall: true } });
  return edit && applyOffsetEdits(text, [edit]);
}
