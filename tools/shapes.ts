import { collectorExport } from './shapeGenerators/collectorShape';
import { iptablesSave, nftRuleset } from './shapeGenerators/linuxShapes';
import { manyHosts } from './shapeGenerators/manyHosts';
import { netshShowExport } from './shapeGenerators/netshShowShape';
import { registryExport } from './shapeGenerators/registryShape';
import { netshScript, powershellScript } from './shapeGenerators/scriptShapes';
import { addressRanges, anyEndpoints, ipv6Prefixes, singleAddresses, subnets } from './shapeGenerators/yamlShapes';

/**
 * The shapes of sites users have, generated from a seed for the benches
 * (`npm run bench`) and the tests: one table, one row per shape.
 */

/** A generated site: its files, and the one file an editor opens and edits. */
export interface BenchSite {
  /** File names to their text; the manifest first. */
  readonly files: Readonly<Record<string, string>>;
  readonly edited: string;
  /** The languageId an editor opens `edited` with (the server reads .ps1 and .cmd by theirs: powershell, bat). */
  readonly languageId: string;
  /** Whether yaml-language-server can check `edited` (a YAML rule file) for comparison. */
  readonly yamlLanguageServer: boolean;
}

export interface Shape {
  readonly id: string;
  /** What the shape is, in one line (a README row). */
  readonly title: string;
  generate(ruleCount: number, seed?: number): BenchSite;
}

export const SHAPES: readonly Shape[] = [
  {
    id: 'single',
    title: 'single addresses, none inside another (the first bench\'s shape; the seed changes nothing)',
    generate: (ruleCount) => singleAddresses(ruleCount),
  },
  {
    id: 'subnets',
    title: 'subnets /8 to /30 on both sides, nested and overlapping, 1 block rule in 5, ports spread over 39,000 values: some rules shadowed',
    generate: (ruleCount, seed = 1) => subnets(ruleCount, seed),
  },
  {
    id: 'any',
    title: 'as subnets, with 15% of the rules from any source and 15% to any destination',
    generate: (ruleCount, seed = 1) => anyEndpoints(ruleCount, seed),
  },
  {
    id: 'ipv6',
    title: 'IPv6 prefixes /32 to /126, nested and overlapping; the manifest\'s hosts on IPv6',
    generate: (ruleCount, seed = 1) => ipv6Prefixes(ruleCount, seed),
  },
  {
    id: 'ranges',
    title: 'as subnets, 40% of the endpoints written as address ranges (a.b.c.d-e.f.g.h)',
    generate: (ruleCount, seed = 1) => addressRanges(ruleCount, seed),
  },
  {
    id: 'hosts500',
    title: '500 hosts, 16 network and 4 host firewalls sharing 5 rule files; rules: the total over the 5 files',
    generate: (ruleCount, seed = 1) => manyHosts(ruleCount, seed),
  },
  {
    id: 'netsh',
    title: 'a batch file of netsh add rule commands (variables, ^ continuations, address and port lists) as a host firewall',
    generate: (ruleCount, seed = 1) => netshScript(ruleCount, seed),
  },
  {
    id: 'powershell',
    title: 'a PowerShell script of New-NetFirewallRule commands (variables, backtick continuations, lists) as a host firewall',
    generate: (ruleCount, seed = 1) => powershellScript(ruleCount, seed),
  },
  {
    id: 'registry',
    title: 'a reg export of the Group Policy and local firewall stores (rule strings, escaped paths, profiles) as a host firewall',
    generate: (ruleCount, seed = 1) => registryExport(ruleCount, seed),
  },
  {
    id: 'netsh-show',
    title: 'a netsh advfirewall firewall show rule export (masks, ranges, lists, LocalSubnet, profile mixes, disabled and verbose records) as a host firewall',
    generate: (ruleCount, seed = 1) => netshShowExport(ruleCount, seed),
  },
  {
    id: 'collector',
    title: 'a host firewall as the befw collector exports it (JSON: GPO and local rules, profiles, disabled rules, address lists)',
    generate: (ruleCount, seed = 1) => collectorExport(ruleCount, seed),
  },
  {
    id: 'iptables',
    title: 'an Agent for Linux host\'s iptables-save: INPUT policy DROP jumping to a user chain per subnet (400 rules each), multiport lists and a:b ranges, counters, REJECT/RETURN/LOG, conntrack, ipset and interface matches, a nat table',
    generate: (ruleCount, seed = 1) => iptablesSave(ruleCount, seed),
  },
  {
    id: 'nftables',
    title: 'the same host as nft list ruleset prints it: an inet table with a named set, jumps to a chain per subnet, anonymous sets and a-b ranges, counters, a second input base chain at priority -10',
    generate: (ruleCount, seed = 1) => nftRuleset(ruleCount, seed),
  },
];

export function shapeById(id: string): Shape {
  const shape = SHAPES.find((s) => s.id === id);
  if (!shape) throw new Error(`no shape "${id}": ${SHAPES.map((s) => s.id).join(', ')}`);
  return shape;
}
