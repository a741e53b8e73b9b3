import type { Catalog, ErrorCodeEntry, Service, SourceCitation } from './catalog/catalog';
import { checkByCode, docsUrl } from './checks/registry';

/** A catalog explanation, as Markdown: hovers show it, the CLI prints it. */
export interface Explanation {
  readonly title: string;
  readonly markdown: string;
}

/** Explains a diagnostic code (BEX100), a port (10000), a Backup Exec error code or UMI, a service, feature or role id. */
export function explain(catalog: Catalog, term: string): Explanation | undefined {
  const text = term.trim();
  const check = checkByCode(text);
  if (check) {
    const body = [`**${check.code}** (${check.severity}${check.hardening ? ', hardening advice' : ''}): ${check.title}`, '', check.docs, '', `Docs: ${docsUrl(check.code)}`];
    return { title: `${check.code}: ${check.title}`, markdown: body.join('\n') };
  }
  const error = catalog.errorCode(text);
  if (error) return explainError(catalog, error);
  if (/^\d+$/.test(text)) return explainPort(catalog, Number(text));
  const service = catalog.service(text);
  if (service) return { title: service.name, markdown: describeService(catalog, service) };
  const item = catalog.feature(text) ?? catalog.role(text);
  if (item) return { title: item.name, markdown: `**${item.name}** (\`${item.id}\`)\n\n${item.description}\n\n${sourcesLine(catalog, item.sources.map((id) => ({ id })))}` };
  return undefined;
}

function roleName(catalog: Catalog, role: string): string {
  return role === 'any' ? 'any computer' : (catalog.role(role)?.name ?? role);
}

function portsText(catalog: Catalog, service: Service): string {
  const ports = service.ports;
  if ('fixed' in ports) return `${service.protocol.toUpperCase()} ${ports.fixed.join(', ')}`;
  if ('windowsRules' in ports) return `predefined Windows rules ${ports.windowsRules.map((r) => `"${r}"`).join(', ')}`;
  if ('none' in ports) return 'no port';
  const range = catalog.dynamicPorts.range;
  switch (ports.setting) {
    case 'ndmpPort':
      return `TCP ${catalog.defaultNdmpPort} (settings.ndmpPort; changeable)`;
    case 'agentRange':
      return `TCP agent dynamic range (settings.dynamicPorts.agent; default ${range.from}-${range.to})`;
    case 'serverRange':
      return 'TCP server dynamic range (settings.dynamicPorts.server)';
  }
}

function requirementText(catalog: Catalog, service: Service): string {
  const requirement = service.requiredWhen;
  switch (requirement.kind) {
    case 'always':
      return 'always, for every remote computer';
    case 'feature':
      return `when a host has the feature "${catalog.feature(requirement.feature)?.name ?? requirement.feature}" (\`${requirement.feature}\`)`;
    case 'setting':
      return 'when a server dynamic port range is configured';
    case 'role':
      return `when the manifest has a ${roleName(catalog, requirement.role)}`;
    case 'undocumented':
      return 'not documented by the sources (no required flow is derived)';
    case 'never':
      return 'never (no firewall rule needed)';
  }
}

function sourcesLine(catalog: Catalog, citations: readonly SourceCitation[]): string {
  const cited = citations.map((c) => `${catalog.cite(c.id)}${c.quote ? `: "${c.quote}"` : ''}`);
  return `Sources: ${cited.join('; ')}`;
}

/** The full description of one catalog service: ports, process, direction, requirement, sources. */
export function describeService(catalog: Catalog, service: Service): string {
  const lines = [
    `**${service.name}**: ${portsText(catalog, service)}`,
    '',
    `- Process: ${service.process ?? 'not named by the source'}`,
    `- Direction: ${roleName(catalog, service.from)} → ${roleName(catalog, service.to)}`,
    `- Required: ${requirementText(catalog, service)}`,
    '',
    service.explanation,
  ];
  for (const note of service.notes ?? []) lines.push('', `Note: ${note}`);
  lines.push('', sourcesLine(catalog, service.sources));
  return lines.join('\n');
}

function explainPort(catalog: Catalog, port: number): Explanation | undefined {
  const services = catalog.servicesUsingPort(port);
  const range = catalog.dynamicPorts.range;
  const parts = services.map((s) => describeService(catalog, s));
  if (services.length === 0 && port >= range.from && port <= range.to) {
    parts.push(`Port ${port} lies in the dynamic (private) port range ${range.from}-${range.to}, from which Backup Exec takes its data connections unless dynamic port ranges are configured.\n\n${sourcesLine(catalog, catalog.dynamicPorts.sources.map((id) => ({ id })))}`);
  }
  if (parts.length === 0) return undefined;
  const title = services.length > 0 ? `Port ${port}: ${services.map((s) => s.name).join(', ')}` : `Port ${port}: dynamic range`;
  return { title, markdown: parts.join('\n\n---\n\n') };
}

function explainError(catalog: Catalog, error: ErrorCodeEntry): Explanation {
  const services = error.services.flatMap((id) => catalog.service(id) ?? []);
  const lines = [
    `**${error.code}**: ${error.message}`,
    '',
    `Meaning: ${error.meaning}`,
    '',
    `Likely firewall cause: ${error.likelyCause}`,
    '',
    'Check these flows:',
    ...services.map((s) => `- ${s.name}: ${portsText(catalog, s)}, ${roleName(catalog, s.from)} → ${roleName(catalog, s.to)}`),
    '',
    `Symptoms: ${catalog.data.symptoms.items.join(' ')}`,
    '',
    sourcesLine(catalog, error.sources.map((id) => ({ id }))),
  ];
  return { title: error.code, markdown: lines.join('\n') };
}
