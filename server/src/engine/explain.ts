import { distance } from 'fastest-levenshtein';
import type { Catalog, ErrorCodeEntry, Topic } from './catalog/catalog';
import { checkByCode, CHECKS, docsUrl } from './checks/registry';
import { claimText, sourcesLine } from './knowledge/claims';
import { describeDynamicPorts, dynamicPortText } from './knowledge/dynamicPorts';
import { describeService, portsText, roleName } from './knowledge/services';

export { describeService } from './knowledge/services';

/** A catalog explanation, as Markdown: hovers show it, the CLI prints it. */
export interface Explanation {
  readonly title: string;
  readonly markdown: string;
}

/**
 * Explains a diagnostic code (BEX100), a port (10000), a Backup Exec error
 * code or UMI, a service id, process name or alias (beremote.exe, ndmp,
 * RPC-EPMAP), a feature or role id, a setting (dynamic range) or a topic
 * (anti-virus, push install).
 */
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
  const item = catalog.feature(text) ?? catalog.role(text);
  if (item) return { title: item.name, markdown: `**${item.name}** (\`${item.id}\`)\n\n${item.description}\n\n${sourcesLine(catalog, item.sources.map((id) => ({ id })))}` };
  const meaning = catalog.meaningOf(text);
  switch (meaning?.kind) {
    case 'services':
      return { title: meaning.services.map((s) => s.name).join(', '), markdown: meaning.services.map((s) => describeService(catalog, s)).join('\n\n---\n\n') };
    case 'setting':
      return meaning.setting === 'dynamicPorts' ? { title: catalog.dynamicPorts.name, markdown: describeDynamicPorts(catalog) } : explainNdmpPort(catalog);
    case 'topic':
      return explainTopic(catalog, meaning.topic);
    case undefined:
      return undefined;
  }
}

/** Up to `count` known terms closest to a term `explain` does not know, for "did you mean". */
export function closestTerms(catalog: Catalog, term: string, count = 3): string[] {
  const wanted = term.trim().toLowerCase();
  const known = [...catalog.terms, ...catalog.data.features.map((f) => f.id), ...catalog.data.roles.map((r) => r.id), ...CHECKS.map((c) => c.code.toLowerCase())];
  // Far-fetched matches help nobody: keep those within about a third of the word.
  const limit = Math.max(2, Math.ceil(wanted.length / 3));
  return [...new Set(known)]
    .map((candidate) => ({ candidate, cost: distance(wanted, candidate) }))
    .filter((c) => c.cost <= limit)
    .sort((a, b) => a.cost - b.cost || a.candidate.localeCompare(b.candidate))
    .slice(0, count)
    .map((c) => c.candidate);
}

function explainPort(catalog: Catalog, port: number): Explanation | undefined {
  const services = catalog.servicesUsingPort(port);
  const parts = services.map((s) => describeService(catalog, s));
  const dynamic = dynamicPortText(catalog, port);
  if (dynamic && (services.length === 0 || port === catalog.dynamicPorts.lowerBoundDisagreement.port)) parts.push(dynamic);
  if (parts.length === 0) return undefined;
  const title = services.length > 0 ? `Port ${port}: ${services.map((s) => s.name).join(', ')}` : `Port ${port}: dynamic ports`;
  return { title, markdown: parts.join('\n\n---\n\n') };
}

function explainNdmpPort(catalog: Catalog): Explanation {
  const setting = catalog.data.settings.ndmpPort;
  const services = catalog.services.filter((s) => 'setting' in s.ports && s.ports.setting === 'ndmpPort');
  const markdown = [`**${setting.name}** (default ${setting.default})`, '', setting.description, '', sourcesLine(catalog, setting.sources.map((id) => ({ id }))), ...services.map((s) => `\n---\n\n${describeService(catalog, s)}`)];
  return { title: setting.name, markdown: markdown.join('\n') };
}

function explainTopic(catalog: Catalog, topic: Topic): Explanation {
  return { title: topic.name, markdown: `**${topic.name}**\n\n${claimText(catalog, topic)}` };
}

function explainError(catalog: Catalog, error: ErrorCodeEntry): Explanation {
  const services = error.services.flatMap((id) => catalog.service(id) ?? []);
  const symptoms = catalog.data.symptoms;
  const lines = [
    `**${error.code}**: ${error.message}`,
    '',
    `Meaning: ${error.meaning}`,
    '',
    `Likely firewall cause: ${error.likelyCause}`,
    '',
    'Flows to check (befw\'s reading of the message; the article ties the messages to firewall ports in general):',
    ...services.map((s) => `- ${s.name}: ${portsText(catalog, s)}, ${roleName(catalog, s.from)} → ${roleName(catalog, s.to)}`),
    '',
    `Symptoms: ${symptoms.items.join(' ')} (${symptoms.sources.join(', ')}: "${symptoms.quote}")`,
    '',
    sourcesLine(catalog, error.sources.map((id) => ({ id }))),
  ];
  return { title: error.code, markdown: lines.join('\n') };
}
