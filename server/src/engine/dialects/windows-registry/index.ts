import type { RuleFileModel, RuleSyntax, SourceText } from '../../model/types';
import { parseWindowsRuleFile } from '../scriptModel';
import { ScriptSyntaxCache } from '../scriptSyntaxCache';
import type { Dialect } from '../types';
import { registryEdits, rulesTarget } from './edits';
import { parseRegistry } from './parse';
import { REGEDIT_HEADER } from './regFile';

/**
 * A local rule's profiles also depend on Group Policy's AllowLocalPolicyMerge,
 * written outside its text (parse.ts): a rule whose text is unchanged keeps its
 * earlier reading only when its profiles are unchanged too.
 */
class RegistrySyntaxCache extends ScriptSyntaxCache {
  override reuse(syntax: RuleSyntax): RuleSyntax {
    const kept = super.reuse(syntax);
    const [a, b] = [kept.profiles?.value, syntax.profiles?.value];
    return a === b || (a && b && a.join() === b.join()) ? kept : syntax;
  }
}

function parseRegistryFile(source: SourceText, cache: RegistrySyntaxCache): RuleFileModel {
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
  createCache: () => new RegistrySyntaxCache(),
  parse: (source, cache) => parseRegistryFile(source, cache as RegistrySyntaxCache),
  edits: registryEdits,
};
