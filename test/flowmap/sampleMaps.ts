import type { Location } from 'vscode-languageserver-types';
import type { FlowCrossing, FlowMap, FlowMapFirewall, FlowMapFlow, FlowMapHost, FlowState } from '../../server/src/engine';

/**
 * Flow maps written by hand for the layout and SVG tests: only what a test
 * cares about is spelled, the rest (places, addresses, counts) is filled in
 * plausibly. Hosts' `behind` and `hostFirewall` follow the firewalls.
 */
export const MANIFEST = 'file:///site/site.bexnet.yaml';

const ROLE_NAMES: Record<string, string> = {
  'backup-exec-server': 'Backup Exec server',
  'remote-computer': 'Remote computer',
  'remote-administration-console': 'Remote Administration Console',
  'm365-endpoints': 'Microsoft 365 endpoints',
};

export const place = (line = 0, uri = MANIFEST): Location => ({ uri, range: { start: { line, character: 0 }, end: { line, character: 1 } } });

export interface HostSpec {
  readonly name: string;
  readonly role?: string;
  readonly agent?: 'windows' | 'linux';
}

export interface FirewallSpec {
  readonly name: string;
  readonly kind?: 'network' | 'host';
  readonly hosts: readonly string[];
}

export interface FlowSpec {
  readonly from: string;
  readonly to: string;
  readonly service?: string;
  readonly serviceId?: string;
  readonly ports?: string;
  readonly state?: FlowState;
  /** Firewalls it crosses, each with the flow's state there (the flow's own state unless given). */
  readonly through?: readonly (string | { readonly firewall: string; readonly state: FlowState; readonly status?: string })[];
}

export interface MapSpec {
  readonly hosts: readonly (string | HostSpec)[];
  readonly firewalls?: readonly FirewallSpec[];
  readonly flows?: readonly FlowSpec[];
  readonly truncated?: FlowMap['truncated'];
}

const STATUS: Record<FlowState, string> = {
  allowed: 'allowed',
  partial: 'partly blocked: some ports are not allowed',
  blocked: 'blocked: no rule allows it',
  unknown: 'not checked: rule file missing',
};

export function sampleMap(spec: MapSpec): FlowMap {
  const firewalls: FlowMapFirewall[] = (spec.firewalls ?? []).map((firewall, i) => ({
    name: firewall.name,
    kind: firewall.kind ?? 'network',
    hosts: firewall.hosts,
    ruleFiles: [{ path: `${firewall.name}.fwrules.yaml`, uri: `file:///site/${firewall.name}.fwrules.yaml` }],
    place: place(20 + i),
    allowed: 0,
    total: 0,
  }));
  const hosts: FlowMapHost[] = spec.hosts.map((entry, i) => {
    const { name, role = 'remote-computer', agent = 'windows' } = typeof entry === 'string' ? { name: entry } : entry;
    return {
      name,
      role,
      roleName: ROLE_NAMES[role] ?? role,
      address: `10.0.${i >> 8}.${(i & 255) + 1}`,
      agent,
      features: [],
      place: place(10 + i),
      hostFirewalls: firewalls.filter((firewall) => firewall.kind === 'host' && firewall.hosts.includes(name)).map((firewall) => firewall.name),
      behind: firewalls.filter((firewall) => firewall.kind === 'network' && firewall.hosts.includes(name)).map((firewall) => firewall.name),
    };
  });
  const flows = (spec.flows ?? []).map(sampleFlow);
  return { manifestUri: MANIFEST, hosts, firewalls, flows, findings: [], ...(spec.truncated ? { truncated: spec.truncated } : {}) };
}

function sampleFlow(spec: FlowSpec): FlowMapFlow {
  const { from, to, service = 'Remote Agent control connection (NDMP)', ports = 'TCP 10000', state = 'allowed' } = spec;
  const serviceId = spec.serviceId ?? service.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const crossings: FlowCrossing[] = (spec.through ?? []).map((through) => {
    const { firewall, state: at, status } = typeof through === 'string' ? { firewall: through, state, status: STATUS[state] } : { status: STATUS[through.state], ...through };
    const rules = `file:///site/${firewall}.fwrules.yaml`;
    const allowedBy = at === 'allowed' ? [{ name: `allow ${serviceId}`, place: place(3, rules) }] : [];
    // A blocked or partly allowed crossing is reported by a diagnostic, in the firewall's rule file.
    const reported = at === 'blocked' || at === 'partial';
    const finding = { code: at === 'partial' ? 'BEX101' : 'BEX100', severity: 'error' as const, message: `${service} ${status}`, place: place(4, rules) };
    return { firewall, direction: 'inbound', state: at, status, allowedBy, ...(reported ? { finding } : {}) };
  });
  return { id: `${serviceId}:${from}>${to}`, serviceId, service, from, to, ports, state, crossings, sources: [{ id: 'KB100017208', title: 'Backup Exec ports' }], reveal: { kind: 'manifest', place: place(1) } };
}

/**
 * A site shaped like the bench's: 2 servers, a console and remote computers
 * spread over `networkFirewalls` network firewalls (every 10th outside all),
 * host firewalls on both servers; each remote computer has four flows with
 * each server, every third a deduplication flow more; states mixed.
 */
export function syntheticMap(hostCount: number, networkFirewalls: number): FlowMap {
  const computers = Array.from({ length: hostCount - 3 }, (_, i) => `rc${i}`);
  const states: FlowState[] = ['allowed', 'allowed', 'partial', 'blocked', 'unknown'];
  const flows: FlowSpec[] = ['be01', 'be02'].flatMap((server, s) => [
    { from: 'admin01', to: server, service: 'Remote Administration Console', ports: '"Remote Service Management (RPC-EPMAP)"' },
    ...computers.flatMap((rc, i) => {
      const state = states[(i + s) % states.length];
      const through = i % 10 === 9 ? [] : [`fw${i % networkFirewalls}`];
      const own = [
        { from: server, to: rc, service: 'Remote Agent control connection (NDMP)', ports: 'TCP 10000', state, through },
        { from: server, to: rc, service: 'Remote Agent data connections', ports: 'TCP 50100-50149', state, through },
        { from: rc, to: server, service: 'Agent Browser', ports: 'TCP 6101', state, through },
        { from: rc, to: server, service: 'Backup Exec server dynamic range', ports: 'TCP 50000-50049', state, through },
      ];
      return i % 3 === 0 ? [...own, { from: rc, to: server, service: 'Client-side deduplication', ports: 'TCP 10102', state, through }] : own;
    }),
  ]);
  return sampleMap({
    hosts: [{ name: 'be01', role: 'backup-exec-server' }, { name: 'be02', role: 'backup-exec-server' }, { name: 'admin01', role: 'remote-administration-console' }, ...computers],
    firewalls: [
      ...Array.from({ length: networkFirewalls }, (_, f) => ({ name: `fw${f}`, hosts: computers.filter((_, i) => i % 10 !== 9 && i % networkFirewalls === f) })),
      { name: 'be01-host', kind: 'host', hosts: ['be01'] },
      { name: 'be02-host', kind: 'host', hosts: ['be02'] },
    ],
    flows,
  });
}
