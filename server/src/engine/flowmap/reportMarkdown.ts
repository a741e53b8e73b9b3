import { escapeControls } from '../util/excerpt';
import { md } from '../language/markdown';
import { codeDocs, countsText, crossingRows, firewallText, hasObservations, observedText, placeText, rowReason, stateText, type CrossingRow, type RelativePath } from './reportRows';
import type { FlowMap, FlowMapFinding } from './types';

/**
 * The report as Markdown for a pull-request comment: per manifest its counts,
 * the flow × firewall table and the findings. Text from users' files is
 * escaped, so a name can neither break a table row nor become a link.
 */
export function renderReportMarkdown(maps: readonly FlowMap[], options: { relativePath: RelativePath }): string {
  return maps.map((map) => sectionMarkdown(map, options.relativePath)).join('\n\n') + '\n';
}

function sectionMarkdown(map: FlowMap, relativePath: RelativePath): string {
  const path = map.manifestUri ? relativePath(map.manifestUri) : 'manifest';
  return [`### ${codeSpan(path)}`, `${md(countsText(map))}.`, flowTable(map, relativePath), findingsList(map, relativePath)].join('\n\n');
}

function flowTable(map: FlowMap, relativePath: RelativePath): string {
  if (map.flows.length === 0) return 'No required flows: the manifest names no hosts that need one, or could not be read (see the findings).';
  const observed = hasObservations(map);
  const columns = ['Flow (service)', 'From → To', 'Ports', 'Firewall (direction)', 'State', 'Allowed by / Reported by', ...(observed ? ['Observed'] : [])];
  const lines = [`| ${columns.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`];
  for (const row of crossingRows(map)) {
    const { flow } = row;
    const cells = [md(flow.service), `${md(flow.from)} → ${md(flow.to)}`, md(flow.ports), md(firewallText(row)), stateText(row.state), reasonMarkdown(row, relativePath), ...(observed ? [md(observedText(flow))] : [])];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function reasonMarkdown(row: CrossingRow, relativePath: RelativePath): string {
  const reason = rowReason(row);
  if (reason.status !== undefined) return md(reason.status);
  const parts = reason.rules.map((rule) => `${md(rule.name)} (${md(placeText(rule.place, relativePath))})`);
  if (reason.finding) parts.push(`${codeLink(reason.finding)} (${md(placeText(reason.finding.place, relativePath))})`);
  return parts.join('<br>') || '—';
}

function findingsList(map: FlowMap, relativePath: RelativePath): string {
  if (map.findings.length === 0) return 'No findings.';
  const items = map.findings.map((finding) => `- ${codeSpan(placeText(finding.place, relativePath))} ${codeLink(finding)} ${finding.severity}: ${md(finding.message)}`);
  return ['**Findings**', '', ...items].join('\n');
}

/** `BEX101`, linked to its page in docs/codes.md when it is one of befw's. */
function codeLink(finding: FlowMapFinding): string {
  const href = codeDocs(finding.code);
  return href ? `[${codeSpan(finding.code)}](${href})` : codeSpan(finding.code);
}

/**
 * Text as a code span: backslashes do not escape inside one, so the fence is
 * one backtick longer than the longest run in the text, and spaced off when
 * the text starts or ends with one. Pipes stay as they are (outside a table `\|`
 * would keep its backslash): in a table only a code, never a user's text, goes in one.
 */
function codeSpan(text: string): string {
  const visible = escapeControls(text);
  const longest = Math.max(0, ...[...visible.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^`|`$/.test(visible) ? ' ' : '';
  return `${fence}${pad}${visible}${pad}${fence}`;
}
