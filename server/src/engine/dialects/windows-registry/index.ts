import type { RuleFileModel, SourceText } from '../../model/types';
import { parseWindowsRuleFile } from '../scriptModel';
import { ScriptSyntaxCache } from '../scriptSyntaxCache';
import type { Dialect } from '../types';
import { registryEdits, rulesTarget } from './edits';
import { parseRegistry } from './parse';
import { REGEDIT_HEADER } from './regFile';

function parseRegistryFile(source: SourceText, cache: ScriptSyntaxCache): RuleFileModel {
  let parsed: ReturnType<typeof parseRegistry> | undefined;
  const model = parseWindowsRuleFile(source, 'windows-registry', ({ text }, each) => (parsed = parseRegistry(text, each)), cache);
  // A missing flow is reported at the rules key, and a fix writes after its last value.
  const target = rulesTarget(source.text, parsed!.file, parsed!.stores);
  return { ...model, layout: { ...model.layout, rulesKeyRange: target.keyRange, rulesEnd: target.at } };
}

/** Windows Firewall rules and profile settings in a regedit export (.reg), from the Group Policy store, the local store, or both. */
export const windowsRegistryDialect: Dialect = {
  id: 'windows-registry',
  label: 'Windows Firewall registry export (.reg)',
  extensions: ['.reg'],
  recognise: (start) => REGEDIT_HEADER.test(start.split('\n', 1)[0].replace(/\r$/, '')),
  lineComment: ';',
  // Windows gives a rule string with one bad port a parsing-error status: none of the rule applies.
  rejectsCommandOnBadPort: true,
  // A .reg with no key of either firewall store (any other setting exported with regedit): nothing to say on it.
  silentWithoutRules: true,
  completion: false,
  createCache: () => new ScriptSyntaxCache(),
  parse: (source, cache) => parseRegistryFile(source, cache as ScriptSyntaxCache),
  edits: registryEdits,
};
