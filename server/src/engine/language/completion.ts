import { dialectOf } from '../dialects/registry';
import manifestSchema from '../../../../schemas/bexnet.schema.json';
import ruleFileSchema from '../../../../schemas/fwrules.schema.json';
import type { Catalog, Service } from '../catalog/catalog';
import { describeService } from '../explain';
import type { ManifestModel, OffsetRange, RuleFileModel } from '../model/types';
import type { CheckReport } from '../service';
import { keysAt, valuesAt, type SchemaNode } from './schemaNavigator';
import { ruleAt } from './locate';
import { configuredPorts, snippetEntries } from './snippets';
import { yamlContext, type YamlContext } from './yamlContext';

export interface CompletionInput {
  readonly catalog: Catalog;
  readonly report?: CheckReport;
  readonly file: { readonly kind: 'manifest'; readonly model: ManifestModel } | { readonly kind: 'rules'; readonly model: RuleFileModel };
  readonly offset: number;
}

/** A `snippet` entry's insertText is a snippet (tab stops, choices), written at its line's indentation. */
export type CompletionKind = 'property' | 'value' | 'host' | 'service' | 'feature' | 'role' | 'snippet';

export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly insertText: string;
  /** The text the entry replaces: the partial word before the cursor. */
  readonly range: OffsetRange;
  readonly detail?: string;
  readonly documentation?: string;
  readonly filterText?: string;
  readonly sortText?: string;
}

const SCHEMAS: Record<'manifest' | 'rules', SchemaNode> = { manifest: manifestSchema as SchemaNode, rules: ruleFileSchema as SchemaNode };

/** Keys and values from the schema, and Backup Exec knowledge for hosts, features, roles and ports. */
export function doComplete(input: CompletionInput): CompletionEntry[] {
  // Scripts are PowerShell's or cmd's to complete.
  if (input.file.kind === 'rules' && !dialectOf(input.file.model).completion) return [];
  const context = contextAt(input);
  if (context.inComment) return [];
  const range: OffsetRange = [context.wordStart, input.offset];
  const schema = SCHEMAS[input.file.kind];
  if (context.mode === 'key') {
    const entries: CompletionEntry[] = keysAt(schema, context.path).map((key) => ({
      label: key.key,
      kind: 'property',
      insertText: key.isList || key.isObject ? `${key.key}:` : `${key.key}: `,
      range,
      documentation: key.description,
    }));
    // "- wor" in a list of scalars is a value of the list's key.
    if (context.key && context.inList) entries.push(...valueEntries(input, { ...context, path: context.path.slice(0, -2) }, range));
    entries.push(...snippetEntries(input.catalog, input.file.kind, input.file.model.text, context, manifestOf(input), input.offset));
    return entries;
  }
  return valueEntries(input, context, range);
}

/**
 * In a rule file the rule under the cursor is known from the model, so only
 * its own lines are read, not the thousands of rules above it.
 */
function contextAt(input: CompletionInput): YamlContext {
  const { file, offset } = input;
  const rule = file.kind === 'rules' ? ruleAt(file.model, offset) : undefined;
  if (!rule || file.kind !== 'rules' || file.model.layout.rulesInline) return yamlContext(file.model.text, offset);
  const inner = yamlContext(file.model.text.slice(rule.base, offset), offset - rule.base);
  if (inner.path[0] !== '*') return yamlContext(file.model.text, offset);
  return { ...inner, path: ['rules', ...inner.path], wordStart: inner.wordStart + rule.base };
}

function valueEntries(input: CompletionInput, context: YamlContext, range: OffsetRange): CompletionEntry[] {
  const key = context.key!;
  const domain = domainValues(input, key, range);
  if (domain) return domain;
  return valuesAt(SCHEMAS[input.file.kind], [...context.path, key]).map(({ value, description }) => ({ label: value, kind: 'value', insertText: value, range, documentation: description }));
}

/** The manifest being edited, or the one the rule file is checked with. */
function manifestOf(input: CompletionInput): ManifestModel | undefined {
  return input.file.kind === 'manifest' ? input.file.model : input.report?.manifest;
}

function domainValues(input: CompletionInput, key: string, range: OffsetRange): CompletionEntry[] | undefined {
  const { catalog } = input;
  const manifest = manifestOf(input);
  const hostEntries = (withAny: boolean): CompletionEntry[] => [
    ...(manifest?.hosts ?? []).map((host) => ({
      label: host.name.value,
      kind: 'host' as const,
      insertText: host.name.value,
      range,
      detail: `${catalog.role(host.role.value)?.name ?? host.role.value}, ${host.address.value}`,
    })),
    ...(withAny ? [{ label: 'any', kind: 'value' as const, insertText: 'any', range, detail: 'every address' }] : []),
  ];
  if (input.file.kind === 'rules') {
    switch (key) {
      case 'from':
      case 'to':
        return hostEntries(true);
      case 'ports':
        return portEntries(catalog, manifest, range);
      case 'windowsRules':
        return catalog.services.flatMap((s) => ('windowsRules' in s.ports ? s.ports.windowsRules.map((rule) => serviceEntry(catalog, s, rule, `"${rule}"`, range)) : []));
    }
    return undefined;
  }
  switch (key) {
    case 'role':
      return catalog.data.roles.map((role) => ({ label: role.id, kind: 'role', insertText: role.id, range, detail: role.name, documentation: role.description }));
    case 'features': {
      const host = input.file.model.hosts.find((h) => h.range[0] <= input.offset && input.offset <= h.range[1]);
      const features = catalog.data.features.filter((f) => !host || f.appliesTo === host.role.value);
      return features.map((f) => ({ label: f.id, kind: 'feature', insertText: f.id, range, detail: f.name, documentation: f.description }));
    }
    case 'protects':
    case 'host':
      return hostEntries(false);
  }
  return undefined;
}

/** One entry per catalog service with ports, as this manifest configures them. */
function portEntries(catalog: Catalog, manifest: ManifestModel | undefined, range: OffsetRange): CompletionEntry[] {
  return catalog.services.flatMap((service): CompletionEntry[] => {
    const ports = configuredPorts(catalog, service, manifest);
    return ports ? [serviceEntry(catalog, service, ports, ports, range)] : [];
  });
}

function serviceEntry(catalog: Catalog, service: Service, what: string, insertText: string, range: OffsetRange): CompletionEntry {
  return {
    label: `${service.name} (${what})`,
    kind: 'service',
    insertText,
    range,
    filterText: `${insertText} ${service.name}`,
    detail: `${service.protocol.toUpperCase()}, ${service.from} → ${service.to}`,
    documentation: describeService(catalog, service),
    sortText: String(catalog.services.indexOf(service)).padStart(3, '0'),
  };
}
