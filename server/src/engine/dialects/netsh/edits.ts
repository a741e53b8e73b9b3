import type { RuleFileModel } from '../../model/types';
import type { CanonicalParameter } from '../../model/scriptStyle';
import type { ScriptReading, ScriptSyntax } from '../scriptEdits';
import { lettersBefore } from '../scriptRuleEdits';
import { batchCommands, variablesAt } from './cmdScript';
import { NETSH_KEYWORDS, parseNetsh } from './parse';
import { renderNetshCommand } from './render';

/** A `netsh -f` script is read by netsh itself: no cmd.exe variables or blocks there. */
export function isNetshScript(uri: string): boolean {
  return /\.netsh([?#]|$)/i.test(uri);
}

const CANONICAL: ReadonlyMap<string, CanonicalParameter> = new Map(Object.entries(NETSH_KEYWORDS).map(([canonical, keyword]) => [keyword, canonical as CanonicalParameter]));

/** Parameters that mean the same whichever way a rule applies; edge=, security=, rmtcomputergrp= and the like apply to inbound rules or their authentication. */
const BOTH_WAYS = new Set(['name', 'description', 'dir', 'action', 'protocol', 'localport', 'remoteport', 'localip', 'remoteip', 'program', 'service', 'profile', 'enable', 'group', 'interfacetype']);

/** A variable name written between `%`s that nothing in cmd.exe reads as more than a name. */
const PLAIN_NAME = /^[A-Za-z_][\w.-]*$/;

export const netshSyntax: ScriptSyntax = {
  render: renderNetshCommand,
  read,
  quotedItems: false,
  parameterBefore(text, offset) {
    // `localport=` or `localport="` right before the value, the name starting a token.
    const end = text[offset - 1] === '"' ? offset - 2 : offset - 1;
    if (text[end] !== '=') return undefined;
    const start = lettersBefore(text, end);
    if (start === end || (start > 0 && !/\s/.test(text[start - 1]))) return undefined;
    return { range: [start, end], parameter: CANONICAL.get(text.slice(start, end).toLowerCase()) };
  },
  words: { localport: 'LocalPort', remoteport: 'RemotePort', inbound: 'In', outbound: 'Out' },
  directionParameter: (direction) => `dir=${direction === 'inbound' ? 'in' : 'out'}`,
  reversible: (command) => [...command.matchAll(/(?:^|\s)([A-Za-z]+)=/g)].every((match) => BOTH_WAYS.has(match[1].toLowerCase())),
};

function read(ruleFile: RuleFileModel): ScriptReading {
  const { text, uri } = ruleFile;
  const batch = !isNetshScript(uri);
  const nestedAt = new Set<number>();
  if (batch) for (const command of batchCommands(text, []).commands) if (command.nested) nestedAt.add(command.range[0]);
  const rules = parseNetsh(text, { batch }).rules;
  return {
    rules,
    nested: (index) => nestedAt.has(rules[index].range[0]),
    referencesAt(offset) {
      const references = new Map<string, string>();
      for (const variable of (batch && variablesAt(text, offset)?.values()) || []) {
        if ('value' in variable && variable.name && PLAIN_NAME.test(variable.name)) references.set(variable.value, `%${variable.name}%`);
      }
      return references;
    },
  };
}
