import { EndpointMap } from '../model/endpointMap';
import type { EndpointKey } from '../model/endpoints';
import type { MatchProtocol, RuleCell } from '../model/resolvedRule';
import { rangeContains } from '../util/address';
import { PortSet } from '../util/portSet';

/** What earlier rules decide in one (protocol, direction), filed by source and then by destination. */
type Lane = EndpointMap<EndpointMap<Slot>>;

/**
 * The ports decided for one (source slot, destination slot). Cells whose
 * endpoints are whole prefixes (or any, or a name) hold every endpoint filed
 * below their slots, so their ports are merged; cells with an address range
 * that is not a whole prefix are kept apart and compared one by one.
 */
interface Slot {
  ports?: PortSet;
  /** The positions of the rules whose ports are merged in, in file order. */
  readonly positions: number[];
  ranged?: RangedCell[];
}

interface RangedCell {
  readonly fromKey: EndpointKey;
  readonly toKey: EndpointKey;
  readonly ports: PortSet;
  readonly position: number;
}

type Direction = 'inbound' | 'outbound';
/** A rule's direction; undefined for both. */
type RuleDirection = Direction | undefined;

/**
 * The ports earlier rules decide, per (protocol, direction, source,
 * destination), for first-match rule files (BEX201). Every change is written
 * in a journal, so the state before any rule can be restored (`rollBack`):
 * after an edit at rule k, only the rules from k on are filed and asked about
 * again.
 */
export class FirstMatchCoverage {
  private readonly lanes = new Map<string, Lane>();
  /** Whether some rule applies to one direction only: until then, one lane per protocol answers. */
  private directional = false;
  private readonly touched: Slot[] = [];
  private readonly previousPorts: (PortSet | undefined)[] = [];
  private readonly rangedTouch: boolean[] = [];

  /** The journal's length: pass it to `rollBack` to return to this state. */
  get mark(): number {
    return this.touched.length;
  }

  rollBack(mark: number): void {
    while (this.touched.length > mark) {
      const slot = this.touched.pop()!;
      slot.ports = this.previousPorts.pop();
      if (this.rangedTouch.pop()) slot.ranged!.pop();
      else slot.positions.pop();
    }
  }

  add(position: number, cells: readonly RuleCell[], direction: RuleDirection, ports: PortSet): void {
    if (direction) this.directional = true;
    for (const cell of cells) {
      const lane = this.lane(cell.protocol, direction ?? 'both', true)!;
      const slot = lane.obtain(cell.fromKey, () => new EndpointMap()).obtain(cell.toKey, () => ({ positions: [] }));
      this.touched.push(slot);
      this.previousPorts.push(slot.ports);
      const ranged = !isWhole(cell.fromKey) || !isWhole(cell.toKey);
      this.rangedTouch.push(ranged);
      if (ranged) (slot.ranged ??= []).push({ fromKey: cell.fromKey, toKey: cell.toKey, ports, position });
      else {
        slot.ports = slot.ports ? slot.ports.union(ports) : ports;
        slot.positions.push(position);
      }
    }
  }

  /** Whether the rules filed so far decide all of `ports` for every cell. */
  decides(cells: readonly RuleCell[], direction: RuleDirection, ports: PortSet): boolean {
    return cells.every((cell) => this.lanesFor(cell.protocol, direction).every((lanes) => decidedIn(lanes, cell, ports)));
  }

  /**
   * The first rule before `before` that decides some of `ports` for one of the
   * cells: the rule to name as shadowing. `portsAt` gives a position's ports.
   */
  firstDecider(cells: readonly RuleCell[], direction: RuleDirection, ports: PortSet, before: number, portsAt: (position: number) => PortSet): number | undefined {
    let first: number | undefined;
    const consider = (position: number, decided: PortSet) => {
      if (position < before && (first === undefined || position < first) && decided.overlaps(ports)) first = position;
    };
    for (const cell of cells) {
      for (const lanes of this.lanesFor(cell.protocol, direction)) {
        visitHolding(lanes, cell, (slot) => {
          // Positions are in file order: the first that overlaps is the slot's earliest.
          for (const position of slot.positions) {
            if (position >= before || (first !== undefined && position >= first)) break;
            if (portsAt(position).overlaps(ports)) {
              first = position;
              break;
            }
          }
          for (const ranged of slot.ranged ?? []) if (holds(ranged, cell)) consider(ranged.position, ranged.ports);
          return false;
        });
      }
    }
    return first;
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

/** Whether `lanes` together decide all of `ports` for `cell`: what is left is narrowed slot by slot. */
function decidedIn(lanes: readonly Lane[], cell: RuleCell, ports: PortSet): boolean {
  let left = ports;
  const narrow = (decided: PortSet) => {
    if (decided.overlaps(left)) left = left.subtract(decided);
    return left.isEmpty;
  };
  return visitHolding(lanes, cell, (slot) => (slot.ports !== undefined && narrow(slot.ports)) || (slot.ranged?.some((ranged) => holds(ranged, cell) && narrow(ranged.ports)) ?? false));
}

/** Visits the slots filed under endpoints that may hold the cell's source and destination. */
function visitHolding(lanes: readonly Lane[], cell: RuleCell, visit: (slot: Slot) => boolean): boolean {
  return lanes.some((lane) => lane.someHolding(cell.fromKey, (destinations) => destinations.someHolding(cell.toKey, visit)));
}

function isWhole(key: EndpointKey): boolean {
  return key.kind !== 'address' || key.exact;
}

function holds(ranged: RangedCell, cell: RuleCell): boolean {
  return keyHolds(ranged.fromKey, cell.fromKey) && keyHolds(ranged.toKey, cell.toKey);
}

function keyHolds(outer: EndpointKey, inner: EndpointKey): boolean {
  if (outer.kind === 'any') return true;
  if (outer.kind === 'opaque') return inner.kind === 'opaque' && inner.id === outer.id;
  return inner.kind === 'address' && rangeContains(outer.range, inner.range);
}
