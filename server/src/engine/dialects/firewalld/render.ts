import type { GeneratedRule } from '../types';
import { escaped, richRuleTexts } from './richText';

/**
 * A whole zone file (firewalld.zone(5)) that allows exactly `rules` inbound, as rich rules. It has no
 * target, so everything else is rejected. Established and related traffic and loopback need no rule:
 * firewalld accepts them in its INPUT chain before any zone is consulted (firewalld 1.3.3
 * src/firewall/core/nftables.py build_default_rules: "ct state established,related accept",
 * "iifname lo accept"). Zones do not filter outbound traffic (parse.ts), so outbound rules get none.
 */
export function renderFirewalldZone(rules: readonly GeneratedRule[], header: string): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<!--',
    `  ${comment(header)}`,
    '  Save it as /etc/firewalld/zones/<zone>.xml: firewalld names the zone after the file (17 characters at most).',
    '  Made the host\'s active zone, it replaces what the zone there allows now, SSH included: only the rules',
    '  below are allowed in, everything else is rejected. Established and related connections and loopback',
    '  traffic are accepted by firewalld before any zone.',
    '-->',
    '<zone>',
    '  <short>Backup Exec</short>',
    `  <description>${escaped(header)}</description>`,
  ];
  for (const rule of rules) {
    lines.push(`  <!-- ${comment(rule.description)} -->`);
    if (rule.direction === 'outbound') {
      lines.push('  <!-- outbound: a zone does not filter outbound traffic, which firewalld lets out; no rule needed -->');
      continue;
    }
    lines.push(...richRuleTexts(rule).map((text) => `  ${text}`));
  }
  lines.push('</zone>');
  return `${lines.join('\n')}\n`;
}

/** Text an XML comment may hold: no "--" in it, and no "-" at its end. */
function comment(text: string): string {
  return text.replace(/-(?=-)/g, '- ').replace(/-$/, '- ').replace(/[\r\n]+/g, ' ');
}
