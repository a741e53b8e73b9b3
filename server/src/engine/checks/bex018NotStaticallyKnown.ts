import type { CheckDefinition } from './types';

export const bex018NotStaticallyKnown: CheckDefinition = {
  code: 'BEX018',
  severity: 'information',
  title: 'Value known only when the script runs',
  docs: 'A Windows firewall script uses a value that cannot be known without running it: a port computed by a command, a variable never set to a literal, an address keyword such as LocalSubnet that Windows resolves on the machine, or RPC ports chosen at run time. The checks do not guess: that value is left out of the rule, which may therefore be reported as not allowing a flow. Write the value as a literal to have it checked.',
  check: (context) =>
    context.ruleFiles.flatMap((ruleFile) => ruleFile.unresolved.map((note) => ({ uri: ruleFile.uri, range: note.range, message: note.message }))),
};
