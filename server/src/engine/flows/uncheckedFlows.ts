import type { FirewallBinding, LoadFailure } from '../checks/types';
import type { FirewallModel } from '../model/types';
import { crossing, type Direction } from './evaluateFlow';
import type { RequiredFlow } from './requiredFlows';

/** A firewall left unevaluated because a rule file it names was not read, and the required flows that cross it. */
export interface UncheckedFirewall {
  readonly firewall: FirewallModel;
  /** Why its first unread file was not read. */
  readonly failure: LoadFailure;
  /** Its files that were not read, in the manifest's order. */
  readonly unread: readonly FirewallBinding[];
  readonly flows: readonly { readonly flow: RequiredFlow; readonly direction: Direction }[];
}

/** Per check (its bindings): BEX017 and the report both ask, and a site may have millions of flows to walk. */
const found = new WeakMap<readonly FirewallBinding[], UncheckedFirewall[]>();

/**
 * The firewalls whose rule set was not read in full (BEX017), with the flows crossing
 * them: none of those is known to be allowed or not. The flows are walked only when some file is unread.
 */
export function uncheckedFirewalls(bindings: readonly FirewallBinding[], flows: () => Iterable<RequiredFlow>): UncheckedFirewall[] {
  let unchecked = found.get(bindings);
  if (!unchecked) found.set(bindings, (unchecked = walk(bindings, flows)));
  return unchecked;
}

function walk(bindings: readonly FirewallBinding[], flows: () => Iterable<RequiredFlow>): UncheckedFirewall[] {
  const unread = new Map<FirewallModel, FirewallBinding[]>();
  for (const binding of bindings) if (binding.loadError !== undefined) unread.set(binding.firewall, [...(unread.get(binding.firewall) ?? []), binding]);
  if (unread.size === 0) return [];
  const crossings = new Map<FirewallModel, { flow: RequiredFlow; direction: Direction }[]>([...unread.keys()].map((firewall) => [firewall, []]));
  for (const flow of flows()) {
    for (const [firewall, list] of crossings) {
      const direction = crossing(flow, firewall);
      if (direction) list.push({ flow, direction });
    }
  }
  return [...unread].map(([firewall, files]) => ({ firewall, failure: files[0].loadFailure ?? 'unreadable', unread: files, flows: crossings.get(firewall)! }));
}

/** "3 required flows", "1 required flow". */
export function requiredFlowCount(count: number): string {
  return `${count} required flow${count === 1 ? '' : 's'}`;
}
