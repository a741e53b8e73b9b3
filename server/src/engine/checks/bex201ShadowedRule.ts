import type { EndpointResolver } from '../model/endpoints';
import { resolvedRule, type MatchProtocol, type RuleCell } from '../model/resolvedRule';
import type { RuleModel } from '../model/types';
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
            message: `Rule "${rule.name}" can never match: earlier rules${by ? ` such as "${by.name}"` : ''} already decide all of its traffic.`,
            related: by ? [{ uri: ruleFile.uri, range: ruleNameRange(by), message: `shadowed by rule "${by.name}"` }] : [],
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

/**
 * The ports earlier rules decide, per (protocol, source, destination). Single
 * hosts are keyed exactly; "any" on either side has its own maps; subnets are
 * few in practice and compared one by one. The keys come with each rule's
 * cells, made once per rule text, so a check of tens of thousands of rules is
 * a few map lookups per rule.
 */
class Coverage {
  private readonly exact = new Map<string, PortSet>();
  private readonly anySource = new Map<string, PortSet>();
  private readonly anyDestination = new Map<string, PortSet>();
  private readonly anyBoth = new Map<MatchProtocol, PortSet>();
  private readonly subnetRules: RuleModel[] = [];

  constructor(private readonly endpoints: EndpointResolver) {}

  add(rule: RuleModel, cells: readonly RuleCell[]): void {
    let subnet = false;
    const grow = <K>(map: Map<K, PortSet>, key: K) => map.set(key, map.get(key)?.union(rule.ports) ?? rule.ports);
    for (const cell of cells) {
      if (cell.anyFrom && cell.anyTo) grow(this.anyBoth, cell.protocol);
      else if (cell.anyFrom && cell.toKey) grow(this.anySource, cell.toKey);
      else if (cell.anyTo && cell.fromKey) grow(this.anyDestination, cell.fromKey);
      else if (cell.exactKey) grow(this.exact, cell.exactKey);
      else subnet = true;
    }
    if (subnet) this.subnetRules.push(rule);
  }

  covers(cells: readonly RuleCell[], ports: PortSet): boolean {
    return cells.every((cell) => this.decides(cell, ports));
  }

  /** Whether earlier rules decide all of `ports` for the cell; sets are merged only when one alone does not. */
  private decides(cell: RuleCell, ports: PortSet): boolean {
    const decided: PortSet[] = [];
    const collect = (set: PortSet | undefined) => set && decided.push(set);
    collect(this.anyBoth.get(cell.protocol));
    if (cell.toKey) collect(this.anySource.get(cell.toKey));
    if (cell.fromKey) collect(this.anyDestination.get(cell.fromKey));
    if (cell.exactKey) collect(this.exact.get(cell.exactKey));
    for (const earlier of this.subnetRules) {
      if (earlier.protocol !== 'any' && earlier.protocol !== cell.protocol) continue;
      const coversFrom = earlier.sources.some((f) => this.endpoints.covers(f, cell.from));
      const coversTo = earlier.destinations.some((t) => this.endpoints.covers(t, cell.to));
      if (coversFrom && coversTo) decided.push(earlier.ports);
    }
    if (decided.length === 0) return false;
    if (decided.some((set) => set.containsAll(ports))) return true;
    return decided.length > 1 && decided.reduce((all, set) => all.union(set)).containsAll(ports);
  }
}
