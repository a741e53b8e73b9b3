import type { Draw } from '../seededRandom';
import { ANY, type AddressPlan, type Block } from './addressPlan';

/**
 * The bulk of a generated rule file: rules between blocks of an address plan,
 * on ports spread over thousands of values. A share of the rules is drawn
 * inside an earlier rule (both endpoints nested in its endpoints); some of
 * those also take a part of its ports and its protocol, and so are shadowed
 * under first-match: the BEX201 findings of a real file that grew for years.
 */

export type Protocol = 'tcp' | 'udp' | 'any';

/** A port or a range: `low === high` for a single port. */
export interface PortItem {
  readonly low: number;
  readonly high: number;
}

export interface DrawnRule {
  readonly name: string;
  readonly action: 'allow' | 'block';
  readonly protocol: Protocol;
  readonly from: readonly Block[];
  readonly to: readonly Block[];
  readonly ports: readonly PortItem[];
}

export interface RuleMix {
  /** Share of the rules from any source, and to any destination (never both). */
  readonly anySource: number;
  readonly anyDestination: number;
}

/**
 * Ports of the bulk rules: clear of Backup Exec's (6101, 10000, 10082, 10102,
 * 50000-50149, ...), so they decide no Backup Exec flow, and of at least 4
 * digits, so that a one-digit edit of the last digit keeps a port ≥ 1024.
 */
const LOWEST = 11000;
const HIGHEST = 49935;

/** Share of rules drawn inside an earlier one, and of those, the share that repeats part of its ports (shadowed). */
const NESTED = 0.35;
const SAME_PORTS = 0.12;
const BLOCKS = 0.2;

export const portText = ({ low, high }: PortItem) => (low === high ? `${low}` : `${low}-${high}`);

export function drawRules(draw: Draw, plan: AddressPlan, count: number, mix: RuleMix, firstIndex = 0): DrawnRule[] {
  const rules: DrawnRule[] = [];
  for (let i = 0; i < count; i++) {
    const name = `app-${firstIndex + i}`;
    const action = draw.chance(BLOCKS) ? 'block' : 'allow';
    const outer = rules.length > 0 && draw.chance(NESTED) ? draw.pick(rules) : undefined;
    if (outer) {
      const samePorts = draw.chance(SAME_PORTS);
      rules.push({
        name,
        action,
        protocol: samePorts ? narrower(draw, outer.protocol) : protocol(draw),
        from: [plan.inside(outer.from[0])],
        to: [plan.inside(outer.to[0])],
        ports: samePorts ? partOf(draw, outer.ports) : ports(draw),
      });
      continue;
    }
    const anySource = draw.chance(mix.anySource);
    const anyDestination = !anySource && draw.chance(mix.anyDestination);
    rules.push({ name, action, protocol: protocol(draw), from: endpoints(draw, plan, anySource), to: endpoints(draw, plan, anyDestination), ports: ports(draw) });
  }
  return rules;
}

/** any, one block, or now and then a list of two. */
function endpoints(draw: Draw, plan: AddressPlan, any: boolean): Block[] {
  if (any) return [ANY];
  return draw.chance(0.1) ? [plan.fresh(), plan.fresh()] : [plan.fresh()];
}

function protocol(draw: Draw): Protocol {
  return draw.weighted<Protocol>([['tcp', 70], ['udp', 20], ['any', 10]]);
}

/** A protocol an earlier rule of `protocol` covers. */
function narrower(draw: Draw, protocol: Protocol): Protocol {
  return protocol === 'any' ? draw.pick<Protocol>(['tcp', 'udp', 'any']) : protocol;
}

/** 1 to 4 items: single ports mostly, short ranges. */
function ports(draw: Draw): PortItem[] {
  const count = draw.weighted([[1, 60], [2, 20], [3, 12], [4, 8]]);
  return Array.from({ length: count }, () => {
    const low = draw.int(LOWEST, HIGHEST);
    return draw.chance(0.7) ? { low, high: low } : { low, high: low + draw.int(1, 64) };
  });
}

/** All of `outer`, or one of its items, or a part of one of its ranges. */
function partOf(draw: Draw, outer: readonly PortItem[]): PortItem[] {
  if (draw.chance(0.3)) return [...outer];
  const { low, high } = draw.pick(outer);
  const from = draw.int(low, high);
  return [{ low: from, high: draw.chance(0.5) ? from : draw.int(from, high) }];
}
