import type { CheckDefinition } from './types';

export const bex017RuleFileUnreadable: CheckDefinition = {
  code: 'BEX017',
  severity: 'error',
  title: 'Rule file missing or unreadable',
  docs: 'A firewall\'s "rules" path (relative to the manifest) does not lead to a readable rule file, so its flows cannot be checked. Correct the path or create the file.',
  check: (context) =>
    context.bindings
      .filter((binding) => binding.loadError !== undefined)
      .map((binding) => ({
        uri: context.manifest!.uri,
        range: binding.firewall.rules.range,
        message: `The rule file of firewall "${binding.firewall.name.value}" cannot be read: ${binding.loadError}`,
      })),
};
