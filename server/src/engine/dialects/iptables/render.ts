import { parseAddressOrCidr } from '../../util/address';
import type { GeneratedRule } from '../types';
import { acceptLines } from './ruleText';

/**
 * A whole iptables-save file for `befw generate --dialect iptables`: the filter table dropping what
 * no rule accepts, loopback and the packets of connections already made let through (or the host
 * stops working), and one accept rule per Backup Exec flow. Line ends are LF: iptables-restore
 * refuses CRLF (NOTES.md).
 */
export function renderIptablesSave(rules: readonly GeneratedRule[], header: string): string {
  const lines = [
    ...header.split(/\r?\n/).map((line) => `# ${line}`),
    '# Restoring this file (iptables-restore < file) replaces every rule of the filter table on the host, SSH',
    "# access included: add the host's own rules (SSH, monitoring) before you restore it.",
    '*filter',
    ':INPUT DROP [0:0]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    '-A INPUT -i lo -j ACCEPT',
    '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  ];
  for (const rule of rules) {
    const chain = rule.direction === 'inbound' ? 'INPUT' : 'OUTPUT';
    const ipv6 = [...rule.sources, ...rule.destinations].filter((address) => parseAddressOrCidr(address)?.family === 6);
    // An iptables-save holds IPv4 only: such a rule belongs in the host's ip6tables rules, which this file is not.
    if (ipv6.length > 0) lines.push(`# Not written: ${oneLine(rule.name)} needs IPv6 (${ipv6.join(', ')}); add it to the host's ip6tables rules.`);
    else lines.push(`# ${oneLine(rule.description)}`, ...acceptLines(rule, chain));
  }
  lines.push('COMMIT', '');
  return lines.join('\n');
}

const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ');
