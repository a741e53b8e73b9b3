/**
 * Deterministic pseudo-random numbers in [0, 1) (mulberry32), so that every
 * run generates the same sites and edits the same places. Its period (2^32)
 * is far above the draws of a 50,000-rule site.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws of the kinds the site generators need, from one seeded sequence. */
export class Draw {
  readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  /** An integer in [low, high]. */
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** One of `weights`' keys, each as likely as its weight. */
  weighted<K extends string | number>(weights: readonly (readonly [K, number])[]): K {
    let left = this.next() * weights.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [key, weight] of weights) if ((left -= weight) < 0) return key;
    return weights[weights.length - 1][0];
  }

  /** A bigint in [0, n): IPv6 blocks have more addresses than a double holds exactly. */
  below(n: bigint): bigint {
    let value = 0n;
    // One 32-bit word more than n needs keeps the bias of the modulo negligible.
    for (let span = 1n; span < n << 32n; span <<= 32n) value = (value << 32n) | BigInt(this.int(0, 2 ** 32 - 1));
    return value % n;
  }
}
