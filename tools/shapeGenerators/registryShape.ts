import { Draw } from '../seededRandom';
import type { BenchSite } from '../shapes';
import { ANY, AddressPlan, IPV4, type Block } from './addressPlan';
import { drawRules, portText, type DrawnRule } from './drawnRules';
import { host, manifest } from './yamlFiles';
import { siteCount } from './yamlShapes';

/**
 * sql01's host firewall as `reg export` writes it: the Group Policy store and
 * the local store, each a FirewallRules key of `"{GUID}"="v2.30|…|"` values,
 * with the profile keys Group Policy sets. On disk regedit writes UTF-16LE with
 * a byte-order mark and CRLF line ends (FORMATS.md 1b); the bench is given the
 * decoded text, so only the CRLF line ends are kept here.
 */

const POLICY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall';
const LOCAL = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy';
const RANGE_SHARE = 0.2;
/** Share of the rules in the Group Policy store; the rest are local. */
const POLICY_SHARE = 0.3;
const PROFILES = ['Domain', 'Private', 'Public'];

function guid(draw: Draw): string {
  const hex = (digits: number) => Array.from({ length: digits }, () => draw.int(0, 15).toString(16)).join('').toUpperCase();
  return `{${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}}`;
}

/** One rule string as Windows writes it: single ports in LPort, ranges in LPort2_10, the remote side in RA4. */
function ruleString(draw: Draw, rule: DrawnRule, inbound: boolean): string {
  const side = inbound ? 'L' : 'R';
  const remote = (inbound ? rule.from : rule.to).filter((block: Block) => block !== ANY).map((block) => block.text);
  if (remote.length > 0 && draw.chance(0.02)) remote.push('LocalSubnet');
  const fields = [
    'v2.30',
    `Action=${rule.action === 'allow' ? 'Allow' : 'Block'}`,
    `Active=${draw.chance(0.9) ? 'TRUE' : 'FALSE'}`,
    `Dir=${inbound ? 'In' : 'Out'}`,
    // Ports need Protocol=6 or 17 before them ([MS-GPFAS] 2.2.2.19).
    `Protocol=${rule.protocol === 'udp' ? 17 : 6}`,
    ...(draw.chance(0.2) ? draw.pick([['Profile=Domain'], ['Profile=Domain', 'Profile=Private'], [`Profile=${draw.pick(PROFILES)}`]]) : []),
    ...rule.ports.map((port) => (port.low === port.high ? `${side}Port=${portText(port)}` : `${side}Port2_10=${portText(port)}`)),
    ...remote.map((address) => `RA4=${address}`),
    ...(draw.chance(0.3) ? [`App=%ProgramFiles%\\\\Contoso\\\\${rule.name}\\\\service.exe`] : []),
    `Name=${draw.chance(0.1) ? `${rule.name} \\"legacy\\" – réseau` : rule.name}`,
    `Desc=${draw.chance(0.5) ? '' : `Opened for ${rule.name}`}`,
  ];
  return `${fields.join('|')}|`;
}

export function registryExport(ruleCount: number, seed: number): BenchSite {
  const draw = new Draw(seed);
  const plan = new AddressPlan(draw, IPV4, siteCount(ruleCount), RANGE_SHARE);
  const backupExec = '"{0D7F3B2A-9C8E-4F61-B5A4-3E2D1C0B9A87}"="v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=10000|LPort2_10=50100-50149|RA4=10.0.1.10|Name=Backup Exec control and data|Desc=|"';
  const policy: string[] = [];
  const local: string[] = [backupExec];
  for (const rule of drawRules(draw, plan, ruleCount - 1, { anySource: 0.05, anyDestination: 0 })) {
    const line = `"${guid(draw)}"="${ruleString(draw, rule, !draw.chance(0.1))}"`;
    (draw.chance(POLICY_SHARE) ? policy : local).push(line);
  }
  const profile = (name: string) => [`[${POLICY}\\${name}]`, '"EnableFirewall"=dword:00000001', '"DefaultInboundAction"=dword:00000001', '"AllowLocalPolicyMerge"=dword:00000001', ''];
  const lines = [
    'Windows Registry Editor Version 5.00',
    '',
    ...profile('DomainProfile'),
    ...profile('PrivateProfile'),
    ...profile('PublicProfile'),
    `[${POLICY}\\FirewallRules]`,
    ...policy,
    '',
    `[${LOCAL}\\FirewallRules]`,
    ...local,
    '',
  ];
  const hosts = [host('be01', 'backup-exec-server', '10.0.1.10'), host('sql01', 'remote-computer', '10.0.2.20')];
  return {
    files: { 'site.bexnet.yaml': manifest(hosts, ['  - { name: sql01-host, rules: sql01.reg, host: sql01 }']), 'sql01.reg': lines.join('\r\n') },
    edited: 'sql01.reg',
    languageId: 'befw-reg',
    yamlLanguageServer: false,
  };
}
