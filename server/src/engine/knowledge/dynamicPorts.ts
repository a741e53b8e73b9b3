import type { Catalog } from '../catalog/catalog';
import { citationText, claimText, sourcesLine } from './claims';
import { roleName } from './services';

/** Which way the connections on each dynamic range go, from the services that use the ranges. */
function rangeDirections(catalog: Catalog): string[] {
  return catalog.services.flatMap((service) => {
    const ports = service.ports;
    if (!('setting' in ports) || ports.setting === 'ndmpPort' || !service.direction) return [];
    const range = ports.setting === 'agentRange' ? 'Remote agent range' : 'Media server range';
    return [`- ${range}: ${roleName(catalog, service.from)} → ${roleName(catalog, service.to)}. ${claimText(catalog, service.direction)}`];
  });
}

/** The article's two lower bounds, 1024 and 1025, with the lines that say each, as a list item or a paragraph. */
export function lowerBoundText(catalog: Catalog, asListItem = false): string {
  const { lowerBoundDisagreement } = catalog.dynamicPorts;
  const quotes = lowerBoundDisagreement.quotes.map((q) => `${asListItem ? '  ' : ''}- ${citationText(catalog, q)}`);
  return asListItem ? [`- ${lowerBoundDisagreement.text}`, ...quotes].join('\n') : [lowerBoundDisagreement.text, '', ...quotes].join('\n');
}

/** Everything known about the dynamic port ranges: the settings, their sizes, which way connections go, and where the sources disagree. */
export function describeDynamicPorts(catalog: Catalog): string {
  const dynamic = catalog.dynamicPorts;
  const advice = catalog.data.topics.filter((t) => t.id === 'anti-virus-firewall').map((t) => `- ${claimText(catalog, t)}`);
  const lines = [
    `**${dynamic.name}**: the dynamic (private) ports are ${dynamic.range.from}-${dynamic.range.to}.`,
    '',
    dynamic.description,
    '',
    'Which way the connections go:',
    ...rangeDirections(catalog),
    '',
    'How many ports:',
    `- ${claimText(catalog, dynamic.minimumOpenPorts)}`,
    `- ${claimText(catalog, dynamic.portsPerJob)}`,
    ...advice,
    '',
    'Where the sources differ:',
    lowerBoundText(catalog, true),
    `- ${claimText(catalog, dynamic.olderExample)}`,
    ...(dynamic.notes ?? []).filter((n) => n.includes('ADMIN20')).map((n) => `- ${n}`),
    '',
    sourcesLine(catalog, dynamic.sources.map((id) => ({ id }))),
  ];
  return lines.join('\n');
}

/** A port inside the dynamic ports that no service names: what that means, briefly. */
export function dynamicPortText(catalog: Catalog, port: number): string | undefined {
  const dynamic = catalog.dynamicPorts;
  const lines: string[] = [];
  if (port === dynamic.lowerBoundDisagreement.port) lines.push(`Port ${port}:`, '', lowerBoundText(catalog));
  else if (port >= dynamic.range.from && port <= dynamic.range.to) {
    lines.push(
      `Port ${port} lies in the dynamic (private) port range ${dynamic.range.from}-${dynamic.range.to}, from which Backup Exec takes its data connections unless a remote agent range is configured.`,
      '',
      ...rangeDirections(catalog),
    );
    if (port === dynamic.olderExample.port) lines.push('', claimText(catalog, dynamic.olderExample));
    lines.push('', 'See `befw explain "dynamic range"` for the sizes and the sources\' disagreements.');
  } else return undefined;
  lines.push('', sourcesLine(catalog, dynamic.sources.map((id) => ({ id }))));
  return lines.join('\n');
}
