import type { Location } from 'vscode-languageserver-types';
import type { PlacedCrossing } from './buildFlowMap';
import type { FlowCrossing, FlowMapFlow, FlowState } from './types';

/** A known problem outranks a firewall that could not be read: what is wrong is said before what is unknown. */
const PRECEDENCE: readonly FlowState[] = ['blocked', 'partial', 'unknown'];

/** The state of a flow over its crossings; with none, nothing of the manifest stands between the hosts. */
export function flowState(crossings: readonly FlowCrossing[]): FlowState {
  return PRECEDENCE.find((state) => crossings.some((c) => c.state === state)) ?? 'allowed';
}

/**
 * The order a flow meets its firewalls: its source's host firewall, the
 * network firewalls it leaves, those it enters, its destination's host firewall.
 */
export function byCrossingOrder(a: PlacedCrossing, b: PlacedCrossing): number {
  const step = ({ crossing, onHost }: PlacedCrossing) => (crossing.direction === 'outbound' ? (onHost ? 0 : 1) : onHost ? 3 : 2);
  return step(a) - step(b);
}

/**
 * What a click on a flow opens: the diagnostic that reports its first failing
 * crossing (that firewall's manifest entry when the diagnostic is off or
 * suppressed), else the unread rule file's entry in the manifest, else the rule
 * that allows it at its first firewall, else the destination host's entry.
 */
export function revealOf(crossings: readonly PlacedCrossing[], destination: Location): FlowMapFlow['reveal'] {
  const failing = crossings.find(({ crossing }) => crossing.state === 'blocked' || crossing.state === 'partial');
  if (failing) return failing.crossing.finding ? { kind: 'finding', place: failing.crossing.finding.place } : { kind: 'manifest', place: failing.firewallPlace };
  const unread = crossings.find(({ unreadFile }) => unreadFile);
  if (unread) return { kind: 'manifest', place: unread.unreadFile! };
  const allowing = crossings.find(({ crossing }) => crossing.allowedBy.length > 0);
  if (allowing) return { kind: 'rule', place: allowing.crossing.allowedBy[0].place };
  return { kind: 'manifest', place: destination };
}
