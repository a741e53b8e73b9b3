import type { EndpointResolver } from '../model/endpoints';
import { resolvedRule, type MatchProtocol, type RuleCell } from '../model/resolvedRule';
import type { RuleModel } from '../model/types';
import { excerpt } from '../util/excerpt';
import { PortSet } from '../util/portSet';
import { ruleNameRange } from './flowFindings';
import { duplicates, isActive } from './ruleSignature';
import type { CheckDefinition, Finding } from './types';

export const bex201ShadowedRule: CheckDefinition = {
  code: 'BEX201',
  severity: 'warning',
  title: 'Rule can never match',
  docs: 'Under first-match evaluation, earlier rules already decide every connection this rule covers (same or wider endpoints, protocol and ports), so it never takes effect. Remove it or move it above the rules that shadow it.',
  check: (context) => {
    const findings: Finding[] = [];
    for (const ruleFile of context.ruleFiles) {
      if (ruleFile.evaluation !== 'first-match') continue;
      const coverage = new Coverage(context.endpoints);
      const duplicated = duplicates(ruleFile.rules);
      const seen: RuleModel[] = [];
      for (const rule of ruleFile.rules) {
        if (!isActive(rule) || rule.ports.isEmpty) continue;
        const cells = resolvedRule(rule, context.endpoints).cells;
        if (!duplicated.has(rule) && coverage.covers(cells, rule.ports)) {
          const by = seen.find((earlier) => earlier.ports.overlaps(rule.ports) && overlapsEndpoints(context.endpoints, earlier, rule));
          findings.push({
            uri: ruleFile.uri,
            range: ruleNameRange(rule),
            message: `Rule "${excerpt(rule.name)}" can never match: earlier rules${by ? ` such as "${excerpt(by.name)}"` : ''} already decide all of its traffic.`,
            related: by ? [{ uri: ruleFile.uri, range: ruleNameRange(by), message: `shadowed by rule "${excerpt(by.name)}"` }] : [],
          });
        }
        coverage.add(rule, cells);
        seen.push(rule);
      }
    }
    return findings;
  },
};

function overlapsEndpoints(endpoints: EndpointResolver, earlier: RuleModel, rule: RuleModel): boolean {
  const covers = (outer: readonly string[], inner: readonly string[]) => inner.some((i) => outer.some((o) => endpoints.covers(o, i)));
  return covers(earlier.sources, rule.sources) && covers(earlier.destinations, rule.destinations);
}

/** Ports filed by an endpoint number (or a pair's key), per protocol. */
class PortsBy<K> {
  private readonly byProtocol = { tcp: new Map<K, PortSet>(), udp: new Map<K, PortSet>() };

  get(protocol: MatchProtocol, key: K): PortSet | undefined {
    return this.byProtocol[protocol].get(key);
  }

  grow(protocol: MatchProtocol, key: K, ports: PortSet): void {
    const map = this.byProtocol[protocol];
    map.set(key, map.get(key)?.union(ports) ?? ports);
  }
}

/** A cell of an earlier rule with a subnet on one side or both, and the ports its rule decides. */
interface SubnetCell {
  readonly cell: RuleCell;
  readonly ports: PortSet;
}

/**
 * The ports earlier rules decide, per (protocol, source, destination). Single
 * endpoints are filed by their numbers; "any" on either side has its own
 * maps. A cell with a subnet is filed by its single destination, else by its
 * single source (only a cell with the same single endpoint there can be
 * inside it), else with the few that have subnets on both sides, which are
 * compared one by one. The numbers come with each rule's cells, made once
 * per rule text, so a check of tens of thousands of rules, many of them to
 * or from subnets, is a few map lookups per rule.
 */
class Coverage {
  private readonly exact = new PortsBy<string>();
  private readonly anySource = new PortsBy<number>();
  private readonly anyDestination = new PortsBy<number>();
  private readonly anyBoth = new PortsBy<true>();
  private readonly subnetsTo = new Map<number, SubnetCell[]>();
  private readonly subnetsFrom = new Map<number, SubnetCell[]>();
  /** Subnets on both sides: by the block of addresses their destination lies in, or, for wider ones, in one list. */
  private readonly subnetsByBlock = new Map<string, SubnetCell[]>();
  private readonly subnetsWide: SubnetCell[] = [];

  constructor(private readonly endpoints: EndpointResolver) {}

  add(rule: RuleModel, cells: readonly RuleCell[]): void {
    for (const cell of cells) {
      const { protocol, anyFrom, anyTo, fromAtom, toAtom, pairKey } = cell;
      if (anyFrom && anyTo) this.anyBoth.grow(protocol, true, rule.ports);
      else if (anyFrom && toAtom !== undefined) this.anySource.grow(protocol, toAtom, rule.ports);
      else if (anyTo && fromAtom !== undefined) this.anyDestination.grow(protocol, fromAtom, rule.ports);
      else if (pairKey !== undefined) this.exact.grow(protocol, pairKey, rule.ports);
      else if (toAtom !== undefined) fileUnder(this.subnetsTo, toAtom, { cell, ports: rule.ports });
      else if (fromAtom !== undefined) fileUnder(this.subnetsFrom, fromAtom, { cell, ports: rule.ports });
      else {
        const block = this.blockOf(cell.to);
        if (block === undefined) this.subnetsWide.push({ cell, ports: rule.ports });
        else fileUnder(this.subnetsByBlock, block, { cell, ports: rule.ports });
      }
    }
  }

  /** The address block an endpoint lies in, when it lies in one; undefined for any, unknown names and wider subnets. */
  private blockOf(endpoint: string): string | undefined {
    const range = this.endpoints.addressesOf(endpoint);
    if (!range) return undefined;
    const shift = BigInt((range.family === 4 ? 32 : 128) - BLOCK_BITS[range.family]);
    const block = range.first >> shift;
    return block === range.last >> shift ? `${range.family}:${block}` : undefined;
  }

  covers(cells: readonly RuleCell[], ports: PortSet): boolean {
    return cells.every((cell) => this.decides(cell, ports));
  }

  /** Whether earlier rules decide all of `ports` for the cell; sets are merged only when one alone does not. */
  private decides(cell: RuleCell, ports: PortSet): boolean {
    const { protocol, fromAtom, toAtom, pairKey } = cell;
    const decided: PortSet[] = [];
    const collect = (set: PortSet | undefined) => set && decided.push(set);
    collect(this.anyBoth.get(protocol, true));
    if (toAtom !== undefined) collect(this.anySource.get(protocol, toAtom));
    if (fromAtom !== undefined) collect(this.anyDestination.get(protocol, fromAtom));
    if (pairKey !== undefined) collect(this.exact.get(protocol, pairKey));
    // A destination inside one block can be covered by cells of that block or wider ones; a wider destination only by wider ones.
    const block = this.blockOf(cell.to);
    const candidates = [
      toAtom !== undefined ? this.subnetsTo.get(toAtom) : undefined,
      fromAtom !== undefined ? this.subnetsFrom.get(fromAtom) : undefined,
      block !== undefined ? this.subnetsByBlock.get(block) : undefined,
      this.subnetsWide,
    ];
    for (const earlier of candidates.flatMap((list) => list ?? [])) {
      if (earlier.cell.protocol !== protocol) continue;
      if (this.endpoints.covers(earlier.cell.from, cell.from) && this.endpoints.covers(earlier.cell.to, cell.to)) decided.push(earlier.ports);
    }
    if (decided.length === 0) return false;
    if (decided.some((set) => set.containsAll(ports))) return true;
    return decided.length > 1 && decided.reduce((all, set) => all.union(set)).containsAll(ports);
  }
}

/** Prefix lengths of the address blocks cells with subnets on both sides are filed by: a /16 of IPv4, a /48 of IPv6. */
const BLOCK_BITS = { 4: 16, 6: 48 } as const;

function fileUnder<K>(map: Map<K, SubnetCell[]>, atom: K, cell: SubnetCell): void {
  const cells = map.get(atom);
  if (cells) cells.push(cell);
  else map.set(atom, [cell]);
}
