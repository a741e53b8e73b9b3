import type { FlowMap } from './types';

/**
 * Where each host is drawn: inside the boundary of a network firewall that
 * protects it, boundaries nested when one firewall protects all the hosts of
 * another. A host behind firewalls that do not nest sits in the deepest chain
 * (the first in manifest order on a tie) and names the others ("also behind").
 */
export interface Regions {
  /** Network firewall → the one whose boundary holds it; absent at the top. */
  readonly parentOf: ReadonlyMap<string, string>;
  /** Host → the network firewall whose boundary it is drawn in; absent outside all. */
  readonly regionOf: ReadonlyMap<string, string>;
  /** Host → network firewalls that protect it but whose boundary does not hold it, in manifest order. */
  readonly alsoBehind: ReadonlyMap<string, readonly string[]>;
}

export function regionsOf(map: FlowMap): Regions {
  const known = new Set(map.hosts.map((host) => host.name));
  const networks = map.firewalls.filter((firewall) => firewall.kind === 'network');
  const members = new Map(networks.map((firewall) => [firewall.name, new Set(firewall.hosts.filter((host) => known.has(host)))]));
  const order = new Map(networks.map((firewall, index) => [firewall.name, index]));

  const parentOf = new Map<string, string>();
  for (const { name } of networks) {
    const parent = parentFirewall(name, members, order);
    if (parent !== undefined) parentOf.set(name, parent);
  }
  const chainOf = (name: string): string[] => {
    const chain = [name];
    for (let parent = parentOf.get(name); parent !== undefined; parent = parentOf.get(parent)) chain.push(parent);
    return chain;
  };

  const regionOf = new Map<string, string>();
  const alsoBehind = new Map<string, readonly string[]>();
  for (const host of map.hosts) {
    const behind = networks.filter((firewall) => members.get(firewall.name)!.has(host.name)).map((firewall) => firewall.name);
    if (behind.length === 0) continue;
    // The deepest chain holds the most of the host's firewalls; `reduce` keeps the first on a tie.
    const chain = behind.map(chainOf).reduce((deepest, candidate) => (candidate.length > deepest.length ? candidate : deepest));
    regionOf.set(host.name, chain[0]);
    const others = behind.filter((name) => !chain.includes(name));
    if (others.length > 0) alsoBehind.set(host.name, others);
  }
  return { parentOf, regionOf, alsoBehind };
}

/**
 * The boundary that holds firewall `name`'s: the smallest whose hosts include
 * all of its hosts. Firewalls protecting the same hosts nest in manifest order
 * (the later inside the earlier), so that the nesting is a tree.
 */
function parentFirewall(name: string, members: ReadonlyMap<string, ReadonlySet<string>>, order: ReadonlyMap<string, number>): string | undefined {
  const own = members.get(name)!;
  // A firewall that protects no host of the map holds nothing and belongs inside no other.
  if (own.size === 0) return undefined;
  const same = (other: ReadonlySet<string>) => other.size === own.size;
  const holders = [...members].filter(([other, hosts]) => other !== name && [...own].every((host) => hosts.has(host)) && (!same(hosts) || order.get(other)! < order.get(name)!));
  if (holders.length === 0) return undefined;
  const smallest = Math.min(...holders.map(([, hosts]) => hosts.size));
  // Of the smallest, the first in manifest order names the set; among firewalls with that very set, the last is the innermost.
  const [, firstSet] = holders.find(([, hosts]) => hosts.size === smallest)!;
  const sameSet = holders.filter(([, hosts]) => hosts.size === smallest && [...hosts].every((host) => firstSet.has(host)));
  return sameSet[sameSet.length - 1][0];
}
