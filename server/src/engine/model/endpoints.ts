import { parseAddressOrCidr, rangeContains, type AddressRange } from '../util/address';
import type { HostModel, ManifestModel } from './types';

export type Endpoint =
  | { kind: 'any' }
  | { kind: 'host'; host: HostModel }
  | { kind: 'address'; range: AddressRange }
  | { kind: 'unknown'; text: string };

/**
 * What an endpoint covers, in the form an index of endpoints files it under
 * (model/endpointMap.ts): any; an opaque name only the same text covers (an
 * unknown name, a host without an address); or a block of addresses with the
 * smallest prefix that holds it (`exact` when the block is that prefix, as
 * every single address and CIDR is; an address range a-b often is not).
 */
export type EndpointKey =
  | { readonly kind: 'any' }
  | { readonly kind: 'opaque'; readonly id: number }
  | AddressKey;

export interface AddressKey {
  readonly kind: 'address';
  readonly range: AddressRange;
  readonly prefixLength: number;
  readonly exact: boolean;
  /** IPv6: the first address's 128 bits as a string of 0 and 1, whose prefixes name the prefixes around it. */
  readonly bits?: string;
}

const ANY_KEY: EndpointKey = { kind: 'any' };

/**
 * Resolves the from/to entries of rules (host names, addresses, CIDRs, any)
 * against a manifest's hosts, remembering each text's meaning once.
 */
export class EndpointResolver {
  private readonly hostsByName = new Map<string, HostModel>();
  private readonly resolved = new Map<string, Endpoint>();
  private readonly atoms = new Map<string, number | undefined>();
  private readonly keys = new Map<string, EndpointKey>();
  /** Numbers for single endpoints that are not one IPv4 address (which is its own number). */
  private readonly otherAtoms = new Map<string, number>();
  /** Made when first asked for: a manifest with many hosts and a rule file that names none of them never needs it. */
  private hostsByAtom?: Map<number, HostModel[]>;
  /** Hosts with an address, per family, by their first address: made when first asked for. */
  private hostsByAddress?: Record<4 | 6, HostModel[]>;
  readonly hosts: readonly HostModel[];

  constructor(manifest: ManifestModel | undefined) {
    this.hosts = manifest?.hosts ?? [];
    for (const host of this.hosts) {
      if (!this.hostsByName.has(host.name.value)) this.hostsByName.set(host.name.value, host);
    }
  }

  /** The manifest hosts that are the single endpoint `atom` stands for. */
  hostsAt(atom: number): readonly HostModel[] | undefined {
    if (!this.hostsByAtom) {
      this.hostsByAtom = new Map();
      for (const host of this.hosts) {
        const hostAtom = this.atom(host.name.value);
        if (hostAtom === undefined) continue;
        const hosts = this.hostsByAtom.get(hostAtom);
        if (hosts) hosts.push(host);
        else this.hostsByAtom.set(hostAtom, [host]);
      }
    }
    return this.hostsByAtom.get(atom);
  }

  /** The manifest hosts whose addresses all lie in `range`: a binary search among hosts sorted by address, not a walk over all. */
  hostsInside(range: AddressRange): HostModel[] {
    if (!this.hostsByAddress) {
      const byFamily: Record<4 | 6, HostModel[]> = { 4: [], 6: [] };
      for (const host of this.hosts) if (host.addressRange) byFamily[host.addressRange.family].push(host);
      for (const hosts of Object.values(byFamily)) hosts.sort((a, b) => (a.addressRange!.first < b.addressRange!.first ? -1 : a.addressRange!.first > b.addressRange!.first ? 1 : 0));
      this.hostsByAddress = byFamily;
    }
    const sorted = this.hostsByAddress[range.family];
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (sorted[middle].addressRange!.first < range.first) low = middle + 1;
      else high = middle;
    }
    const inside: HostModel[] = [];
    for (let i = low; i < sorted.length && sorted[i].addressRange!.first <= range.last; i++) {
      if (sorted[i].addressRange!.last <= range.last) inside.push(sorted[i]);
    }
    return inside;
  }

  get hasManifest(): boolean {
    return this.hostsByName.size > 0;
  }

  host(name: string): HostModel | undefined {
    return this.hostsByName.get(name);
  }

  resolve(text: string): Endpoint {
    let endpoint = this.resolved.get(text);
    if (!endpoint) {
      endpoint = this.classify(text.trim());
      this.resolved.set(text, endpoint);
    }
    return endpoint;
  }

  private classify(text: string): Endpoint {
    if (text.toLowerCase() === 'any') return { kind: 'any' };
    const host = this.hostsByName.get(text);
    if (host) return { kind: 'host', host };
    const range = parseAddressOrCidr(text);
    return range ? { kind: 'address', range } : { kind: 'unknown', text };
  }

  /** Whether traffic from or to `host` is matched by a rule endpoint (resolved once per rule text: model/resolvedRule.ts). */
  matches(endpoint: Endpoint, host: HostModel): boolean {
    switch (endpoint.kind) {
      case 'any':
        return true;
      case 'host':
        return endpoint.host === host || (endpoint.host.addressRange !== undefined && endpoint.host.addressRange === host.addressRange);
      case 'address':
        return host.addressRange !== undefined && rangeContains(endpoint.range, host.addressRange);
      case 'unknown':
        return false;
    }
  }

  matchesAny(endpoints: readonly Endpoint[], host: HostModel): boolean {
    return endpoints.some((endpoint) => this.matches(endpoint, host));
  }

  /**
   * A number naming one concrete endpoint (an IPv4 address is its own
   * number; other single endpoints are numbered from 2^32 on), or undefined
   * for endpoints that stand for many addresses (any, a subnet). Numbers, not
   * strings, as tens of thousands of rules are keyed by them.
   */
  atom(text: string): number | undefined {
    if (this.atoms.has(text)) return this.atoms.get(text);
    const atom = this.computeAtom(text);
    this.atoms.set(text, atom);
    return atom;
  }

  private computeAtom(text: string): number | undefined {
    const endpoint = this.resolve(text);
    const single = (range: AddressRange) => {
      if (range.first !== range.last) return undefined;
      return range.family === 4 ? Number(range.first) : this.numberFor(`a:6:${range.first}`);
    };
    switch (endpoint.kind) {
      case 'any':
        return undefined;
      case 'host':
        return endpoint.host.addressRange ? single(endpoint.host.addressRange) : this.numberFor(`h:${endpoint.host.name.value}`);
      case 'address':
        return single(endpoint.range);
      case 'unknown':
        return this.numberFor(`u:${endpoint.text}`);
    }
  }

  private numberFor(key: string): number {
    let atom = this.otherAtoms.get(key);
    if (atom === undefined) this.otherAtoms.set(key, (atom = 2 ** 32 + this.otherAtoms.size));
    return atom;
  }

  /** How an index of endpoints files the endpoint written as `text`; one object per text. */
  key(text: string): EndpointKey {
    let key = this.keys.get(text);
    if (!key) this.keys.set(text, (key = this.computeKey(text)));
    return key;
  }

  private computeKey(text: string): EndpointKey {
    const endpoint = this.resolve(text);
    if (endpoint.kind === 'any') return ANY_KEY;
    const range = this.addressesOf(text);
    if (!range) return { kind: 'opaque', id: this.atom(text)! };
    const width = range.family === 4 ? 32 : 128;
    const prefixLength = width - bitLength(range.first ^ range.last);
    const exact = range.last - range.first === (1n << BigInt(width - prefixLength)) - 1n;
    const bits = range.family === 6 ? range.first.toString(2).padStart(128, '0') : undefined;
    return { kind: 'address', range, prefixLength, exact, bits };
  }

  /** The addresses an endpoint stands for, when it is an address, a CIDR or a host with one. */
  addressesOf(text: string): AddressRange | undefined {
    const endpoint = this.resolve(text);
    return endpoint.kind === 'address' ? endpoint.range : endpoint.kind === 'host' ? endpoint.host.addressRange : undefined;
  }
}

function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}
