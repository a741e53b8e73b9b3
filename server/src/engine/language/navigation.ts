import type { ManifestModel, OffsetRange, RuleFileModel } from '../model/types';
import type { CheckReport } from '../service';
import { locateInManifest, locateInRuleFile } from './locate';

export interface Place {
  readonly uri: string;
  readonly range: OffsetRange;
}

export type OpenFile = { readonly kind: 'manifest'; readonly model: ManifestModel } | { readonly kind: 'rules'; readonly model: RuleFileModel };

/** The host name under the cursor, whether written in a manifest or in a rule. */
function hostNameAt(file: OpenFile, offset: number): string | undefined {
  if (file.kind === 'rules') {
    const target = locateInRuleFile(file.model, offset);
    return target?.kind === 'endpoint' ? target.value : undefined;
  }
  const target = locateInManifest(file.model, offset);
  if (target?.kind === 'host') return target.host.name.value;
  return target?.kind === 'hostReference' ? target.value : undefined;
}

/** A host name goes to its manifest entry; a manifest "rules:" path goes to the rule file. */
export function findDefinition(report: CheckReport | undefined, file: OpenFile, offset: number): Place[] {
  if (file.kind === 'manifest') {
    const target = locateInManifest(file.model, offset);
    if (target?.kind === 'rulesPath') {
      const binding = report?.bindings.find((b) => b.firewall.name.value === target.firewall.name.value && b.rulesPath.value === target.path.value);
      return binding && !binding.loadError ? [{ uri: binding.ruleFileUri, range: [0, 0] }] : [];
    }
  }
  const name = hostNameAt(file, offset);
  const manifest = file.kind === 'manifest' ? file.model : report?.manifest;
  const host = manifest?.hosts.find((h) => h.name.value === name);
  return host && manifest ? [{ uri: manifest.uri, range: host.name.range }] : [];
}

/** Every place a host is named: its manifest entry, firewalls that protect it, and rules in every bound rule file. */
export function findReferences(report: CheckReport | undefined, file: OpenFile, offset: number, includeDeclaration: boolean): Place[] {
  const name = hostNameAt(file, offset);
  const manifest = file.kind === 'manifest' ? file.model : report?.manifest;
  if (!name || !manifest) return [];
  const places: Place[] = [];
  const host = manifest.hosts.find((h) => h.name.value === name);
  if (host && includeDeclaration) places.push({ uri: manifest.uri, range: host.name.range });
  for (const firewall of manifest.firewalls) {
    for (const reference of [...firewall.protects, ...(firewall.host ? [firewall.host] : [])]) {
      if (reference.value === name) places.push({ uri: manifest.uri, range: reference.range });
    }
  }
  const ruleFiles = report?.ruleFiles ?? (file.kind === 'rules' ? [file.model] : []);
  for (const ruleFile of ruleFiles) {
    for (const rule of ruleFile.rules) {
      // Only rules that name the host pay for absolute ranges.
      if (!rule.sources.includes(name) && !rule.destinations.includes(name)) continue;
      for (const endpoint of [...rule.from, ...rule.to]) if (endpoint.value === name) places.push({ uri: ruleFile.uri, range: endpoint.range });
    }
  }
  return places;
}
