import { EndpointMap } from '../model/endpointMap';
import type { EndpointKey } from '../model/endpoints';
import type { MatchProtocol, RuleCell } from '../model/resolvedRule';
import { rangeContains } from '../util/address';
import { PortSet } from '../util/portSet';

type Direction = 'inbound' | 'outbound';
/** A rule's direction; undefined for both. */
type RuleDirection = Direction | undefined;

/** A rule filed in the coverage: its place in the file, kept current as rules are added or removed before it. */
export interface FiledRule {
  index: number;
  readonly direction: RuleDirection;
  readonly ports: PortSet;
  readonly cells: readonly RuleCell[];
}

/** What rules decide in one (protocol, direction), filed by source and then by destination. */
type Lane = EndpointMap<EndpointMap<Slot>>;

/**
 * The rules filed under one (source slot, destination slot), in file order.
 * Cells whose endpoints are whole prefixes (or any, or a name) hold every
 * endpoint filed below their slots; cells with an address range that is not
 * a whole prefix are kept apart and compared one by one.
 */
interface Slot {
  readonly whole: FiledRule[];
  /** Made for the first such cell: most slots never hold one. */
  ranged?: { readonly rule: FiledRule; readonly cell: RuleCell }[];
  /** unions[c]: the ports of whole[0 .. (c + 1) × STRIDE), made when asked for and dropped from a change on. */
  unions?: PortSet[];
}

/** Rules per stored union: a slot that many rules share is asked with a union and at most this many sets. */
const STRIDE = 16;

/**
 * The ports the rules of a first-match file decide, per (protocol,
 * direction, source, destination), with each rule's place: "do the rules
 * before rule j decide all of its traffic" looks only at rules before j, so
 * a rule added or removed changes only its own slots, and an edit asks again
 * only about the rules it can affect.
 */
export class FirstMatchCoverage {
  private readonly lanes = new Map<string, Lane>();
  /** Whether some rule applies to one direction only: until then, one lane per protocol answers. */
  private directional = false;

  add(rule: FiledRule): void {
    if (rule.direction) this.directional = true;
    for (const cell of rule.cells) {
      const lane = this.lane(cell.protocol, rule.direction ?? 'both', true)!;
      const slot = lane.obtain(cell.fromKey, () => new EndpointMap()).obtain(cell.toKey, (): Slot => ({ whole: [] }));
      if (isWhole(cell.fromKey) && isWhole(cell.toKey)) {
        const at = countBefore(slot.whole, rule.index);
        slot.whole.splice(at, 0, rule);
        dropUnionsFrom(slot, at);
      } else {
        const ranged = (slot.ranged ??= []);
        ranged.splice(countBefore(ranged, rule.index, (filed) => filed.rule), 0, { rule, cell });
      }
    }
  }

  /** Takes a rule out; call it before the places of the rules after it change. */
  remove(rule: FiledRule): void {
    for (const cell of rule.cells) {
      const slot = this.lane(cell.protocol, rule.direction ?? 'both', false)!.find(cell.fromKey)!.find(cell.toKey)!;
      const at = countBefore(slot.whole, rule.index);
      if (slot.whole[at] === rule) {
        slot.whole.splice(at, 1);
        dropUnionsFrom(slot, at);
      } else {
        const ranged = slot.ranged?.findIndex((r) => r.rule === rule) ?? -1;
        if (ranged >= 0) slot.ranged!.splice(ranged, 1);
      }
    }
  }

  /** Whether the rules before `rule` decide all of its ports for every cell. */
  decides(rule: FiledRule): boolean {
    return rule.cells.every((cell) => this.lanesFor(cell.protocol, rule.direction).every((lanes) => this.decidedIn(lanes, cell, rule)));
  }

  /** The first rule before `rule` that decides some of its ports for one of its cells: the rule to name as shadowing. */
  firstDecider(rule: FiledRule): FiledRule | undefined {
    let first: FiledRule | undefined;
    const consider = (earlier: FiledRule) => {
      if (earlier.index < rule.index && (!first || earlier.index < first.index) && earlier.ports.overlaps(rule.ports)) first = earlier;
    };
    for (const cell of rule.cells) {
      for (const lanes of this.lanesFor(cell.protocol, rule.direction)) {
        visitHolding(lanes, cell, (slot) => {
          // In file order: the first that overlaps is the slot's earliest.
          const found = slot.whole.find((earlier) => earlier.index >= rule.index || earlier.ports.overlaps(rule.ports));
          if (found) consider(found);
          for (const { rule: earlier, cell: filed } of slot.ranged ?? []) if (holds(filed, cell)) consider(earlier);
          return false;
        });
      }
    }
    return first;
  }

  /** Whether the rules before `rule` in `lanes` decide all of its ports for `cell`: what is left is narrowed slot by slot. */
  private decidedIn(lanes: readonly Lane[], cell: RuleCell, rule: FiledRule): boolean {
    let left = rule.ports;
    const narrow = (decided: PortSet) => {
      if (decided.overlaps(left)) left = left.subtract(decided);
      return left.isEmpty;
    };
    return visitHolding(lanes, cell, (slot) => {
      const count = countBefore(slot.whole, rule.index);
      const unions = Math.floor(count / STRIDE);
      if (unions > 0 && narrow(unionOfFirst(slot, unions))) return true;
      for (let i = unions * STRIDE; i < count; i++) if (narrow(slot.whole[i].ports)) return true;
      for (const { rule: earlier, cell: filed } of slot.ranged ?? []) {
        if (earlier.index >= rule.index) break;
        if (holds(filed, cell) && narrow(earlier.ports)) return true;
      }
      return false;
    });
  }

  /** The lanes to ask, per direction the rule must be decided in: both directions need both decided. */
  private lanesFor(protocol: MatchProtocol, direction: RuleDirection): Lane[][] {
    const present = (lanes: (Lane | undefined)[]) => lanes.filter((lane): lane is Lane => lane !== undefined);
    const both = this.lane(protocol, 'both', false);
    if (direction) return [present([this.lane(protocol, direction, false), both])];
    if (!this.directional) return [present([both])];
    return [present([this.lane(protocol, 'inbound', false), both]), present([this.lane(protocol, 'outbound', false), both])];
  }

  private lane(protocol: MatchProtocol, direction: Direction | 'both', create: boolean): Lane | undefined {
    const name = `${protocol}/${direction}`;
    let lane = this.lanes.get(name);
    if (!lane && create) this.lanes.set(name, (lane = new EndpointMap()));
    return lane;
  }
}

/** Whether a cell filed earlier holds `cell`: its endpoints contain the cell's (an address range may not fill its slot). */
export function holds(filed: RuleCell, cell: RuleCell): boolean {
  return filed.protocol === cell.protocol && keyHolds(filed.fromKey, cell.fromKey) && keyHolds(filed.toKey, cell.toKey);
}

/** How many of `items` (in file order) come before place `index`. */
function countBefore<T>(items: readonly T[], index: number, ruleOf: (item: T) => FiledRule = (item) => item as FiledRule): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (ruleOf(items[middle]).index < index) low = middle + 1;
    else high = middle;
  }
  return low;
}

function unionOfFirst(slot: Slot, count: number): PortSet {
  const unions = (slot.unions ??= []);
  for (let c = unions.length; c < count; c++) {
    let union = c > 0 ? unions[c - 1] : PortSet.EMPTY;
    for (let i = c * STRIDE; i < (c + 1) * STRIDE; i++) union = union.union(slot.whole[i].ports);
    unions.push(union);
  }
  return unions[count - 1];
}

/** A rule added or removed at `at` changes the unions that hold it and every later one. */
function dropUnionsFrom(slot: Slot, at: number): void {
  if (slot.unions) slot.unions.length = Math.min(slot.unions.length, Math.floor(at / STRIDE));
}

/** Visits the slots filed under endpoints that may hold the cell's source and destination. */
function visitHolding(lanes: readonly Lane[], cell: RuleCell, visit: (slot: Slot) => boolean): boolean {
  return lanes.some((lane) => lane.someHolding(cell.fromKey, (destinations) => destinations.someHolding(cell.toKey, visit)));
}

function isWhole(key: EndpointKey): boolean {
  return key.kind !== 'address' || key.exact;
}

function keyHolds(outer: EndpointKey, inner: EndpointKey): boolean {
  if (outer.kind === 'any') return true;
  if (outer.kind === 'opaque') return inner.kind === 'opaque' && inner.id === outer.id;
  return inner.kind === 'address' && rangeContains(outer.range, inner.range);
}
