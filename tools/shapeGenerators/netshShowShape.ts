import { Draw } from '../seededRandom';
import type { BenchSite } from '../shapes';
import { ANY, AddressPlan, IPV4, type Block } from './addressPlan';
import { drawRules, portText } from './drawnRules';
import { host, manifest } from './yamlFiles';
import { siteCount } from './yamlShapes';

/**
 * The host firewall of sql01 as `netsh advfirewall firewall show rule name=all` prints it (FORMATS.md
 * 1a): labels padded to column 39, 70 hyphens under each name, CRLF, `Ok.` at the end. Subnets are
 * written with masks as netsh writes them, beside ranges, lists and LocalSubnet; rules in every
 * mix of profiles, one in ten disabled, some ICMP rules, and some records in the verbose layout.
 * Backup Exec's rule comes first, then the bulk drawn from an address plan.
 */

const RANGE_SHARE = 0.2;
const SEPARATOR = '-'.repeat(70);
const SQL01 = '10.0.2.20';
const PROFILES: readonly (readonly [string, number])[] = [
  ['Domain,Private,Public', 50],
  ['Domain', 20],
  ['Domain,Private', 10],
  ['Private,Public', 10],
  ['Private', 5],
  ['Public', 5],
];
const GROUPINGS: readonly (readonly [string, number])[] = [
  ['', 60],
  ['Line of business', 20],
  ['@FirewallAPI.dll,-28502', 10],
  ['Remote Service Management', 10],
];

/** A field as netsh prints it: the label and its padding take 38 characters. */
const field = (label: string, value: string) => `${label}:`.padEnd(38) + value;

/** `10.20.0.0/16` as netsh prints it, `10.20.0.0/255.255.0.0`; ranges as they are. */
function written(block: Block): string {
  if (block === ANY) return 'Any';
  const slash = block.text.indexOf('/');
  if (slash === -1) return block.text;
  const length = Number(block.text.slice(slash + 1));
  const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
  return `${block.text.slice(0, slash)}/${[24, 16, 8, 0].map((shift) => (mask >>> shift) & 255).join('.')}`;
}

interface ShownRule {
  readonly name: string;
  readonly inbound: boolean;
  readonly action: 'Allow' | 'Block';
  /** TCP, UDP or ICMPv4: an ICMP rule has no port lines. */
  readonly protocol: string;
  readonly remote: string;
  readonly ports: string;
  /** Enabled in every profile whatever is drawn: Backup Exec's own rule. */
  readonly everywhere?: boolean;
}

/** The lines of one rule; `verbose` adds what `show rule … verbose` adds. */
function record(draw: Draw, rule: ShownRule, verbose: boolean): string[] {
  const local = draw.chance(0.1) ? `${SQL01}/255.255.255.255` : 'Any';
  const lines = [field('Rule Name', rule.name), SEPARATOR];
  if (verbose) lines.push(field('Description', `Opened for ${rule.name} (change ${draw.int(1000, 9999)}).`));
  lines.push(
    field('Enabled', draw.chance(0.1) && !rule.everywhere ? 'No' : 'Yes'),
    field('Direction', rule.inbound ? 'In' : 'Out'),
    field('Profiles', rule.everywhere ? PROFILES[0][0] : draw.weighted(PROFILES)),
    field('Grouping', draw.weighted(GROUPINGS)),
    field('LocalIP', local),
    field('RemoteIP', rule.remote),
    field('Protocol', rule.protocol),
  );
  // Backup Exec connects from dynamic ports: the other side's port stays Any.
  if (rule.protocol !== 'ICMPv4') lines.push(field('LocalPort', rule.inbound ? rule.ports : 'Any'), field('RemotePort', rule.inbound ? 'Any' : rule.ports));
  else lines.push(' '.repeat(38) + 'Type    Code', ' '.repeat(38) + '8       Any');
  lines.push(field('Edge traversal', 'No'));
  if (verbose) {
    lines.push(field('Program', 'Any'), field('Service', 'Any'), field('InterfaceTypes', 'Any'), field('Security', 'NotRequired'), field('Rule source', 'Local Setting'));
  }
  lines.push(field('Action', rule.action));
  return lines;
}

export function netshShowExport(ruleCount: number, seed: number): BenchSite {
  const draw = new Draw(seed);
  const plan = new AddressPlan(draw, IPV4, siteCount(ruleCount), RANGE_SHARE);
  const backupExec: ShownRule = { name: 'Backup Exec Remote Agent for Windows', inbound: true, action: 'Allow', protocol: 'TCP', remote: '10.0.1.10/255.255.255.255', ports: '10000,50100-50149', everywhere: true };
  const bulk = drawRules(draw, plan, ruleCount - 1, { anySource: 0.05, anyDestination: 0 }).map((drawn): ShownRule => {
    const inbound = !draw.chance(0.1);
    const remote = (inbound ? drawn.from : drawn.to).map(written);
    if (draw.chance(0.02)) remote.push('LocalSubnet');
    const protocol = draw.chance(0.03) ? 'ICMPv4' : drawn.protocol === 'udp' ? 'UDP' : 'TCP';
    return { name: `${drawn.name} (${protocol}-${inbound ? 'In' : 'Out'})`, inbound, action: drawn.action === 'allow' ? 'Allow' : 'Block', protocol, remote: remote.join(','), ports: drawn.ports.map(portText).join(',') };
  });
  const records = [backupExec, ...bulk].slice(0, ruleCount).map((rule) => record(draw, rule, draw.chance(0.15)).join('\r\n'));
  const text = `\r\n${records.join('\r\n\r\n')}\r\nOk.\r\n`;
  const hosts = [host('be01', 'backup-exec-server', '10.0.1.10'), host('sql01', 'remote-computer', SQL01)];
  return {
    files: { 'site.bexnet.yaml': manifest(hosts, ['  - { name: sql01-host, rules: sql01.netsh-show.txt, host: sql01 }']), 'sql01.netsh-show.txt': text },
    edited: 'sql01.netsh-show.txt',
    languageId: 'befw-netsh-show',
    yamlLanguageServer: false,
  };
}
