import { parseWindowsRuleFile } from '../scriptModel';
import { scriptEdits } from '../scriptEdits';
import { ScriptSyntaxCache } from '../scriptSyntaxCache';
import type { Dialect } from '../types';
import { parsePowerShell } from './parse';
import { renderPowerShellCommand } from './render';
import { powershellSyntax } from './edits';

/** NetSecurity cmdlets (New-NetFirewallRule, Enable-NetFirewallRule…) in a PowerShell script. */
export const powershellDialect: Dialect = {
  id: 'powershell',
  label: 'PowerShell NetSecurity script',
  extensions: ['.ps1', '.psm1'],
  lineComment: '#',
  continuation: /`[ \t]*\r?$/,
  rejectsCommandOnBadPort: true,
  silentWithoutRules: true,
  completion: false,
  createCache: () => new ScriptSyntaxCache(),
  parse: (source, cache) => parseWindowsRuleFile(source, 'powershell', ({ text }, each) => parsePowerShell(text, each), cache as ScriptSyntaxCache),
  renderCommand: renderPowerShellCommand,
  edits: scriptEdits(powershellSyntax),
};
