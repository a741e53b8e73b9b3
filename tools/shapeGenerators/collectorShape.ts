import { Draw } from '../seededRandom';
import type { BenchSite } from '../shapes';
import { ANY, AddressPlan, IPV4, type Block } from './addressPlan';
import { drawRules, portText } from './drawnRules';
import { host, manifest } from './yamlFiles';
import { siteCount } from './yamlShapes';

/**
 * The firewall of sql01 as the befw collector script exports it on the host (docs/collector.md),
 * bound as sql01's host firewall: Backup Exec's rule first, then the bulk, every value by name,
 * lists as lists, Windows line ends. A share of the rules comes from a GPO, is limited to some
 * profiles or is disabled; LocalSubnet alone is resolved on the host (BEX018, information).
 */

const RANGE_SHARE = 0.2;
const GPO = 'corp.example.com\\Server firewall baseline';
const PROFILES = [['Any'], ['Domain'], ['Domain', 'Private']] as const;

interface ExportedRule {
  readonly name: string;
  readonly displayName: string;
  readonly enabled: boolean;
  readonly direction: 'Inbound' | 'Outbound';
  readonly action: 'Allow' | 'Block';
  readonly profiles: readonly string[];
  readonly protocol: string;
  readonly localPorts: readonly string[];
  readonly remotePorts: readonly string[];
  readonly localAddresses: readonly string[];
  readonly remoteAddresses: readonly string[];
  readonly program: string;
  readonly service: string;
  readonly policyStoreSource: string;
  readonly policyStoreSourceType: string;
}

/** A rule's Name: user rules get a GUID in braces, made here from the rule's index. */
const guid = (index: number) => `{6b1e0c2a-0f4d-4a51-9c3e-${index.toString(16).padStart(12, '0')}}`;

export function collectorExport(ruleCount: number, seed: number): BenchSite {
  const draw = new Draw(seed);
  const plan = new AddressPlan(draw, IPV4, siteCount(ruleCount), RANGE_SHARE);
  const addresses = (blocks: readonly Block[]) => (blocks[0] === ANY ? ['Any'] : [...blocks.map((block) => block.text), ...(draw.chance(0.02) ? ['LocalSubnet'] : [])]);
  const fromGpo = (gpo: boolean) => ({ program: 'Any', service: 'Any', policyStoreSource: gpo ? GPO : 'PersistentStore', policyStoreSourceType: gpo ? 'GroupPolicy' : 'Local' });
  const backupExec: ExportedRule = {
    name: guid(0),
    displayName: 'Backup Exec control and data',
    enabled: true,
    direction: 'Inbound',
    action: 'Allow',
    profiles: ['Any'],
    protocol: 'TCP',
    localPorts: ['10000', '50100-50149'],
    remotePorts: ['Any'],
    localAddresses: ['Any'],
    remoteAddresses: ['10.0.1.10'],
    ...fromGpo(true),
  };
  const bulk = drawRules(draw, plan, ruleCount - 1, { anySource: 0.05, anyDestination: 0 }).map((rule, i): ExportedRule => {
    const inbound = !draw.chance(0.1);
    const ports = rule.ports.map(portText);
    return {
      name: guid(i + 1),
      displayName: rule.name,
      enabled: !draw.chance(0.05),
      direction: inbound ? 'Inbound' : 'Outbound',
      action: rule.action === 'allow' ? 'Allow' : 'Block',
      profiles: draw.pick(PROFILES),
      // Windows refuses ports on a rule of any protocol: TCP or UDP.
      protocol: rule.protocol === 'udp' ? 'UDP' : 'TCP',
      localPorts: inbound ? ports : ['Any'],
      remotePorts: inbound ? ['Any'] : ports,
      localAddresses: ['Any'],
      remoteAddresses: addresses(inbound ? rule.from : rule.to),
      ...fromGpo(draw.chance(0.3)),
    };
  });
  const exported = {
    format: 'befw-windows-firewall',
    version: 1,
    host: 'SQL01',
    manifestHost: 'sql01',
    collectedAt: '2026-03-02T09:41:07.5512930Z',
    powershell: '7.4.6',
    connections: [{ interfaceAlias: 'Ethernet0', network: 'corp.example.com', networkCategory: 'DomainAuthenticated' }],
    profiles: ['Domain', 'Private', 'Public'].map((name) => ({ name, enabled: true, defaultInboundAction: 'Block', defaultOutboundAction: 'Allow', allowInboundRules: true })),
    rules: [backupExec, ...bulk].slice(0, ruleCount),
  };
  const file = 'sql01.befw-firewall.json';
  const hosts = [host('be01', 'backup-exec-server', '10.0.1.10'), host('sql01', 'remote-computer', '10.0.2.20')];
  return {
    files: { 'site.bexnet.yaml': manifest(hosts, [`  - { name: sql01-host, rules: ${file}, host: sql01 }`]), [file]: `${JSON.stringify(exported, null, 2)}\n`.replace(/\n/g, '\r\n') },
    edited: file,
    languageId: 'json',
    yamlLanguageServer: false,
  };
}
