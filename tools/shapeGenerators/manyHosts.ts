import { Draw } from '../seededRandom';
import type { BenchSite } from '../shapes';
import { AddressPlan, IPV4 } from './addressPlan';
import { drawRules } from './drawnRules';
import { host, manifest, ruleFile, yamlRule, type YamlRule } from './yamlFiles';
import { siteCount } from './yamlShapes';

/**
 * A large estate: two Backup Exec servers, a console, remote computers with
 * mixed agents and features (every 25th a whole /28) spread over sites, a
 * network firewall per site and host firewalls on some hosts. Site firewalls
 * share a rule file per `sitesPerFile` sites (first-match); the host
 * firewalls share a block-wins file. The rule count is the total, split
 * evenly over the files. ESTATE_500 is the `hosts500` bench shape; ESTATE_200
 * the flow map bench's site of 200 hosts and 10 firewalls.
 */
export interface Estate {
  readonly remoteComputers: number;
  readonly sites: number;
  readonly sitesPerFile: number;
  /** The hosts that have a host firewall. */
  readonly hostFirewalls: readonly string[];
}

/** 500 hosts in 16 sites, 20 firewalls sharing 5 rule files. */
export const ESTATE_500: Estate = { remoteComputers: 497, sites: 16, sitesPerFile: 4, hostFirewalls: ['be01', 'be02', 'admin01', 'rc1'] };
/** 200 hosts, 8 network and 2 host firewalls (the servers') sharing 3 rule files. */
export const ESTATE_200: Estate = { remoteComputers: 197, sites: 8, sitesPerFile: 4, hostFirewalls: ['be01', 'be02'] };

const SERVERS = ['be01', 'be02'];
const HOSTS_FILE = 'hosts.fwrules.yaml';
const siteFile = (file: number) => `sites-${file}.fwrules.yaml`;
const siteSubnet = (site: number) => `10.${10 + site}.0.0/16`;

/** Remote computer i of an estate of `sites` sites: its site, and an address there (every 25th a /28 of a cluster). */
function remoteComputer(i: number, sites: number): { site: number; entry: string } {
  const site = i % sites;
  const n = Math.floor(i / sites);
  const address = i % 25 === 0 ? `10.${10 + site}.200.${(n % 16) * 16}/28` : `10.${10 + site}.${n >> 8}.${(n & 255) + 1}`;
  const features = [i % 3 === 0 ? 'client-side-deduplication' : '', i % 7 === 0 ? 'oracle' : ''].filter(Boolean);
  const extra = `, agent: ${i % 20 === 0 ? 'linux' : 'windows'}${features.length > 0 ? `, features: [${features.join(', ')}]` : ''}`;
  return { site, entry: host(`rc${i}`, 'remote-computer', address, extra) };
}

/** The flows of a site's remote computers through its network firewall: control and data in; Agent Browser, the server range, Oracle and deduplication out. */
function siteRules(site: number): YamlRule[] {
  const subnet = siteSubnet(site);
  return [
    { name: `BE to site${site}`, action: 'allow', protocol: 'tcp', from: SERVERS, to: [subnet], ports: ['10000', '50100-50149'] },
    { name: `site${site} to BE`, action: 'allow', protocol: 'tcp', from: [subnet], to: SERVERS, ports: ['6101', '5633', '10082', '10102', '50000-50049'] },
  ];
}

/** The host firewalls' Backup Exec rules: the servers reach the agents; the agents reach the servers; the console manages them (predefined Windows rules). */
const HOST_RULES: YamlRule[] = [
  { name: 'BE to agents', action: 'allow', protocol: 'tcp', from: SERVERS, to: ['10.0.0.0/8'], ports: ['10000', '50100-50149'] },
  { name: 'agents to BE', action: 'allow', protocol: 'tcp', from: ['10.0.0.0/8'], to: SERVERS, ports: ['6101', '5633', '10082', '10102', '50000-50049'] },
  { name: 'console to BE', action: 'allow', protocol: 'tcp', from: ['admin01'], to: SERVERS, ports: [], windowsRules: ['Remote Service Management (RPC-EPMAP)', 'Windows Management Instrumentation (WMI-In)'] },
];

export function manyHosts(ruleCount: number, seed: number, estate: Estate = ESTATE_500): BenchSite {
  const { sites, sitesPerFile } = estate;
  const computers = Array.from({ length: estate.remoteComputers }, (_, i) => remoteComputer(i, sites));
  const hosts = [
    host('be01', 'backup-exec-server', '10.0.1.10', ', features: [deduplication-storage]'),
    host('be02', 'backup-exec-server', '10.0.1.11'),
    host('admin01', 'remote-administration-console', '10.0.3.5'),
    ...computers.map((computer) => computer.entry),
  ];
  const networkFirewalls = Array.from({ length: sites }, (_, site) => {
    const names = computers.flatMap((computer, i) => (computer.site === site ? [`rc${i}`] : []));
    return `  - { name: fw-site${site}, rules: ${siteFile(Math.floor(site / sitesPerFile))}, protects: [${names.join(', ')}] }`;
  });
  const hostFirewalls = estate.hostFirewalls.map((name) => `  - { name: ${name}-host, rules: ${HOSTS_FILE}, host: ${name} }`);
  const files: Record<string, string> = { 'estate.bexnet.yaml': manifest(hosts, [...networkFirewalls, ...hostFirewalls]) };

  const draw = new Draw(seed);
  const plan = new AddressPlan(draw, IPV4, siteCount(ruleCount));
  const fileCount = Math.ceil(sites / sitesPerFile) + 1;
  for (let file = 0; file < fileCount; file++) {
    // The first files take the remainder, so that the files add up to ruleCount.
    const count = Math.floor(ruleCount / fileCount) + (file < ruleCount % fileCount ? 1 : 0);
    const isHosts = file === fileCount - 1;
    const fileSites = Array.from({ length: sitesPerFile }, (_, i) => file * sitesPerFile + i).filter((site) => site < sites);
    const backupExec = (isHosts ? HOST_RULES : fileSites.flatMap(siteRules)).slice(0, count);
    const bulk = drawRules(draw, plan, count - backupExec.length, { anySource: 0.05, anyDestination: 0.05 }, file * ruleCount).map(yamlRule);
    const name = isHosts ? HOSTS_FILE : siteFile(file);
    files[name] = ruleFile(`Generated ${name}`, isHosts ? 'block-wins' : 'first-match', [...backupExec, ...bulk]);
  }
  return { files, edited: siteFile(0), languageId: 'befw-rules', yamlLanguageServer: true };
}

/** rc12 → rc12.branch12.corp.example.com; fw-site3 → 東京拠点3 ファイアウォール (host names are ASCII by the schema, firewall names free text). */
export function namedLikeUsers(manifest: string): string {
  return manifest.replace(/\brc(\d+)\b/g, 'rc$1.branch$1.corp.example.com').replace(/\bfw-site(\d+)\b/g, '東京拠点$1 ファイアウォール');
}
