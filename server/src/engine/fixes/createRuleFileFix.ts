import type { Catalog } from '../catalog/catalog';
import type { CodeFix, FirewallBinding, FixInput } from '../checks/types';
import { DIALECTS, dialectById, GENERATED_DIALECTS } from '../dialects/registry';
import type { Dialect } from '../dialects/types';
import { generateRules } from '../generate/generateRules';
import type { FirewallModel, ManifestModel } from '../model/types';
import { excerpt } from '../util/excerpt';
import { resolveRulesPath } from '../util/uris';

/** What a missing rule file of a firewall is: a file befw can write, an export made on the host, or neither. */
export type MissingFileKind = { readonly kind: 'written'; readonly dialect: Dialect } | { readonly kind: 'exported'; readonly dialect: Dialect } | { readonly kind: 'unknown' };

/**
 * The dialect a file's name (or the manifest's `format:`) gives it, without its
 * text: a name that says nothing is not guessed at, as the reader's YAML fallback would.
 */
export function missingFileKind(uri: string, firewall: FirewallModel): MissingFileKind {
  const path = uri.toLowerCase();
  const dialect = DIALECTS.find((d) => d.extensions.some((extension) => path.endsWith(extension))) ?? (firewall.format ? dialectById(firewall.format.value) : undefined);
  if (!dialect) return { kind: 'unknown' };
  return GENERATED_DIALECTS.includes(dialect.id) ? { kind: 'written', dialect } : { kind: 'exported', dialect };
}

/**
 * Whether the file may be created whole from the manifest: the firewall's only
 * rule file, in a dialect befw writes, inside the manifest's folder tree, named
 * by no other firewall. Beside other files (an export and its remediation
 * script), a complete generated rule set would repeat what they allow, and in a
 * first-match set its order among them is not ours to choose; the rules of one
 * of two firewalls sharing the file would leave the other's flows blocked.
 */
export function canCreateRuleFile(manifest: ManifestModel, binding: FirewallBinding): boolean {
  const folder = manifest.uri.slice(0, manifest.uri.lastIndexOf('/') + 1);
  return (
    binding.loadFailure === 'missing' &&
    binding.firewall.rules.length === 1 &&
    binding.ruleFileUri.startsWith(folder) &&
    missingFileKind(binding.ruleFileUri, binding.firewall).kind === 'written' &&
    othersNaming(manifest, binding).length === 0
  );
}

/** The other firewalls of the manifest whose rules include the binding's file. */
export function othersNaming(manifest: ManifestModel, binding: FirewallBinding): FirewallModel[] {
  return manifest.firewalls.filter((f) => f !== binding.firewall && f.rules.some((path) => resolveRulesPath(manifest.uri, path.value) === binding.ruleFileUri));
}

/** BEX017's fix for a missing rule file: the file, with the rules every required flow crossing the firewall needs, in the dialect its name says. */
export function createRuleFileFix(input: FixInput): CodeFix[] {
  const { manifest, data, catalog } = input;
  // A manifest with problems may be missing hosts: the rules generated from it would be too.
  if (!manifest || manifest.problems.length > 0) return [];
  // By name and file: two firewalls may share a name (nothing reports it), and then the first would be found for both.
  const firewall = manifest.firewalls.find((f) => f.name.value === data.firewall && f.rules.length === 1 && resolveRulesPath(manifest.uri, f.rules[0].value) === data.ruleFileUri);
  const path = firewall?.rules[0];
  const uri = String(data.ruleFileUri);
  if (!firewall || !path || input.ruleFile(uri) || !canCreateRuleFile(manifest, { firewall, rulesPath: path, ruleFileUri: uri, loadFailure: 'missing' })) return [];
  const written = generatedRules(manifest, catalog, firewall, uri);
  if (!written) return [];
  return [{ title: `Create ${excerpt(path.value)} ${withRules(written.flows)}`, isPreferred: true, edits: [{ uri, create: true, edits: [{ range: [0, 0], newText: written.text }] }] }];
}

/** The file `befw generate` writes for the firewall in the dialect of `uri`; undefined when it cannot. */
function generatedRules(manifest: ManifestModel, catalog: Catalog, firewall: FirewallModel, uri: string) {
  const kind = missingFileKind(uri, firewall);
  if (kind.kind !== 'written') return undefined;
  const generated = generateRules(manifest, catalog, firewall.name.value, kind.dialect.id);
  return 'error' in generated ? undefined : generated;
}

function withRules(count: number): string {
  if (count === 0) return 'with no rules: no required flow needs one';
  return `with the ${count} required rule${count === 1 ? '' : 's'}`;
}
