import { portChunks } from '../iptables/ruleText';
import type { GeneratedRule } from '../types';

/**
 * A rule as ufw 0.36.2 writes it into user.rules (backend_iptables.py `_write_rules`, common.py
 * `format_rule`): a `### tuple ###` line, `action proto dport dst sport src direction` and
 * ` comment=<hex of the UTF-8 text>` (FORMATS.md 2d), then the iptables rule: `-A ufw-user-input -p tcp`,
 * `-m multiport --dports a,b:c` when the ports are several or a range, `-d dst`, `--dport n` for one
 * port, `-s src`, `-j ACCEPT`. A tuple has one source and one destination, and at most 15 counted
 * ports (ufw's set_port: "Limitation of iptables"): a rule with more is written as several tuples.
 */
export function tupleBlocks(rule: GeneratedRule, family: 4 | 6): string[][] {
  const anywhere = family === 6 ? '::/0' : '0.0.0.0/0';
  const prefix = family === 6 ? 'ufw6' : 'ufw';
  const chain = `${prefix}-user-${rule.direction === 'inbound' ? 'input' : 'output'}`;
  const comment = ` comment=${hexOf(rule.name)}`;
  const blocks: string[][] = [];
  for (const source of rule.sources.length > 0 ? rule.sources : [anywhere]) {
    for (const destination of rule.destinations.length > 0 ? rule.destinations : [anywhere]) {
      for (const ports of portChunks(rule.ports)) {
        const dport = ports.join(',');
        const multi = ports.length > 1 || dport.includes(':');
        const tuple = `### tuple ### allow ${rule.protocol} ${dport} ${destination} any ${source} ${rule.direction === 'inbound' ? 'in' : 'out'}${comment}`;
        const match = [
          `-A ${chain} -p ${rule.protocol}`,
          multi ? ` -m multiport --dports ${dport}` : '',
          destination !== anywhere ? ` -d ${destination}` : '',
          multi ? '' : ` --dport ${dport}`,
          source !== anywhere ? ` -s ${source}` : '',
          ' -j ACCEPT',
        ].join('');
        blocks.push([tuple, match]);
      }
    }
  }
  return blocks;
}

/** ufw's util.hex_encode: the UTF-8 bytes as lower-case hex. */
function hexOf(text: string): string {
  return Array.from(new TextEncoder().encode(text), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
