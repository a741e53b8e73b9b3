import type { RuleFileModel } from '../../model/types';
import type { ScriptReading, ScriptSyntax } from '../scriptEdits';
import { lettersBefore } from '../scriptRuleEdits';
import { FIELDS, resolveParameter } from './parameters';
import { parsePowerShell } from './parse';
import { renderPowerShellCommand } from './render';
import { tokenize, type Token } from './tokens';
import { Script } from './values';

/**
 * Parameters of New-NetFirewallRule, besides those the rule model reads, that mean the same
 * whichever way a rule applies; -EdgeTraversalPolicy, -LocalUser, -RemoteUser, -Authentication and
 * the like apply to inbound rules or to who connects, and keep a rule from being turned around.
 */
const BOTH_WAYS = new Set(['group', 'policystore', 'gposession', 'cimsession', 'interfacetype', 'interfacealias', 'platform', 'whatif', 'confirm', 'verbose', 'erroraction', 'warningaction', 'informationaction']);

const DASHES = new Set(['-', '\u2013', '\u2014', '\u2015']);

/** A variable a new command can name as `$name`: no scope, no braces. */
const PLAIN_VARIABLE = /^\$[A-Za-z_][A-Za-z0-9_]*$/;

export const powershellSyntax: ScriptSyntax = {
  render: renderPowerShellCommand,
  read,
  quotedItems: true,
  parameterBefore(text, offset) {
    // `-LocalPort 10000`, `-LocalPort:10000` or `-LocalPort: 10000`, the dash starting a word.
    let end = offset;
    while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    const colon = text[end - 1] === ':';
    if (colon) end--;
    else if (end === offset) return undefined;
    const start = lettersBefore(text, end);
    const dash = start - 1;
    if (start === end || !DASHES.has(text[dash]) || (dash > 0 && !/\s/.test(text[dash - 1]))) return undefined;
    const field = resolveParameter('new', text.slice(start, end).toLowerCase());
    return { range: [start, end], parameter: typeof field === 'string' ? FIELDS[field][1] : undefined };
  },
  words: { localport: 'LocalPort', remoteport: 'RemotePort', inbound: 'Inbound', outbound: 'Outbound' },
  directionParameter: (direction) => `-Direction ${direction === 'inbound' ? 'Inbound' : 'Outbound'}`,
  reversible: (command) =>
    tokenize(command)
      .tokens.filter((token) => token.kind === 'param')
      .every((token) => typeof resolveParameter('new', token.value) === 'string' || BOTH_WAYS.has(token.value)),
};

function read(ruleFile: RuleFileModel): ScriptReading {
  const { text } = ruleFile;
  const rules = parsePowerShell(text).rules;
  const { tokens } = tokenize(text);
  const topLevel = topLevelStarts(tokens, new Script(text, tokens, []).match);
  return {
    rules,
    // The command's first token: a rule's range starts at its line when only blanks come before it.
    nested: (index) => !topLevel.has(rules[index].range[0] + /^[ \t]*/.exec(text.slice(rules[index].range[0], rules[index].range[1]))![0].length),
    referencesAt: (offset) => referencesAt(text, tokens, offset),
  };
}

/** Where the tokens outside every bracket start. */
function topLevelStarts(tokens: readonly Token[], match: Int32Array): Set<number> {
  const starts = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    starts.add(tokens[i].start);
    if (tokens[i].kind === 'open') i = match[i];
  }
  return starts;
}

/**
 * The variables holding exactly one literal value at `offset`, the script's statements before it
 * followed as the parser follows them (values.ts: a value assigned in a block, changed or computed
 * is not known there); of several holding one value, the one assigned last.
 */
function referencesAt(text: string, tokens: readonly Token[], offset: number): Map<string, string> {
  const script = new Script(text, tokens, []);
  const assigned = new Map<string, string>();
  for (const statement of script.statements) {
    if (tokens[statement.start].start >= offset) break;
    script.statement(statement);
    let s = statement.start;
    while (s < statement.end && tokens[s].kind === 'type') s++;
    if (statement.frame === 'code' && tokens[s]?.kind === 'variable' && tokens[s + 1]?.kind === 'assign') {
      assigned.delete(tokens[s].value);
      assigned.set(tokens[s].value, text.slice(tokens[s].start, tokens[s].end));
    }
  }
  let at = tokens.findIndex((token) => token.start >= offset);
  if (at < 0) at = tokens.length;
  const references = new Map<string, string>();
  for (const [name, written] of assigned) {
    const values = script.literalValues(name, at);
    if (values?.length === 1 && PLAIN_VARIABLE.test(written)) references.set(values[0], written);
  }
  return references;
}
