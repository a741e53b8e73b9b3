import { parseAddressOrCidr } from '../../util/address';
import type { GeneratedRule } from '../types';
import { tupleBlocks } from './tuples';

/**
 * A whole /etc/ufw/user.rules for `befw generate --dialect ufw`, as ufw 0.36.2 writes one
 * (backend_iptables.py `_write_rules`): its chain declarations, the RULES section with one tuple and
 * rule per Backup Exec flow, the LOGGING section of its default level (low, ufw.conf) with incoming
 * denied, the RATE LIMITING section, COMMIT. Loopback and established connections need no rule here:
 * ufw's before.rules accepts them. IPv4 only (user6.rules holds IPv6).
 */

const CHAINS = ['user-input', 'user-output', 'user-forward', 'before-logging-input', 'before-logging-output', 'before-logging-forward', 'user-logging-input', 'user-logging-output', 'user-logging-forward', 'after-logging-input', 'after-logging-output', 'after-logging-forward', 'logging-deny', 'logging-allow', 'user-limit', 'user-limit-accept'];

/** The LOGGING and RATE LIMITING sections as in the user.rules capture of FORMATS.md 2d (logging low, incoming denied). */
const LOGGING = [
  '### LOGGING ###',
  '-A ufw-after-logging-input -j LOG --log-prefix "[UFW BLOCK] " -m limit --limit 3/min --limit-burst 10',
  '-A ufw-after-logging-forward -j LOG --log-prefix "[UFW BLOCK] " -m limit --limit 3/min --limit-burst 10',
  '-I ufw-logging-deny -m conntrack --ctstate INVALID -j RETURN -m limit --limit 3/min --limit-burst 10',
  '-A ufw-logging-deny -j LOG --log-prefix "[UFW BLOCK] " -m limit --limit 3/min --limit-burst 10',
  '-A ufw-logging-allow -j LOG --log-prefix "[UFW ALLOW] " -m limit --limit 3/min --limit-burst 10',
  '### END LOGGING ###',
  '',
  '### RATE LIMITING ###',
  '-A ufw-user-limit -m limit --limit 3/minute -j LOG --log-prefix "[UFW LIMIT BLOCK] "',
  '-A ufw-user-limit -j REJECT',
  '-A ufw-user-limit-accept -j ACCEPT',
  '### END RATE LIMITING ###',
];

export function renderUfwUserRules(rules: readonly GeneratedRule[], header: string): string {
  const lines = [
    ...header.split(/\r?\n/).map((line) => `# ${line}`),
    '# Installed as /etc/ufw/user.rules (then "ufw reload"), this replaces every rule given to ufw, SSH access',
    "# included: add the host's own rules (ufw allow OpenSSH) afterwards. /etc/default/ufw's policies stay.",
    '*filter',
    ...CHAINS.map((chain) => `:ufw-${chain} - [0:0]`),
    '### RULES ###',
  ];
  for (const rule of rules) {
    const ipv6 = [...rule.sources, ...rule.destinations].filter((address) => parseAddressOrCidr(address)?.family === 6);
    if (ipv6.length > 0) lines.push('', `# Not written: ${oneLine(rule.name)} needs IPv6 (${ipv6.join(', ')}); add it to /etc/ufw/user6.rules.`);
    // The service and its source above the rule's first tuple: ufw reads only tuple lines, and drops other comments when it rewrites the file.
    else tupleBlocks(rule, 4).forEach((block, i) => lines.push('', ...(i === 0 ? [`# ${oneLine(rule.description)}`] : []), ...block));
  }
  lines.push('', '### END RULES ###', '', ...LOGGING, 'COMMIT', '');
  return lines.join('\n');
}

const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ');
