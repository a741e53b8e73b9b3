import { excerpt } from '../util/excerpt';
import type { CheckDefinition } from './types';

/** Why a file cannot be read is the reader's sentence (up to about 110 characters), which may name a path of any length: this much of it is shown. */
export const LOAD_ERROR_LENGTH = 200;

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
        range: binding.rulesPath.range,
        message: `The rule file of firewall "${excerpt(binding.firewall.name.value)}" cannot be read: ${excerpt(binding.loadError ?? '', LOAD_ERROR_LENGTH)}`,
      })),
};
