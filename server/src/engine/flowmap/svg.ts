import { layoutFlowMap, type FlowMapLayout } from './layout';
import { MARGIN } from './layoutGraph';
import { STATE_SHAPES } from './style';
import { flowSvg, legendSvg, markerDefs } from './svgFlows';
import { boundarySvg, hostSvg, roleGroupSvg } from './svgSite';
import { FONT, lineHeight, textWidth } from './textSize';
import { FLOW_STATES, type FlowMap } from './types';
import { element, xmlText } from './xml';
import { fileName } from '../util/uris';

export interface FlowMapSvgOptions {
  /** A firewall's name: drawn emphasised, and the flows that cross it marked `crosses-highlighted` (the others fade with FLOW_MAP_CSS). */
  readonly highlightFirewall?: string;
  /** Whether flows are buttons (the editor's map, where a click reveals the flow): a static report's page draws them as plain graphics. Default true. */
  readonly interactive?: boolean;
}

/**
 * The flow map as a standalone SVG document: the same map gives the same
 * string. Classes and data attributes are what the report's stylesheet and
 * the editor's webview hook onto (FLOW_MAP_CSS; a click on `[data-flow]`);
 * every text comes from users' files and is escaped.
 */
export function renderFlowMapSvg(map: FlowMap, options: FlowMapSvgOptions = {}): string {
  if (map.hosts.length === 0) return emptySvg(map);
  return drawFlowMap(map, layoutFlowMap(map), options);
}

/** The SVG of a map already laid out (`renderFlowMapSvg` is layout, then this). */
export function drawFlowMap(map: FlowMap, layout: FlowMapLayout, options: FlowMapSvgOptions = {}): string {
  const firewalls = new Map(map.firewalls.map((firewall) => [firewall.name, firewall]));
  const highlight = options.highlightFirewall !== undefined && firewalls.has(options.highlightFirewall) ? options.highlightFirewall : undefined;

  const legend = legendSvg(MARGIN, layout.height, map.flows.some((flow) => flow.observed));
  const noteLine = lineHeight(FONT.group);
  const note = map.truncated
    ? element('text', { class: 'note truncated', x: MARGIN, y: layout.height + legend.height + noteLine, 'font-size': FONT.group }, xmlText(truncatedText(map.truncated)))
    : undefined;
  const width = Math.ceil(Math.max(layout.width, legend.width + 2 * MARGIN));
  const height = Math.ceil(layout.height + legend.height + (note ? noteLine + 8 : 8));

  const group = (className: string, parts: string[]) => `<g class="${className}">\n${parts.join('\n')}\n</g>`;
  const body = [
    element('title', {}, xmlText(mapTitle(map))),
    element('defs', {}, markerDefs()),
    group('boundaries', layout.boundaries.map((boundary) => boundarySvg(boundary, firewalls.get(boundary.firewall), boundary.firewall === highlight))),
    group('role-groups', layout.roleGroups.map(roleGroupSvg)),
    group('hosts', layout.hosts.map((host) => hostSvg(host, firewalls, highlight))),
    group(
      'flows',
      layout.flows.map((placement) => flowSvg(placement, highlight !== undefined && placement.flow.crossings.some((crossing) => crossing.firewall === highlight), options.interactive ?? true)),
    ),
    legend.svg,
    ...(note ? [note] : []),
  ];
  return svgRoot(width, height, highlight !== undefined, mapTitle(map), body.join('\n'));
}

function svgRoot(width: number, height: number, highlighted: boolean, label: string, content: string): string {
  const attributes = {
    xmlns: 'http://www.w3.org/2000/svg',
    class: `befw-flow-map${highlighted ? ' has-highlight' : ''}`,
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    // A group, not an img: an img hides its children from screen readers, and each flow is one to reach.
    role: 'group',
    'aria-label': label,
    'font-family': 'system-ui, sans-serif',
  };
  return `${element('svg', attributes, `\n${content}\n`)}\n`;
}

/** "Flow map of site.bexnet.yaml: 9 required flows, 7 allowed, 1 partly allowed, 1 blocked". */
function mapTitle(map: FlowMap): string {
  const name = (map.manifestUri && fileName(map.manifestUri)) || 'the site';
  const counts = FLOW_STATES.map((state) => ({ state, count: map.flows.filter((flow) => flow.state === state).length }))
    .filter(({ count }) => count > 0)
    .map(({ state, count }) => `${count} ${STATE_SHAPES[state].word}`);
  const shown = map.truncated ? `the first ${map.truncated.limit} of ${map.truncated.flows} required flows` : `${map.flows.length} required flow${map.flows.length === 1 ? '' : 's'}`;
  return `Flow map of ${name}: ${[shown, ...counts].join(', ')}`;
}

function truncatedText(truncated: NonNullable<FlowMap['truncated']>): string {
  return `The site has ${truncated.flows} required flows: the map shows the first ${truncated.limit}.`;
}

function emptySvg(map: FlowMap): string {
  const text = map.manifestUri ? 'The manifest names no hosts: there is no map to draw.' : 'No manifest was read: there is no map to draw.';
  const content = [
    element('title', {}, xmlText(`Flow map: ${text}`)),
    element('text', { class: 'note empty', x: MARGIN, y: MARGIN + FONT.group, 'font-size': FONT.group }, xmlText(text)),
  ];
  return svgRoot(textWidth(text, FONT.group) + 2 * MARGIN, FONT.group + 2 * MARGIN + 4, false, `Flow map: ${text}`, content.join('\n'));
}
