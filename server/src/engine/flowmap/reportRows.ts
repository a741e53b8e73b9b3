import type { Location } from 'vscode-languageserver-types';
import { checkByCode, docsUrl } from '../checks/registry';
import { withContradiction } from '../probe/observationFacts';
import { STATE_SHAPES } from './style';
import { CONTRADICTION_MARK } from './textSize';
import { FLOW_STATES, type FlowCrossing, type FlowMap, type FlowMapFinding, type FlowMapFlow, type FlowMapRule, type FlowState } from './types';

/**
 * What the HTML and the Markdown report both say, as plain data: the rows of
 * the flow × firewall table, why each row has its state, the counts. Each
 * renderer only escapes and lays it out.
 */

/** Turns a file's URI into the path a report shows (relative to where befw ran). */
export type RelativePath = (uri: string) => string;

/** In the Firewall column of a flow that crosses none. */
export const NO_FIREWALL = 'no firewall between them';

/** A place as befw check prints it: `path:line:col`, 1-based. */
export function placeText(place: Location, relativePath: RelativePath): string {
  return `${relativePath(place.uri)}:${place.range.start.line + 1}:${place.range.start.character + 1}`;
}

/** "✓ allowed", "◐ partly allowed": a state never shown by colour alone. */
export function stateText(state: FlowState): string {
  return `${STATE_SHAPES[state].glyph} ${STATE_SHAPES[state].word}`;
}

/** The page that explains a code, when it is one of befw's (the href of its diagnostics' codeDescription). */
export function codeDocs(code: string): string | undefined {
  return checkByCode(code) ? docsUrl(code) : undefined;
}

/** One row of the flow × firewall table: a flow at one firewall it crosses, or a flow that crosses none. */
export interface CrossingRow {
  readonly flow: FlowMapFlow;
  /** Absent when no firewall of the manifest lies between the hosts. */
  readonly crossing?: FlowCrossing;
  readonly state: FlowState;
}

export function crossingRows(map: FlowMap): CrossingRow[] {
  return map.flows.flatMap((flow): CrossingRow[] =>
    flow.crossings.length === 0 ? [{ flow, state: flow.state }] : flow.crossings.map((crossing) => ({ flow, crossing, state: crossing.state })),
  );
}

/** "dmz (inbound)", or NO_FIREWALL. */
export function firewallText(row: CrossingRow): string {
  return row.crossing ? `${row.crossing.firewall} (${row.crossing.direction})` : NO_FIREWALL;
}

/**
 * The "Allowed by / Reported by" cell: the rules that let the flow through
 * (each once: a rule that opens several predefined Windows rules counts once),
 * then the diagnostic that reports it there; with neither, the status in words
 * ("allowed by the inbound default", "not checked: rule file … is missing").
 */
export interface RowReason {
  readonly rules: readonly FlowMapRule[];
  readonly finding?: FlowMapFinding;
  /** Set when there is no rule and no finding to point at. */
  readonly status?: string;
}

export function rowReason(row: CrossingRow): RowReason {
  const crossing = row.crossing;
  if (!crossing) return { rules: [] };
  const seen = new Set<string>();
  const rules = crossing.allowedBy.filter((rule) => {
    const key = `${rule.name}\n${rule.place.uri}\n${rule.place.range.start.line}:${rule.place.range.start.character}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (rules.length === 0 && !crossing.finding) return { rules, status: crossing.status };
  return { rules, ...(crossing.finding ? { finding: crossing.finding } : {}) };
}

/** Whether the tables have an "Observed" column: some flow of the map was probed. */
export function hasObservations(map: FlowMap): boolean {
  return map.flows.some((flow) => flow.observed);
}

/** The "Observed" cell: "verified open 2026-11-24 10:12 from be01", "⚠ timed out … — contradicts the rule files (BEX300)", or "—". */
export function observedText(flow: FlowMapFlow): string {
  const observed = flow.observed;
  if (!observed) return '—';
  return observed.contradicts ? `${CONTRADICTION_MARK} ${withContradiction(observed.text, observed.contradicts)}` : observed.text;
}

/** How many required flows the map holds in each state. */
export function stateCounts(map: FlowMap): Record<FlowState, number> {
  const counts = { allowed: 0, partial: 0, blocked: 0, unknown: 0 };
  for (const flow of map.flows) counts[flow.state]++;
  return counts;
}

/** "9 required flows: 7 allowed, 1 partly allowed, 1 blocked, 0 unknown"; past the map's limit, the states of the flows it holds. */
export function countsText(map: FlowMap): string {
  const counts = stateCounts(map);
  const states = FLOW_STATES.map((state) => `${counts[state]} ${STATE_SHAPES[state].word}`).join(', ');
  if (map.truncated) return `${map.truncated.flows} required flows, too many to show; of the first ${map.truncated.limit}: ${states}`;
  return `${map.flows.length} required flow${map.flows.length === 1 ? '' : 's'}: ${states}`;
}
