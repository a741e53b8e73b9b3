import type { Dialect } from '../types';
import { insertRuleEdit, narrowSourceEdits, reverseRuleEdits } from './edits';
import { widenPortsEdits } from './portListEdits';
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
    addPorts: widenPortsEdits,
    reverseRule: reverseRuleEdits,
    narrowSource: narrowSourceEdits,
  },
};
