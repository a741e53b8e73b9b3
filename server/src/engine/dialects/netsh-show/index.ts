import { parseWindowsRuleFile } from '../scriptModel';
import { ScriptSyntaxCache } from '../scriptSyntaxCache';
import type { Dialect } from '../types';
import { looksLikeListing } from './lines';
import { parseNetshShow } from './parse';

/**
 * The output of `netsh advfirewall firewall show rule name=all [verbose]` saved from a host: the
 * rules Windows holds, read as the host firewall's rules. An export is not edited by hand, so it
 * has no `edits` (fixes write a remediation script beside it) and no command rendering.
 */
export const netshShowDialect: Dialect = {
  id: 'netsh-show',
  label: 'netsh advfirewall show rule output',
  extensions: ['.netsh-show.txt'],
  recognise: looksLikeListing,
  // netsh prints no comments: a suppression directive in an export is honoured only where the admin adds the line.
  lineComment: '#',
  rejectsCommandOnBadPort: false,
  silentWithoutRules: false,
  completion: false,
  createCache: () => new ScriptSyntaxCache(),
  parse: (source, cache) => parseWindowsRuleFile(source, 'netsh-show', ({ text }, each) => parseNetshShow(text, each), cache as ScriptSyntaxCache),
};
