import type { Dialect } from '../types';
import { addPortsEdits, insertRuleEdit, narrowSourceEdits } from './edits';
import { parseRuleFile, RuleSyntaxCache } from './parse';

/** befw's own rule files (*.fwrules.yaml): first-match or block-wins as the file says. */
export const yamlDialect: Dialect = {
  id: 'yaml',
  label: 'befw YAML rule file',
  extensions: ['.yaml', '.yml'],
  lineComment: '#',
  rejectsCommandOnBadPort: false,
  silentWithoutRules: false,
  completion: true,
  createCache: () => new RuleSyntaxCache(),
  parse: (source, cache) => parseRuleFile(source, cache as RuleSyntaxCache),
  edits: {
    insertRule: (ruleFile, { rule, before }) => insertRuleEdit(ruleFile, rule, before),
    addPorts: addPortsEdits,
    narrowSource: narrowSourceEdits,
  },
};
