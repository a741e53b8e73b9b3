import { parseWindowsRuleFile } from '../scriptModel';
import { scriptEdits } from '../scriptEdits';
import { ScriptSyntaxCache } from '../scriptSyntaxCache';
import type { Dialect } from '../types';
import { parseNetsh } from './parse';
import { renderNetshCommand } from './render';
import { isNetshScript, netshSyntax } from './edits';

/** `netsh advfirewall firewall` commands in a batch file (.cmd, .bat) or a `netsh -f` script (.netsh). */
export const netshDialect: Dialect = {
  id: 'netsh',
  label: 'netsh advfirewall script',
  extensions: ['.cmd', '.bat', '.netsh'],
  lineComment: 'REM',
  continuation: /\^[ \t]*\r?$/,
  rejectsCommandOnBadPort: true,
  silentWithoutRules: true,
  completion: false,
  createCache: () => new ScriptSyntaxCache(),
  parse: (source, cache) => parseWindowsRuleFile(source, 'netsh', ({ uri, text }, each) => parseNetsh(text, { batch: !isNetshScript(uri), each }), cache as ScriptSyntaxCache),
  renderCommand: renderNetshCommand,
  preamble: ['@echo off'],
  edits: scriptEdits(netshSyntax),
};
