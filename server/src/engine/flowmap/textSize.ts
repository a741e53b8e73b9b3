import { STATE_SHAPES } from './style';
import type { FlowMapFlow, FlowMapHost, FlowMapObservation } from './types';

/**
 * The map's text and how much room it takes. Layout runs in the engine, where
 * there is no DOM to measure text: widths are estimated with a fixed character
 * width per font size (0.6 em, about a sans-serif's widest average; a full
 * em for the wide characters of Chinese, Japanese and Korean names), so boxes
 * err on the roomy side. Layout and SVG both read these, so the text drawn is
 * the text that was sized.
 */
export const FONT = { name: 13, detail: 11, flow: 11, group: 12 } as const;
const CHAR_WIDTH_EM = 0.6;
const WIDE_CHAR_WIDTH_EM = 1;
/** Characters a font draws a full em wide (East Asian wide and fullwidth forms). */
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff01-\uff60\uffe0-\uffe6]/u;
/** Baseline to baseline, for a font size. */
export const lineHeight = (fontSize: number) => Math.ceil(fontSize * 1.35);

export function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const char of text) ems += WIDE.test(char) ? WIDE_CHAR_WIDTH_EM : CHAR_WIDTH_EM;
  return Math.ceil(ems * fontSize);
}

/** Room around a host's text, and the height of the band each host firewall draws on top of it. */
export const HOST_PADDING = 8;
export const HOST_FIREWALL_BAND = 18;
/** Labels longer than this are cut with "…": the flow's title and the tables hold the whole text. */
const FLOW_LABEL_CHARS = 80;

export interface HostText {
  readonly name: string;
  /** "Backup Exec server · 10.0.1.10". */
  readonly detail: string;
  /** "also behind fw-b, fw-c": network firewalls that protect the host but whose boundary it is not drawn in. */
  readonly alsoBehind?: string;
}

export function hostText(host: FlowMapHost, alsoBehind: readonly string[]): HostText {
  const detail = `${host.roleName} · ${host.address}${host.agent === 'linux' ? ' · Linux agent' : ''}`;
  return { name: host.name, detail, ...(alsoBehind.length > 0 ? { alsoBehind: `also behind ${alsoBehind.join(', ')}` } : {}) };
}

export function hostSize(text: HostText, hostFirewalls: readonly string[]): { width: number; height: number } {
  const widths = [textWidth(text.name, FONT.name), textWidth(text.detail, FONT.detail)];
  if (text.alsoBehind) widths.push(textWidth(text.alsoBehind, FONT.detail));
  // The band shows a shield and the firewall's name.
  for (const name of hostFirewalls) widths.push(textWidth(name, FONT.detail) + HOST_FIREWALL_BAND);
  const lines = lineHeight(FONT.name) + lineHeight(FONT.detail) * (text.alsoBehind ? 2 : 1);
  return { width: Math.max(...widths) + 2 * HOST_PADDING, height: lines + 2 * HOST_PADDING + hostFirewalls.length * HOST_FIREWALL_BAND };
}

/** "be01 → sql01: Remote Agent control connection (NDMP) TCP 10000", cut to a label's length; the glyph goes before it. */
export function flowLabelText(flow: FlowMapFlow): string {
  // Who connects to whom: the lanes of a pair run both ways, and an arrowhead is small.
  const text = `${flow.from} → ${flow.to}: ${flow.service} ${flow.ports}`;
  const chars = [...text];
  return chars.length <= FLOW_LABEL_CHARS ? text : `${chars.slice(0, FLOW_LABEL_CHARS - 1).join('')}…`;
}

/** Before an observation that contradicts the rule files: a mark that needs no colour to be seen. */
export const CONTRADICTION_MARK = '⚠';

/** The words after a flow's label when probes observed it: "verified open 2026-11-24 10:12 from be01", "timed out … (BEX300)". */
export function observationLabelText(observed: FlowMapObservation): string {
  return observed.contradicts ? `${observed.text} (${observed.contradicts})` : observed.text;
}

/** The whole label as drawn (svgFlows writes the same parts): glyph, text, and " · " then the observation, its mark first. */
function drawnLabel(flow: FlowMapFlow): string {
  const observed = flow.observed ? ` · ${flow.observed.contradicts ? `${CONTRADICTION_MARK} ` : ''}${observationLabelText(flow.observed)}` : '';
  return `${STATE_SHAPES[flow.state].glyph} ${flowLabelText(flow)}${observed}`;
}

/** Width of a flow's label as drawn. */
export function flowLabelWidth(flow: FlowMapFlow): number {
  return textWidth(drawnLabel(flow), FONT.flow);
}
