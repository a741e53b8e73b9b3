import type { Catalog, Service } from '../catalog/catalog';
import { yamlScalar } from '../dialects/yaml/edits';
import { describeService, roleName } from '../knowledge/services';
import type { HostModel, ManifestModel, OffsetRange } from '../model/types';
import type { CompletionEntry } from './completion';
import type { YamlContext } from './yamlContext';

/**
 * The snippets that depend on the site: a rule per catalog service in a rule
 * file, a firewall in a manifest. Their hosts are choices of the manifest's
 * hosts, their ports what the catalog and the manifest's settings say, so the
 * editor's static snippets hold only file skeletons.
 */

/** Where a new list item is being typed: after a dash ("  - rul") or at the item's column ("  rul"). */
interface ItemPlace {
  readonly dash: boolean;
  /** The column of the item's dash, and of its keys. */
  readonly itemColumn: number;
  readonly keyColumn: number;
  readonly eol: string;
}

/** The ports a rule for `service` writes: fixed ports, else the manifest's setting, else the catalog's default; undefined when no source gives one. */
export function configuredPorts(catalog: Catalog, service: Service, manifest?: ManifestModel): string | undefined {
  const ports = service.ports;
  if ('fixed' in ports) return ports.fixed.join(', ');
  if (!('setting' in ports)) return undefined;
  const settings = manifest?.settings;
  if (ports.setting === 'ndmpPort') return String(settings?.ndmpPort?.value ?? catalog.defaultNdmpPort);
  const range = ports.setting === 'agentRange' ? settings?.agentRange : settings?.serverRange;
  if (range?.enabled?.value === true) return range.text.value;
  const { from, to } = catalog.dynamicPorts.range;
  return ports.default === 'dynamic-ports' ? `${from}-${to}` : undefined;
}

/** The rule snippets (rule files) or firewall snippets (manifests) when the cursor starts an item of `rules:` or `firewalls:`. */
export function snippetEntries(catalog: Catalog, kind: 'manifest' | 'rules', text: string, context: YamlContext, manifest: ManifestModel | undefined, offset: number): CompletionEntry[] {
  const place = itemPlace(text, context, kind === 'rules' ? 'rules' : 'firewalls');
  if (!place) return [];
  const range: OffsetRange = [context.wordStart, offset];
  if (kind === 'manifest') return manifest ? firewallSnippets(manifest, place, range) : [];
  return catalog.services.flatMap((service, index) => ruleSnippet(catalog, service, manifest, place, range, index));
}

function itemPlace(text: string, context: YamlContext, listKey: string): ItemPlace | undefined {
  if (context.mode !== 'key' || context.inComment) return undefined;
  const lineStart = text.lastIndexOf('\n', context.wordStart - 1) + 1;
  const before = /^( *)(?:-[ \t]+)?$/.exec(text.slice(lineStart, context.wordStart));
  if (!before) return undefined;
  const dash = before[0].length > before[1].length;
  const expected = dash ? [listKey, '*'] : [listKey];
  if (context.path.length !== expected.length || context.path.some((key, i) => key !== expected[i])) return undefined;
  const itemColumn = before[1].length;
  const keyColumn = dash ? before[0].length : itemColumn + 2;
  return { dash, itemColumn, keyColumn, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/** Text a snippet inserts as is: "$", "}" and "\" escaped. */
function literal(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

/** A tab stop choosing among `options`, or a placeholder holding `prose` when there are none. */
function choiceOr(index: number, options: readonly string[], prose: string): string {
  if (options.length === 0) return `\${${index}:${literal(prose)}}`;
  return `\${${index}|${options.map((option) => option.replace(/[\\,|]/g, '\\$&')).join(',')}|}`;
}

/** The names of hosts, as YAML list items write them, once each. */
function hostNames(hosts: readonly HostModel[]): string[] {
  return [...new Set(hosts.map((host) => yamlScalar(host.name.value)))];
}

/** The manifest's hosts with the role, or all of them when no source names the role; none when no host has it (a host of another role would be the wrong one). */
function hostsFor(manifest: ManifestModel, role: string): string[] {
  return hostNames(role === 'undocumented' ? manifest.hosts : manifest.hosts.filter((host) => host.role.value === role));
}

/** A host of a role: a choice of the manifest's hosts, or a description of the role when no manifest is known or none of its hosts fits. */
function endpoint(catalog: Catalog, index: number, role: string, manifest: ManifestModel | undefined): string {
  const prose = role === 'undocumented' ? 'who-connects' : `${roleName(catalog, role)} host`;
  return choiceOr(index, manifest ? hostsFor(manifest, role) : [], prose);
}

/** An allow rule for one service (none for a service without ports), under each of its prefixes. */
function ruleSnippet(catalog: Catalog, service: Service, manifest: ManifestModel | undefined, place: ItemPlace, range: OffsetRange, index: number): CompletionEntry[] {
  const ports = configuredPorts(catalog, service, manifest);
  const windowsRules = 'windowsRules' in service.ports ? service.ports.windowsRules : undefined;
  const rangeSetting = 'setting' in service.ports && !ports;
  if (!ports && !windowsRules && !rangeSetting) return [];
  const sources = service.sources.map((s) => s.id).join(', ');
  const key = ' '.repeat(place.keyColumn);
  const lines = [
    `${place.dash ? '' : '- '}name: \${1:${literal(service.name)}}`,
    ...(service.from === 'undocumented' ? [`${key}# No source says which computers connect to ${service.protocol.toUpperCase()} ${literal(ports ?? '')}: name them in from.`] : []),
    ...(rangeSetting ? [`${key}# ports: the media server range of the manifest (settings.dynamicPorts.server); no source gives it a default.`] : []),
    `${key}description: ${literal(JSON.stringify(`${service.name}; source: ${sources}`))}`,
    `${key}action: allow`,
    ...(windowsRules ? [] : [`${key}protocol: ${service.protocol}`]),
    `${key}from: [${endpoint(catalog, 2, service.from, manifest)}]`,
    `${key}to: [${endpoint(catalog, 3, service.to, manifest)}]`,
    windowsRules ? `${key}windowsRules: [${literal(windowsRules.map((r) => JSON.stringify(r)).join(', '))}]` : `${key}ports: [\${4:${literal(ports ?? 'server-range')}}]`,
    `${' '.repeat(place.itemColumn)}$0`,
  ];
  const what = windowsRules ? 'predefined Windows rules' : `${service.protocol.toUpperCase()} ${ports ?? 'the configured media server range'}`;
  const detail = `Rule: ${service.name}: ${what}, ${service.from === 'undocumented' ? 'who connects is not documented' : `${service.from} → ${service.to}`} (${sources})`;
  const prefixes = [`rule-${service.id}`, ...(ports ? [`port-${ports.split(',')[0]}`] : [])];
  return prefixes.map((prefix) => ({
    label: prefix,
    kind: 'snippet',
    insertText: lines.join(place.eol),
    range,
    detail,
    documentation: describeService(catalog, service),
    sortText: `~${String(index).padStart(3, '0')}`,
  }));
}

/** A network firewall in front of hosts, and the host firewall of one host. */
function firewallSnippets(manifest: ManifestModel, place: ItemPlace, range: OffsetRange): CompletionEntry[] {
  const dash = place.dash ? '' : '- ';
  const hosts = hostNames(manifest.hosts);
  const entry = (label: string, detail: string, body: string): CompletionEntry => ({ label, kind: 'snippet', insertText: `${dash}${body}`, range, detail, sortText: `~${label}` });
  return [
    entry('firewall', 'A network firewall and the rule file holding its rules', `{ name: \${1:dmz}, rules: \${2:\${1}.fwrules.yaml}, protects: [${choiceOr(3, hosts, 'host')}] }`),
    entry('host-firewall', 'The host firewall of one host and the rule file holding its rules', `{ name: \${1:host-firewall}, rules: \${2:\${1}.fwrules.yaml}, host: ${choiceOr(3, hosts, 'host')} }`),
  ];
}
