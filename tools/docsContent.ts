import type { Catalog, Service } from '../server/src/engine/catalog/catalog';
import { CHECKS } from '../server/src/engine/checks/registry';
import { claimText } from '../server/src/engine/knowledge/claims';
import { describeDynamicPorts } from '../server/src/engine/knowledge/dynamicPorts';
import { roleName } from '../server/src/engine/knowledge/services';
import { SHAPES } from './shapes';

/** The README's and docs/codes.md's generated parts, from the check registry, the catalog and the bench's shapes. */

function portsCell(catalog: Catalog, service: Service): string {
  const ports = service.ports;
  if ('fixed' in ports) return ports.fixed.join(', ');
  if ('windowsRules' in ports) return ports.windowsRules.join('; ');
  if ('none' in ports) return 'none';
  const { from, to } = catalog.dynamicPorts.range;
  if (ports.setting === 'ndmpPort') return `${catalog.defaultNdmpPort} (settings.ndmpPort)`;
  if (ports.setting === 'agentRange') return ports.default ? `agent range when on (otherwise ${from}-${to})` : 'agent range when on';
  return 'server range (when on)';
}

/** Who connects, marked where befw inferred it or no source says it. */
function directionCell(catalog: Catalog, service: Service): string {
  if (service.protocol === 'none') return 'no connection';
  const arrow = `${roleName(catalog, service.from)} → ${roleName(catalog, service.to)}`;
  if (service.direction?.basis === 'inferred') return `${arrow} (inferred)`;
  return arrow;
}

function requiredCell(service: Service): string {
  const r = service.requiredWhen;
  if (r.kind === 'feature') return `feature \`${r.feature}\``;
  if (r.kind === 'role') return `a \`${r.role}\` host`;
  if (r.kind === 'setting') return 'server range on';
  return r.kind;
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function codesTable(): string {
  const rows = CHECKS.map((c) => `| [${c.code}](docs/codes.md#${c.code.toLowerCase()}) | ${c.severity}${c.hardening ? ' (hardening)' : ''} | ${escape(c.title)} | ${c.fix ? 'yes' : '—'} |`);
  return ['| code | severity | meaning | quick-fix |', '|---|---|---|---|', ...rows].join('\n');
}

export function catalogTable(catalog: Catalog): string {
  const rows = catalog.services.map(
    (s) =>
      `| \`${s.id}\` | ${escape(s.name)} | ${s.process ?? '—'} | ${escape(portsCell(catalog, s))} | ${s.protocol === 'none' ? '—' : s.protocol.toUpperCase()} | ${directionCell(catalog, s)} | ${requiredCell(s)} | ${s.sources.map((c) => c.id).join(', ')} |`,
  );
  return ['| id | service | process | ports | protocol | who connects | required when | sources |', '|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}

export function errorsTable(catalog: Catalog): string {
  const rows = catalog.data.errors.map((e) => `| ${e.code} | ${escape(e.likelyCause)} | ${e.sources.join(', ')} |`);
  return ['| error | likely firewall cause | sources |', '|---|---|---|', ...rows].join('\n');
}

export function sourcesList(catalog: Catalog): string {
  return catalog.data.sources.map((s) => `- **${s.id}** (${s.tier}): ${s.title}${s.url ? ` — ${s.url}` : ''}`).join('\n');
}

export function codesDocument(): string {
  const sections = CHECKS.map((c) =>
    [`## ${c.code}`, '', `**${c.title}** — severity ${c.severity}${c.hardening ? ', hardening advice (setting `hardening: false` turns it off)' : ''}${c.fix ? ', has a quick-fix' : ''}.`, '', c.docs].join('\n'),
  );
  return ['# Diagnostic codes', 'Generated from `server/src/engine/checks/registry.ts` by `npm run docs`; do not edit by hand.', ...sections].join('\n\n') + '\n';
}

export function topicsList(catalog: Catalog): string {
  return catalog.data.topics.map((topic) => `- **${topic.name}**: ${claimText(catalog, topic)}`).join('\n');
}

const SECTIONS: Record<string, (catalog: Catalog) => string> = {
  codes: codesTable,
  catalog: catalogTable,
  dynamic: describeDynamicPorts,
  errors: errorsTable,
  topics: topicsList,
  sources: sourcesList,
  shapes: shapesTable,
};

/** The bench's site shapes (tools/shapes.ts), named as the speed table names them. */
export function shapesTable(): string {
  return ['| shape | what it is |', '|---|---|', ...SHAPES.map((shape) => `| ${shape.id} | ${escape(shape.title)} |`)].join('\n');
}

/** Replaces every `<!-- generated:NAME -->…<!-- /generated:NAME -->` region of the README. */
export function renderReadme(readme: string, catalog: Catalog): string {
  return readme.replace(/<!-- generated:(\w+) -->[\s\S]*?<!-- \/generated:\1 -->/g, (whole, name: string) => {
    const render = SECTIONS[name];
    return render ? `<!-- generated:${name} -->\n${render(catalog)}\n<!-- /generated:${name} -->` : whole;
  });
}
