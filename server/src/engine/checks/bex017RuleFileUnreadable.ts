import { canCreateRuleFile, createRuleFileFix, missingFileKind, othersNaming } from '../fixes/createRuleFileFix';
import { requiredFlowCount, uncheckedFirewalls } from '../flows/uncheckedFlows';
import { excerpt } from '../util/excerpt';
import type { ManifestModel } from '../model/types';
import type { CheckDefinition, FirewallBinding, Finding } from './types';

/** Why a file cannot be read is the reader's sentence (up to about 110 characters), which may name a path of any length: this much of it is shown. */
export const LOAD_ERROR_LENGTH = 200;

export const bex017RuleFileUnreadable: CheckDefinition = {
  code: 'BEX017',
  severity: 'error',
  title: 'Rule file missing or unreadable',
  docs: 'A firewall\'s "rules" path (relative to the manifest) does not lead to a readable rule file, so its flows cannot be checked. Correct the path or create the file: for a missing file befw can write (YAML, scripts, Linux firewall files) the quick-fix creates it with the rules its required flows need; an export is made on its host.',
  check: (context) => {
    const manifest = context.manifest!;
    const unchecked = new Map(uncheckedFirewalls(context.bindings, () => context.flows()).map((u) => [u.firewall, u.flows.length]));
    return context.bindings
      .filter((binding) => binding.loadError !== undefined)
      .map((binding): Finding => {
        const unread = `The rule file of firewall "${excerpt(binding.firewall.name.value)}" cannot be read: ${excerpt(binding.loadError ?? '', LOAD_ERROR_LENGTH)}`;
        if (binding.loadFailure !== 'missing') return { uri: manifest.uri, range: binding.rulesPath.range, message: unread };
        const creatable = canCreateRuleFile(manifest, binding);
        return {
          uri: manifest.uri,
          range: binding.rulesPath.range,
          message: `${unread}. ${missingAdvice(manifest, binding, unchecked.get(binding.firewall) ?? 0, creatable)}`,
          ...(creatable ? { data: { fix: 'createRuleFile', firewall: binding.firewall.name.value, ruleFileUri: binding.ruleFileUri } } : {}),
        };
      });
  },
  fix: createRuleFileFix,
};

/** What the admin of a site with a missing rule file does: create it (how depends on its dialect), or correct the path. */
function missingAdvice(manifest: ManifestModel, binding: FirewallBinding, flows: number, creatable: boolean): string {
  const unchecked = flows > 0 ? `Its ${requiredFlowCount(flows)} ${flows === 1 ? 'is' : 'are'} unchecked until it exists` : 'No required flow crosses the firewall yet';
  const kind = missingFileKind(binding.ruleFileUri, binding.firewall);
  if (kind.kind === 'exported') {
    const host = binding.firewall.host ? `"${excerpt(binding.firewall.host.value)}"` : "the firewall's host";
    return `${unchecked}: a ${kind.dialect.label} is exported on ${host}, not written by hand; export it there and save it at this path, or correct the path.`;
  }
  if (creatable) return `${unchecked}: create it with the rules the manifest calls for (a quick-fix in the editor, or befw generate), or correct the path.`;
  const others = othersNaming(manifest, binding);
  if (others.length > 0) return `${unchecked}: ${others.map((f) => `firewall "${excerpt(f.name.value)}"`).join(', ')} ${others.length === 1 ? 'names' : 'name'} it too, so create it with the rules of ${others.length === 1 ? 'both' : 'all of them'}, or correct the path.`;
  return `${unchecked}: create it, or correct the path.`;
}
