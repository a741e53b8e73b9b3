import type { GeneratedRule } from '../types';
import { isIPv4, isIPv6 } from './values';

/**
 * An allow rule in nft's own syntax, as `nft list ruleset` prints rules: `ip saddr 10.1.1.10 tcp dport
 * { 10000, 1025-65535 } accept comment "name"`. One address family per rule (nft refuses a set that
 * mixes them: `Address family for hostname not supported`, nft 1.0.6 here), so a rule with IPv4 and
 * IPv6 addresses is written as one rule per family the chain sees.
 */
export function nftRuleLines(rule: GeneratedRule, chainFamily: 4 | 6 | undefined): string[] | undefined {
  const sources = byFamily(rule.sources);
  const destinations = byFamily(rule.destinations);
  // Host names are resolved by nft when it loads the file: not written, so no fix rests on a lookup.
  if (!sources || !destinations) return undefined;
  const tail = [portMatch(rule), 'accept', `comment "${commentText(rule.name)}"`];
  if (rule.sources.length === 0 && rule.destinations.length === 0) return [tail.join(' ')];
  const lines: string[] = [];
  for (const family of chainFamily ? [chainFamily] : ([4, 6] as const)) {
    const from = sources[family];
    const to = destinations[family];
    // A side that names addresses, none of them of this family, matches no packet of it.
    if ((rule.sources.length > 0 && from.length === 0) || (rule.destinations.length > 0 && to.length === 0)) continue;
    const ip = family === 4 ? 'ip' : 'ip6';
    lines.push([from.length > 0 ? `${ip} saddr ${valueText(from)}` : '', to.length > 0 ? `${ip} daddr ${valueText(to)}` : '', ...tail].filter((part) => part !== '').join(' '));
  }
  return lines.length > 0 ? lines : undefined;
}

function portMatch(rule: GeneratedRule): string {
  return rule.ports.length > 0 ? `${rule.protocol} dport ${valueText(rule.ports)}` : `meta l4proto ${rule.protocol}`;
}

function valueText(items: readonly string[]): string {
  return items.length === 1 ? items[0] : `{ ${items.join(', ')} }`;
}

/** Addresses, prefixes and `a-b` ranges by family; undefined when one is neither (a host name). */
function byFamily(addresses: readonly string[]): Record<4 | 6, string[]> | undefined {
  const families: Record<4 | 6, string[]> = { 4: [], 6: [] };
  for (const address of addresses) {
    const [first, second] = address.includes('/') ? [address.slice(0, address.indexOf('/'))] : address.split('-');
    const family = isIPv4(first) && (second === undefined || isIPv4(second)) ? 4 : isIPv6(first) && (second === undefined || isIPv6(second)) ? 6 : undefined;
    if (!family) return undefined;
    families[family].push(address);
  }
  return families;
}

/** nft 1.0.6 here: "comment too long, 128 characters maximum allowed" (it counts UTF-8 bytes); a string has no escapes, so no `"` inside. */
const COMMENT_BYTES = 128;

export function commentText(name: string): string {
  const text = name.replace(/"/g, "'").replace(/[\r\n\t]+/g, ' ');
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= COMMENT_BYTES) return text;
  let kept = '';
  let bytes = encoder.encode('…').length;
  for (const character of text) {
    bytes += encoder.encode(character).length;
    if (bytes > COMMENT_BYTES) break;
    kept += character;
  }
  return `${kept}…`;
}
