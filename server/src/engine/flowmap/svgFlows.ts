import type { FlowPlacement, Point } from './layout';
import { FLOW_STATES, type FlowCrossing, type FlowMapFlow, type FlowMapObservation, type FlowState } from './types';
import { markerId, NEUTRAL, STATE_SHAPES } from './style';
import { CONTRADICTION_MARK, FONT, HOST_FIREWALL_BAND, flowLabelText, lineHeight, observationLabelText, textWidth } from './textSize';
import { coordinate, element, xmlText, type Attributes } from './xml';
import { withContradiction } from '../probe/observationFacts';
import { fileName } from '../util/uris';

/**
 * Flows in the SVG: each its own focusable arrow from its connecting side
 * (arrowhead at `to`), dashed, headed and labelled by state, with the whole
 * story in its title; the arrowheads; and the legend that shows each state as
 * the map draws it.
 */
const FLOW_LINE = 1.5;

/**
 * "Remote Agent control connection (NDMP) be01 → sql01 TCP 10000: blocked", then what probes
 * observed ("; probe: verified open 2026-11-24 10:12 from be01"): what a screen reader says.
 */
export function flowAriaLabel(flow: FlowMapFlow): string {
  const observed = flow.observed ? `; probe: ${observedWords(flow.observed)}` : '';
  return `${flow.service} ${flow.from} → ${flow.to} ${flow.ports}: ${STATE_SHAPES[flow.state].word}${observed}`;
}

/** "timed out 2026-11-24 10:12 from be01 — contradicts the rule files (BEX300)". */
const observedWords = (observed: FlowMapObservation) => withContradiction(observed.text, observed.contradicts);

/** What the ports observed show at once: their one result, or "mixed". */
function observedResult(observed: FlowMapObservation): string {
  const results = new Set(observed.ports.map((port) => port.result));
  return results.size === 1 ? observed.ports[0].result : 'mixed';
}

const fileLine = (place: { uri: string; range: { start: { line: number } } }) => `${fileName(place.uri)}:${place.range.start.line + 1}`;

/** "dmz (inbound): partly blocked: some ports are not allowed — BEX101 dmz.fwrules.yaml:11". */
function crossingText(crossing: FlowCrossing): string {
  const rules = crossing.allowedBy.length > 0 ? ` — by ${crossing.allowedBy.map((rule) => `"${rule.name}"`).join(', ')}` : '';
  const finding = crossing.finding ? ` — ${crossing.finding.code} ${fileLine(crossing.finding.place)}` : '';
  return `${crossing.firewall} (${crossing.direction}): ${crossing.status}${rules}${finding}`;
}

/** The flow's tooltip: what it is and its state, then every firewall it crosses with its status there. */
export function flowTitle(flow: FlowMapFlow): string {
  const crossings = flow.crossings.length > 0 ? flow.crossings.map(crossingText) : ['no firewall of the manifest lies between the hosts'];
  const observed = flow.observed ? [`probe: ${observedWords(flow.observed)}`] : [];
  return [`${flow.service} ${flow.from} → ${flow.to} (${flow.ports}): ${STATE_SHAPES[flow.state].word}`, ...crossings, ...observed].join('\n');
}

const pathOf = (points: readonly Point[]) => points.map((point, i) => `${i === 0 ? 'M' : 'L'}${coordinate(point.x)},${coordinate(point.y)}`).join(' ');

/** A line drawn as a state: colour, dashes and arrowhead as attributes, so they hold without the stylesheet. */
function stateLine(state: FlowState, d: string): string {
  const shape = STATE_SHAPES[state];
  return element('path', { class: 'flow-line', d, fill: 'none', stroke: shape.colour, 'stroke-width': FLOW_LINE, 'stroke-dasharray': shape.dasharray, 'marker-end': `url(#${markerId(state)})` });
}

/** Glyph and words (then `more`, markup); the glyph takes the state's colour. */
function stateText(state: FlowState, x: number, y: number, words: string, attributes: Attributes, more = ''): string {
  const glyph = element('tspan', { class: 'glyph', fill: STATE_SHAPES[state].colour, 'font-weight': 'bold' }, xmlText(STATE_SHAPES[state].glyph));
  return element('text', { ...attributes, x, y, 'font-size': FONT.flow, fill: NEUTRAL.fg }, `${glyph} ${xmlText(words)}${more}`);
}

/** The contradiction mark, bold in the blocked colour (the glyph itself is what tells it without colour). */
const contradictionMark = () => element('tspan', { class: 'observed-mark', fill: STATE_SHAPES.blocked.colour, 'font-weight': 'bold' }, CONTRADICTION_MARK);

/** " · ⚠ timed out … (BEX300)" after a flow's label, the observation in its own tspan. */
function observedLabel(observed: FlowMapObservation | undefined): string {
  if (!observed) return '';
  const mark = observed.contradicts ? `${contradictionMark()} ` : '';
  return ` · ${mark}${element('tspan', { class: 'observed' }, xmlText(observationLabelText(observed)))}`;
}

/** A flow's label sits on a halo of the background, readable where lines cross it. */
const FLOW_LABEL: Attributes = { class: 'flow-label', 'paint-order': 'stroke', stroke: NEUTRAL.bg, 'stroke-width': 3, 'stroke-linejoin': 'round' };

export function flowSvg(placement: FlowPlacement, crossesHighlighted: boolean, interactive: boolean): string {
  const { flow, label } = placement;
  const text = stateText(flow.state, label.x, label.y + label.height - 4, flowLabelText(flow), FLOW_LABEL, observedLabel(flow.observed));
  return element(
    'g',
    {
      class: `flow state-${flow.state}${crossesHighlighted ? ' crosses-highlighted' : ''}`,
      'data-flow': flow.id,
      'data-observed': flow.observed ? observedResult(flow.observed) : undefined,
      'data-contradicts': flow.observed?.contradicts,
      ...(interactive ? { tabindex: '0', role: 'button' } : { role: 'img' }),
      'aria-label': flowAriaLabel(flow),
    },
    [element('title', {}, xmlText(flowTitle(flow))), stateLine(flow.state, pathOf(placement.points)), text].join(''),
  );
}

/** One arrowhead per state, drawn in the state's colour (markers do not take the colour of the line that uses them). */
export function markerDefs(): string {
  return FLOW_STATES.map((state) => {
    const shape = STATE_SHAPES[state];
    const head = element('path', { class: shape.filledMarker ? 'filled' : 'outline', d: shape.marker, fill: shape.filledMarker ? shape.colour : NEUTRAL.bg, stroke: shape.colour, 'stroke-width': FLOW_LINE });
    return element('marker', { id: markerId(state), class: `marker state-${state}`, viewBox: '-1 -1 12 12', refX: 10, refY: 5, markerWidth: 10, markerHeight: 10, markerUnits: 'userSpaceOnUse', orient: 'auto' }, head);
  }).join('');
}

const LEGEND_LINE = 36;
const LEGEND_GAP = 18;

/** In the legend of a map with observations: what the mark before an observation says. */
export const CONTRADICTION_LEGEND = 'observed, contradicts the rule files';

/** The legend, one row from (x, y): each state as the map draws it, what a boundary and a band are, and the contradiction mark when the map has observations. */
export function legendSvg(x: number, y: number, observed = false): { svg: string; width: number; height: number } {
  const height = lineHeight(FONT.flow) + 8;
  const middle = y + height / 2;
  const items: string[] = [];
  let at = x;
  for (const state of FLOW_STATES) {
    const words = STATE_SHAPES[state].word;
    items.push(element('g', { class: `legend-item state-${state}` }, stateLine(state, `M${coordinate(at)},${coordinate(middle)} h${LEGEND_LINE}`) + stateText(state, at + LEGEND_LINE + 6, middle + 4, words, { class: 'legend-label' })));
    at += LEGEND_LINE + 6 + textWidth(`${STATE_SHAPES[state].glyph} ${words}`, FONT.flow) + LEGEND_GAP;
  }
  const sample = { width: 24, height: 14 };
  const network = 'network firewall';
  items.push(element('g', { class: 'legend-item legend-network' }, [
    element('rect', { class: 'boundary', x: at, y: middle - sample.height / 2, ...sample, rx: 4, fill: 'none', stroke: NEUTRAL.boundary, 'stroke-width': FLOW_LINE }),
    element('text', { class: 'legend-label', x: at + sample.width + 6, y: middle + 4, 'font-size': FONT.flow, fill: NEUTRAL.fg }, network),
  ].join('')));
  at += sample.width + 6 + textWidth(network, FONT.flow) + LEGEND_GAP;
  const band = 'host firewall';
  items.push(element('g', { class: 'legend-item legend-host-firewall' }, [
    element('rect', { class: 'host-firewall-band', x: at, y: middle - HOST_FIREWALL_BAND / 2, width: sample.width, height: HOST_FIREWALL_BAND, fill: NEUTRAL.boundary }),
    element('text', { class: 'legend-label', x: at + sample.width + 6, y: middle + 4, 'font-size': FONT.flow, fill: NEUTRAL.fg }, band),
  ].join('')));
  at += sample.width + 6 + textWidth(band, FONT.flow);
  if (observed) {
    at += LEGEND_GAP;
    items.push(element('g', { class: 'legend-item legend-contradiction' }, element('text', { class: 'legend-label', x: at, y: middle + 4, 'font-size': FONT.flow, fill: NEUTRAL.fg }, `${contradictionMark()} ${xmlText(CONTRADICTION_LEGEND)}`)));
    at += textWidth(`${CONTRADICTION_MARK} ${CONTRADICTION_LEGEND}`, FONT.flow);
  }
  return { svg: element('g', { class: 'legend' }, items.join('')), width: at - x, height };
}
