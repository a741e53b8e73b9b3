import type { FlowState } from './types';

/**
 * How each state looks. Colour alone cannot tell states apart (colour-blind
 * readers, grey print-outs), so each also has its own dash pattern, arrowhead
 * and glyph, written as SVG attributes: they hold without any stylesheet. The
 * colours here are the fallbacks; FLOW_MAP_CSS overrides them with the
 * `--befw-*` custom properties a page or the editor's theme defines.
 */
export interface StateShape {
  /** In labels and the legend, before the service. */
  readonly glyph: string;
  /** What the state is called in words (aria-label, titles, legend). */
  readonly word: string;
  readonly dasharray: string;
  /** The arrowhead's path in a 10×10 box whose right middle (10, 5) is the line's end. */
  readonly marker: string;
  /** Whether the arrowhead is filled (else drawn as an outline on the background). */
  readonly filledMarker: boolean;
  readonly colour: string;
}

export const STATE_SHAPES: Readonly<Record<FlowState, StateShape>> = {
  allowed: { glyph: '✓', word: 'allowed', dasharray: 'none', marker: 'M0,0 L10,5 L0,10 Z', filledMarker: true, colour: '#2e7d32' },
  partial: { glyph: '◐', word: 'partly allowed', dasharray: '10 4', marker: 'M0,0 L10,5 L0,10 Z', filledMarker: false, colour: '#b26a00' },
  // A stop bar before the host: the connection does not get in.
  blocked: { glyph: '✕', word: 'blocked', dasharray: '4 3', marker: 'M0,1 L6,5 L0,9 Z M9,0 L9,10', filledMarker: true, colour: '#c62828' },
  unknown: { glyph: '?', word: 'unknown', dasharray: '1 4', marker: 'M0,5 L5,0 L10,5 L5,10 Z', filledMarker: false, colour: '#616161' },
};

/** The arrowhead marker's element id for a state. */
export const markerId = (state: FlowState) => `befw-arrow-${state}`;

/** Fallback colours of the parts that are not a state. */
export const NEUTRAL = { fg: '#1f1f1f', bg: '#ffffff', muted: '#6b6b6b', boundary: '#5c6bc0' } as const;

/**
 * The map's stylesheet: a report puts it in its own `<style>` (and may define
 * the palette on `:root`), the editor's webview maps the variables to theme
 * colours. Every colour reads a `--befw-*` variable with the fallback above.
 */
export const FLOW_MAP_CSS = `
.befw-flow-map { color: var(--befw-fg, ${NEUTRAL.fg}); background: var(--befw-bg, ${NEUTRAL.bg}); font-family: var(--befw-font, system-ui, sans-serif); }
.befw-flow-map text { fill: var(--befw-fg, ${NEUTRAL.fg}); }
.befw-flow-map .state-allowed { --befw-state: var(--befw-allowed, ${STATE_SHAPES.allowed.colour}); }
.befw-flow-map .state-partial { --befw-state: var(--befw-partial, ${STATE_SHAPES.partial.colour}); }
.befw-flow-map .state-blocked { --befw-state: var(--befw-blocked, ${STATE_SHAPES.blocked.colour}); }
.befw-flow-map .state-unknown { --befw-state: var(--befw-unknown, ${STATE_SHAPES.unknown.colour}); }
.befw-flow-map .flow-line { stroke: var(--befw-state); }
.befw-flow-map .marker .filled { fill: var(--befw-state); stroke: var(--befw-state); }
.befw-flow-map .marker .outline { fill: var(--befw-bg, ${NEUTRAL.bg}); stroke: var(--befw-state); }
.befw-flow-map .glyph { fill: var(--befw-state); font-weight: bold; }
.befw-flow-map .observed-mark { fill: var(--befw-blocked, ${STATE_SHAPES.blocked.colour}); font-weight: bold; }
.befw-flow-map .flow-label { paint-order: stroke; stroke: var(--befw-bg, ${NEUTRAL.bg}); stroke-width: 3px; stroke-linejoin: round; }
.befw-flow-map .flow { cursor: pointer; }
.befw-flow-map .flow:hover .flow-line, .befw-flow-map .flow:focus .flow-line { stroke-width: 3px; }
.befw-flow-map .flow:focus { outline: none; }
.befw-flow-map .flow:focus .flow-label { text-decoration: underline; }
.befw-flow-map.has-highlight .flow:not(.crosses-highlighted) { opacity: 0.35; }
.befw-flow-map .host-box { fill: var(--befw-bg, ${NEUTRAL.bg}); stroke: var(--befw-fg, ${NEUTRAL.fg}); }
.befw-flow-map .host-detail, .befw-flow-map .also-behind, .befw-flow-map .group-label, .befw-flow-map .note { fill: var(--befw-muted, ${NEUTRAL.muted}); }
.befw-flow-map .role-group-box { fill: none; stroke: var(--befw-muted, ${NEUTRAL.muted}); }
.befw-flow-map .boundary { fill: none; stroke: var(--befw-boundary, ${NEUTRAL.boundary}); }
.befw-flow-map .host-firewall-band { fill: var(--befw-boundary, ${NEUTRAL.boundary}); }
.befw-flow-map .host-firewall-name, .befw-flow-map .shield { fill: var(--befw-bg, ${NEUTRAL.bg}); }
.befw-flow-map .firewall-label { fill: var(--befw-boundary, ${NEUTRAL.boundary}); font-weight: bold; }
.befw-flow-map .highlighted .boundary, .befw-flow-map .highlighted .host-firewall-band { stroke: var(--befw-fg, ${NEUTRAL.fg}); }
`.trim();
