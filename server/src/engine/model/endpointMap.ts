import type { AddressKey, EndpointKey } from './endpoints';

/**
 * Values filed by endpoint, so that "every value whose endpoint may cover
 * this one" is a handful of lookups instead of a walk over all of them.
 * Addresses are filed by the smallest prefix holding them: the prefixes that
 * hold an endpoint are that endpoint's prefix and its ancestors, one per
 * prefix length, and only the lengths in use are looked up (a rule set of
 * subnets from /8 to /30 and single addresses: at most 24 lookups per
 * family). A value filed under an address range that is not a whole prefix
 * (`exact` false) may hold less than its prefix: callers check those.
 */
export class EndpointMap<V> {
  /** A map of one slot, the most common (a source that one destination is filed under), keeps it here without tables. */
  private soleKey?: EndpointKey;
  private soleValue?: V;
  private anyValue?: V;
  private opaque?: Map<number, V>;
  private v4?: PrefixTable<number, V>;
  private v6?: PrefixTable<string, V>;
  private empty = true;

  /** The value filed under `key`'s own slot, made by `make` when there is none. */
  obtain(key: EndpointKey, make: () => V): V {
    if (this.empty) {
      this.empty = false;
      this.soleKey = key;
      return (this.soleValue = make());
    }
    if (this.soleKey) {
      if (sameSlot(this.soleKey, key)) return this.soleValue!;
      const [soleKey, soleValue] = [this.soleKey, this.soleValue!];
      this.soleKey = this.soleValue = undefined;
      this.file(soleKey, () => soleValue);
    }
    return this.file(key, make);
  }

  /** The value filed under `key`'s own slot, if any. */
  find(key: EndpointKey): V | undefined {
    if (this.soleKey) return sameSlot(this.soleKey, key) ? this.soleValue : undefined;
    switch (key.kind) {
      case 'any':
        return this.anyValue;
      case 'opaque':
        return this.opaque?.get(key.id);
      case 'address':
        return key.range.family === 4 ? this.v4?.find(key) : this.v6?.find(key);
    }
  }

  private file(key: EndpointKey, make: () => V): V {
    switch (key.kind) {
      case 'any':
        return (this.anyValue ??= make());
      case 'opaque': {
        const opaque = (this.opaque ??= new Map());
        let value = opaque.get(key.id);
        if (value === undefined) opaque.set(key.id, (value = make()));
        return value;
      }
      case 'address':
        return key.range.family === 4 ? (this.v4 ??= new PrefixTable(v4Slot)).obtain(key, make) : (this.v6 ??= new PrefixTable(v6Slot)).obtain(key, make);
    }
  }

  /**
   * Calls `visit` with every value filed under a slot that holds `key`: any,
   * the same opaque name, the prefixes around the address, widest first. Stops,
   * and returns true, when `visit` does.
   */
  someHolding(key: EndpointKey, visit: (value: V) => boolean): boolean {
    if (this.soleKey) return slotHolds(this.soleKey, key) && visit(this.soleValue!);
    if (this.anyValue !== undefined && visit(this.anyValue)) return true;
    switch (key.kind) {
      case 'any':
        return false;
      case 'opaque': {
        const value = this.opaque?.get(key.id);
        return value !== undefined && visit(value);
      }
      case 'address': {
        const table = key.range.family === 4 ? this.v4 : this.v6;
        return table !== undefined && (table as PrefixTable<number | string, V>).someHolding(key, visit);
      }
    }
  }
}

/** Whether two endpoints are filed under the same slot. */
function sameSlot(a: EndpointKey, b: EndpointKey): boolean {
  if (a.kind === 'any' || b.kind === 'any') return a.kind === b.kind;
  if (a.kind === 'opaque' || b.kind === 'opaque') return a.kind === 'opaque' && b.kind === 'opaque' && a.id === b.id;
  return a.range.family === b.range.family && a.prefixLength === b.prefixLength && slotAt(a, a.prefixLength) === slotAt(b, a.prefixLength);
}

/** Whether the slot `filed` is filed under holds `key`: the slots someHolding visits. */
function slotHolds(filed: EndpointKey, key: EndpointKey): boolean {
  if (filed.kind === 'any') return true;
  if (filed.kind === 'opaque' || key.kind !== 'address') return filed.kind === 'opaque' && key.kind === 'opaque' && filed.id === key.id;
  if (filed.range.family !== key.range.family || filed.prefixLength > key.prefixLength) return false;
  return slotAt(filed, filed.prefixLength) === slotAt(key, filed.prefixLength);
}

function slotAt(key: AddressKey, length: number): number | string {
  return key.range.family === 4 ? v4Slot(key, length) : v6Slot(key, length);
}

/** The slot key of the prefix of `length` bits around `key`'s addresses. */
type SlotOf<K> = (key: AddressKey, length: number) => K;

const POWERS_OF_TWO = Array.from({ length: 33 }, (_, i) => 2 ** i);

/** IPv4: length and network in one number (length × 2^32 + network), exact in a double. */
const v4Slot: SlotOf<number> = (key, length) => length * POWERS_OF_TWO[32] + Math.floor(Number(key.range.first) / POWERS_OF_TWO[32 - length]);

/** IPv6: the prefix's bits as a string (its length is the string's); no bigint arithmetic per lookup. */
const v6Slot: SlotOf<string> = (key, length) => key.bits!.slice(0, length);

/** One family's prefixes, with the lengths in use in ascending order. */
class PrefixTable<K, V> {
  private readonly slots = new Map<K, V>();
  private readonly lengths: number[] = [];

  constructor(private readonly slotOf: SlotOf<K>) {}

  obtain(key: AddressKey, make: () => V): V {
    const slot = this.slotOf(key, key.prefixLength);
    let value = this.slots.get(slot);
    if (value === undefined) {
      this.slots.set(slot, (value = make()));
      if (!this.lengths.includes(key.prefixLength)) {
        this.lengths.push(key.prefixLength);
        this.lengths.sort((a, b) => a - b);
      }
    }
    return value;
  }

  find(key: AddressKey): V | undefined {
    return this.slots.get(this.slotOf(key, key.prefixLength));
  }

  someHolding(key: AddressKey, visit: (value: V) => boolean): boolean {
    for (const length of this.lengths) {
      if (length > key.prefixLength) break;
      const value = this.slots.get(this.slotOf(key, length));
      if (value !== undefined && visit(value)) return true;
    }
    return false;
  }
}
