import type { GeneratedRule } from '../types';

/**
 * Rich rules that accept a generated rule, as zone files write them (firewalld.zone(5)): one per
 * source, destination and port item, since a rich rule holds at most one of each
 * (firewalld.richlanguage(5); firewalld 1.3.3 skips a rule with two). The family follows the
 * addresses; with none the rule is left without family and applies to IPv4 and IPv6 alike
 * ("If the rule family is not provided, the rule will be added for IPv4 and IPv6").
 */
export function richRuleTexts(rule: GeneratedRule, priority?: number): string[] {
  const texts: string[] = [];
  const sources = rule.sources.length > 0 ? rule.sources : [undefined];
  const destinations = rule.destinations.length > 0 ? rule.destinations : [undefined];
  for (const source of sources) {
    for (const destination of destinations) {
      const families = new Set([source, destination].filter((a) => a !== undefined).map(familyOf));
      // An IPv4 source with an IPv6 destination is no connection: no rule for that pair.
      if (families.size > 1) continue;
      const [family] = families;
      const head = `<rule${family ? ` family="${family}"` : ''}${priority ? ` priority="${priority}"` : ''}>`;
      const from = source ? `<source address="${escaped(source)}"/>` : '';
      const to = destination ? `<destination address="${escaped(destination)}"/>` : '';
      for (const port of rule.ports) texts.push(`${head}${from}${to}<port port="${escaped(port)}" protocol="${rule.protocol}"/><accept/></rule>`);
    }
  }
  return texts;
}

function familyOf(address: string): 'ipv4' | 'ipv6' {
  return address.includes(':') ? 'ipv6' : 'ipv4';
}

/** Text as an XML attribute value or element content may hold it. */
export function escaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
