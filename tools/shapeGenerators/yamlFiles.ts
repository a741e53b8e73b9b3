import type { Block } from './addressPlan';
import { portText, type DrawnRule } from './drawnRules';

/** The text of generated manifests and YAML rule files, laid out as the first bench's generator wrote them. */

export const SETTINGS = [
  'settings:',
  '  dynamicPorts: { server: { enabled: true, range: 50000-50049 }, agent: { enabled: true, range: 50100-50149 } }',
  '  concurrentJobs: 4',
];

export function manifest(hosts: readonly string[], firewalls: readonly string[]): string {
  return ['version: 1', ...SETTINGS, 'hosts:', ...hosts, 'firewalls:', ...firewalls, ''].join('\n');
}

/** A host entry; IPv6 addresses are quoted, as their colons would otherwise read as YAML. */
export function host(name: string, role: string, address: string, extra = ''): string {
  return `  - { name: ${name}, role: ${role}, address: ${address.includes(':') ? `"${address}"` : address}${extra} }`;
}

export interface YamlRule {
  readonly name: string;
  readonly action: string;
  readonly protocol: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly ports: readonly string[];
  /** Predefined Windows rules the rule enables, written instead of its ports. */
  readonly windowsRules?: readonly string[];
  /** Written after the name, e.g. "   # control and data". */
  readonly comment?: string;
}

export function ruleFile(title: string, evaluation: 'first-match' | 'block-wins', rules: readonly YamlRule[]): string {
  const text = (rule: YamlRule) => {
    const opens = rule.windowsRules ? `windowsRules: [${rule.windowsRules.map((name) => `"${name}"`).join(', ')}]` : `ports: [${rule.ports.join(', ')}]`;
    return `  - name: ${rule.name}${rule.comment ?? ''}\n    action: ${rule.action}\n    protocol: ${rule.protocol}\n    from: [${rule.from.join(', ')}]\n    to: [${rule.to.join(', ')}]\n    ${opens}\n`;
  };
  return [`# ${title}`, 'version: 1', `evaluation: ${evaluation}`, 'defaults: { inbound: block, outbound: allow }', 'rules:', ...rules.map(text)].join('\n');
}

const endpointText = (block: Block) => (block.text.includes(':') ? `"${block.text}"` : block.text);

export function yamlRule(rule: DrawnRule): YamlRule {
  return { ...rule, from: rule.from.map(endpointText), to: rule.to.map(endpointText), ports: rule.ports.map(portText) };
}

/** The Backup Exec rules of a network firewall in front of `agents`, for `servers`: control and data in, Agent Browser and the server range out. */
export function backupExecRules(servers: readonly string[], agents: readonly string[]): YamlRule[] {
  return agents.flatMap((agent) => [
    { name: `BE to ${agent}`, action: 'allow', protocol: 'tcp', from: servers, to: [agent], ports: ['10000', '50100-50149'], comment: '   # control and data' },
    { name: `${agent} to BE`, action: 'allow', protocol: 'tcp', from: [agent], to: servers, ports: ['6101', '50000-50049'] },
  ]);
}
