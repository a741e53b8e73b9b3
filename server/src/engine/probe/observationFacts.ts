import type { Observation, ObservedPort } from './types';

/** What lenses, the flow map and tables say of observed flows beyond observationSummary's words. */

/** The code of the finding an observation raises against the rule files: BEX300 allowed but timed out, BEX301 blocked but reached. */
export type Contradiction = 'BEX300' | 'BEX301';

/**
 * Whether what was observed on these ports contradicts the rule files, and
 * how: a stale observation decides nothing (BEX302 says it is old), nor does a
 * port whose verdict is unknown. A timeout where the files allow outranks a
 * reached port they block: it is the error.
 */
export function contradictionOf(ports: readonly ObservedPort[]): Contradiction | undefined {
  const current = ports.filter((port) => !port.stale);
  if (current.some((port) => port.expected === 'allowed' && port.observation.result === 'timeout')) return 'BEX300';
  if (current.some((port) => port.expected === 'blocked' && port.observation.result !== 'timeout')) return 'BEX301';
  return undefined;
}

/** "contradicts the rule files (BEX300)": after an observation's summary in lenses, tooltips and tables. */
export function contradictionText(code: Contradiction): string {
  return `contradicts the rule files (${code})`;
}

/** "timed out 2026-11-24 10:12 from be01 — contradicts the rule files (BEX300)", or the summary alone. */
export function withContradiction(summary: string, code: Contradiction | undefined): string {
  return code ? `${summary} — ${contradictionText(code)}` : summary;
}

/** The newest observation among ports (the first of equal times): the one a lens or a summary's "latest" points at. */
export function newestObservation(ports: readonly ObservedPort[]): Observation | undefined {
  return ports.reduce<Observation | undefined>((newest, { observation }) => (!newest || observation.time > newest.time ? observation : newest), undefined);
}
