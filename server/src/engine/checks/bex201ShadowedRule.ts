import type { EndpointResolver } from '../model/endpoints';
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
        if (!duplicated.has(rule) && coverage.covers(rule)) {
          const by = seen.find((earlier) => earlier.ports.overlaps(rule.ports) && overlapsEndpoints(context.endpoints, earlier, rule));
          findings.push({
            uri: ruleFile.uri,
            range: ruleNameRange(rule),
            message: `Rule "${rule.name}" can never match: earlier rules${by ? ` such as "${by.name}"` : ''} already decide all of its traffic.`,
            related: by ? [{ uri: ruleFile.uri, range: ruleNameRange(by), message: `shadowed by rule "${by.name}"` }] : [],
          });
        }
        coverage.add(rule);
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

type Protocol = 'tcp' | 'udp';

/**
 * The ports earlier rules decide, per (protocol, source, destination). Single
 * hosts are keyed exactly; "any" on either side has its own maps; subnets are
 * few in practice and compared one by one. Keeps the check near-linear on
 * rule files of tens of thousands of rules.
 */
class Coverage {
  private readonly exact = new Map<string, PortSet>();
  private readonly anySource = new Map<string, PortSet>();
  private readonly anyDestination = new Map<string, PortSet>();
  private readonly anyBoth = new Map<Protocol, PortSet>();
  private readonly subnetRules: RuleModel[] = [];

  constructor(private readonly endpoints: EndpointResolver) {}

  private static protocols(rule: RuleModel): Protocol[] {
    return rule.protocol === 'any' ? ['tcp', 'udp'] : [rule.protocol];
  }

  private isAny(text: string): boolean {
    return this.endpoints.resolve(text).kind === 'any';
  }

  add(rule: RuleModel): void {
    let subnet = false;
    const grow = (map: Map<string, PortSet>, key: string) => map.set(key, (map.get(key) ?? PortSet.EMPTY).union(rule.ports));
    for (const protocol of Coverage.protocols(rule)) {
      for (const from of rule.sources) {
        for (const to of rule.destinations) {
          const fromKey = this.endpoints.atomKey(from);
          const toKey = this.endpoints.atomKey(to);
          const anyFrom = this.isAny(from);
          const anyTo = this.isAny(to);
          if (anyFrom && anyTo) this.anyBoth.set(protocol, (this.anyBoth.get(protocol) ?? PortSet.EMPTY).union(rule.ports));
          else if (anyFrom && toKey) grow(this.anySource, `${protocol}|${toKey}`);
          else if (anyTo && fromKey) grow(this.anyDestination, `${protocol}|${fromKey}`);
          else if (fromKey && toKey) grow(this.exact, `${protocol}|${fromKey}|${toKey}`);
          else subnet = true;
        }
      }
    }
    if (subnet) this.subnetRules.push(rule);
  }

  covers(rule: RuleModel): boolean {
    for (const protocol of Coverage.protocols(rule)) {
      for (const from of rule.sources) {
        for (const to of rule.destinations) {
          if (!this.decided(protocol, from, to).containsAll(rule.ports)) return false;
        }
      }
    }
    return true;
  }

  private decided(protocol: Protocol, from: string, to: string): PortSet {
    const fromKey = this.endpoints.atomKey(from);
    const toKey = this.endpoints.atomKey(to);
    let ports = this.anyBoth.get(protocol) ?? PortSet.EMPTY;
    if (toKey) ports = ports.union(this.anySource.get(`${protocol}|${toKey}`) ?? PortSet.EMPTY);
    if (fromKey) ports = ports.union(this.anyDestination.get(`${protocol}|${fromKey}`) ?? PortSet.EMPTY);
    if (fromKey && toKey) ports = ports.union(this.exact.get(`${protocol}|${fromKey}|${toKey}`) ?? PortSet.EMPTY);
    for (const earlier of this.subnetRules) {
      if (earlier.protocol !== 'any' && earlier.protocol !== protocol) continue;
      const coversFrom = earlier.sources.some((f) => this.endpoints.covers(f, from));
      const coversTo = earlier.destinations.some((t) => this.endpoints.covers(t, to));
      if (coversFrom && coversTo) ports = ports.union(earlier.ports);
    }
    return ports;
  }
}
