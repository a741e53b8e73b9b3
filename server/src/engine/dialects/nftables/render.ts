import type { GeneratedRule } from '../types';
import { nftRuleLines } from './ruleText';

/**
 * A whole `nft -f` script that allows exactly the given rules: one inet table (IPv4 and IPv6), its input
 * chain dropping what it does not allow, its output chain accepting. Replies to the host's own
 * connections (ct state established,related) and loopback traffic pass, or the host breaks. LF line
 * ends: nft 1.0.6 refuses CR (NOTES.md).
 */
export function renderNftables(rules: readonly GeneratedRule[], header: string): string {
  const comment = (text: string) => text.split(/\r?\n/).map((line) => `# ${line}`.trimEnd());
  const chainRules = (direction: GeneratedRule['direction']) =>
    rules
      .filter((rule) => rule.direction === direction)
      .flatMap((rule) => [...comment(rule.description), ...(nftRuleLines(rule, undefined) ?? comment(`Not written: an address of "${rule.name}" is not an IP address.`))])
      .map((line) => `\t\t${line}`);
  const lines = [
    '#!/usr/sbin/nft -f',
    ...comment(header),
    '#',
    '# Loading this file (nft -f) flushes the ruleset first: it REPLACES every rule on the host,',
    '# SSH access included. Add the host\'s other rules to the input chain before loading it.',
    '# It allows no ICMP: a host that uses IPv6 needs ICMPv6 for neighbor discovery (RFC 4861).',
    'flush ruleset',
    '',
    'table inet befw {',
    '\tchain input {',
    '\t\ttype filter hook input priority filter; policy drop;',
    '\t\tct state established,related accept',
    '\t\tiif "lo" accept',
    ...chainRules('inbound'),
    '\t}',
    '',
    '\tchain output {',
    rules.some((rule) => rule.direction === 'outbound') ? '\t\t# Outbound connections are not restricted; the rules below are what Backup Exec needs if they are.' : '\t\t# Outbound connections are not restricted.',
    '\t\ttype filter hook output priority filter; policy accept;',
    ...chainRules('outbound'),
    '\t}',
    '}',
  ];
  return `${lines.join('\n')}\n`;
}
