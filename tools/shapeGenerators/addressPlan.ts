import type { Draw } from '../seededRandom';

/**
 * The addresses generated rules name, drawn as an organisation's address
 * plan: a few large roots (/8, or /32 in IPv6), sites inside them (/16, /48),
 * and rule endpoints of mixed prefix lengths inside those, so that many
 * endpoints lie inside others. Each endpoint is a CIDR, a range at times, or any.
 */

/** A set of addresses a rule names: its first and last address and how it is written. */
export interface Block {
  readonly first: bigint;
  readonly last: bigint;
  readonly text: string;
}

/** Every address: known by identity, its first and last are not used. */
export const ANY: Block = { first: 0n, last: 0n, text: 'any' };

export interface Family {
  readonly bits: number;
  /** The roots of the plan, as addresses. */
  readonly roots: readonly bigint[];
  readonly rootLength: number;
  readonly siteLength: number;
  /** Prefix lengths of rule endpoints and how often each is drawn; lengths up to siteLength name a root or a site itself. */
  readonly lengths: readonly (readonly [number, number])[];
  format(value: bigint): string;
}

const ipv4Text = (value: bigint) => [24n, 16n, 8n, 0n].map((shift) => (value >> shift) & 255n).join('.');

/** The shortest IPv6 text: hex groups, the longest run of two or more zero groups as "::". */
export function ipv6Text(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = (part: number[]) => part.map((group) => group.toString(16)).join(':');
  return best.at < 0 ? hex(groups) : `${hex(groups.slice(0, best.at))}::${hex(groups.slice(best.at + best.length))}`;
}

export const IPV4: Family = {
  bits: 32,
  roots: [10, 20, 30, 40, 50, 60, 70, 80].map((octet) => BigInt(octet) << 24n),
  rootLength: 8,
  siteLength: 16,
  lengths: [[8, 2], [16, 8], [20, 15], [24, 35], [28, 25], [30, 15]],
  format: ipv4Text,
};

export const IPV6: Family = {
  bits: 128,
  roots: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => (0xfd00n << 112n) | (BigInt(n) << 96n)),
  rootLength: 32,
  siteLength: 48,
  lengths: [[32, 2], [48, 8], [56, 10], [64, 35], [96, 15], [112, 12], [120, 10], [126, 8]],
  format: ipv6Text,
};

export class AddressPlan {
  private readonly sites: Block[] = [];

  /** `sites` blocks of siteLength inside the roots; `rangeShare` of the endpoints are written as ranges. */
  constructor(
    private readonly draw: Draw,
    readonly family: Family,
    sites: number,
    private readonly rangeShare = 0,
  ) {
    for (let i = 0; i < sites; i++) this.sites.push(this.cidr(this.root(), family.siteLength));
  }

  /** An endpoint of a rule that lies inside no rule in particular: in a site, at a drawn prefix length. */
  fresh(): Block {
    const length = this.draw.weighted(this.family.lengths);
    if (length <= this.family.rootLength) return this.root();
    const site = this.site();
    return length <= this.family.siteLength ? site : this.within(site, length);
  }

  /** One of the sites, as a script's variable names a whole site. */
  site(): Block {
    return this.draw.pick(this.sites);
  }

  /** An endpoint inside `outer` and longer than it (`outer` itself when it cannot be split); inside any: a fresh one. */
  inside(outer: Block): Block {
    if (outer === ANY) return this.fresh();
    const outerLength = this.family.bits - log2(outer.last - outer.first + 1n);
    const longer = this.family.lengths.filter(([length]) => length > outerLength);
    return longer.length === 0 ? outer : this.within(outer, this.draw.weighted(longer));
  }

  private root(): Block {
    const { roots, rootLength, format } = this.family;
    const first = this.draw.pick(roots);
    return { first, last: first + this.size(rootLength) - 1n, text: `${format(first)}/${rootLength}` };
  }

  /** A block of `length`'s size inside `outer`: a CIDR, or a range of about that size starting anywhere in it. */
  private within(outer: Block, length: number): Block {
    const size = this.size(length);
    const room = outer.last - outer.first + 1n;
    if (size >= room) return outer;
    if (alignedStart(outer, size) + size - 1n <= outer.last && !this.draw.chance(this.rangeShare)) return this.cidr(outer, length);
    const first = outer.first + this.draw.below(room - size + 1n);
    const last = first + 1n + this.draw.below(size - 1n);
    return { first, last, text: `${this.family.format(first)}-${this.family.format(last)}` };
  }

  /** An aligned CIDR of `length` inside `outer`, which holds one at least. */
  private cidr(outer: Block, length: number): Block {
    const size = this.size(length);
    const start = alignedStart(outer, size);
    const first = start + this.draw.below((outer.last + 1n - start) / size) * size;
    return { first, last: first + size - 1n, text: `${this.family.format(first)}/${length}` };
  }

  private size(length: number): bigint {
    return 1n << BigInt(this.family.bits - length);
  }
}

/** The first address in `outer` where a CIDR of `size` addresses can start. */
function alignedStart(outer: Block, size: bigint): bigint {
  return ((outer.first + size - 1n) / size) * size;
}

/** The floor of log2(n), n ≥ 1. */
function log2(n: bigint): number {
  return n.toString(2).length - 1;
}
