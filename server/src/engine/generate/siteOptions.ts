import manifestSchema from '../../../../schemas/bexnet.schema.json';
import { dialectById } from '../dialects/registry';
import type { RuleDialect } from '../model/types';
import { parseAddressOrCidr, type AddressRange } from '../util/address';
import { excerpt } from '../util/excerpt';

/** What "Backup Exec: New site…" and `befw new-site` ask an admin; text fields as typed ("fs01=10.0.2.20, web01=10.0.2.30 linux"). */
export interface NewSiteOptions {
  /** The Backup Exec server, or its "name=address". */
  readonly server: SiteHost | string;
  /** The remote computers with an agent, or their "name=address[ linux], …". */
  readonly agents: readonly SiteAgent[] | string;
  /** `host`: the host firewall of each agent and of the server; `network`: one network firewall in front of the agents. */
  readonly firewall: FirewallKind;
  /** The dialect of the Windows hosts' firewalls, or of the network firewall. */
  readonly dialect: string;
  /** The dialect of the Linux agents' host firewalls; by default `dialect`, when that one fits Linux. */
  readonly linuxDialect?: string;
}

export interface SiteHost {
  readonly name: string;
  readonly address: string;
}

export interface SiteAgent extends SiteHost {
  /** The Agent for Windows unless said. */
  readonly agent?: AgentOs;
}

export type AgentOs = 'windows' | 'linux';
export type FirewallKind = 'host' | 'network';

/** The option a problem is about, so a client asks that one again. */
export type NewSiteField = 'server' | 'agents' | 'firewall' | 'dialect' | 'linuxDialect';

export interface SiteProblem {
  readonly error: string;
  readonly field: NewSiteField;
}

/** The options checked: names and addresses trimmed, dialects by id. */
export interface SiteSpec {
  readonly server: SiteHost;
  readonly agents: readonly (SiteHost & { readonly agent: AgentOs })[];
  readonly firewall: FirewallKind;
  readonly dialects: Readonly<Record<AgentOs, RuleDialect>>;
}

/** The dialects each kind of firewall is written in: Windows Defender Firewall, a Linux host's, a network firewall (our YAML only). */
export const SITE_DIALECTS = {
  windows: ['yaml', 'netsh', 'powershell'],
  linux: ['yaml', 'iptables-save', 'nftables', 'firewalld-zone', 'ufw'],
  network: ['yaml'],
} as const satisfies Record<string, readonly RuleDialect[]>;

const NAME_PATTERN = new RegExp(manifestSchema.properties.hosts.items.properties.name.pattern);
/** Names Windows keeps for devices, whatever the extension: a rule file named after such a host could not be written there. */
const DEVICE_NAME = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
const HOST_ITEM = /^([^=\s]+)\s*=\s*(\S+)(?:\s+(\S+))?$/;
const EXAMPLES: Record<'server' | 'agents', string> = {
  server: 'e.g. be01=10.0.1.10',
  agents: 'e.g. fs01=10.0.2.20, or web01=10.0.2.30 linux for an Agent for Linux',
};

/** The options read and checked, or the first problem in them, said for an admin. Never throws, whatever the input's shape. */
export function readSiteOptions(options: NewSiteOptions): SiteSpec | SiteProblem {
  const input = (options ?? {}) as Partial<Record<keyof NewSiteOptions, unknown>>;
  const server = readHosts(typeof input.server === 'string' ? input.server : [input.server], 'server');
  if ('error' in server) return server;
  if (server.length !== 1) return { error: `name one Backup Exec server as name=address (${EXAMPLES.server})`, field: 'server' };
  if (server[0].agent === 'linux') return { error: `${excerpt(server[0].name)}: the Backup Exec server runs on Windows; "linux" is for the agents`, field: 'server' };
  const agents = readHosts(input.agents, 'agents');
  if ('error' in agents) return agents;
  if (agents.length === 0) return { error: `name at least one remote computer with an agent (${EXAMPLES.agents})`, field: 'agents' };
  const clash = duplicateProblem([server[0], ...agents]) ?? familyProblem(server[0], agents);
  if (clash) return { error: clash, field: 'agents' };
  if (input.firewall !== 'host' && input.firewall !== 'network') return { error: 'the firewall kind is "host" (each host\'s own firewall) or "network" (one firewall in front of the agents)', field: 'firewall' };
  const dialects = readDialects(input.firewall, input.dialect, input.linuxDialect, agents.some((a) => a.agent === 'linux'));
  if ('error' in dialects) return dialects;
  // iptables-save output holds IPv4 rules only (ip6tables-save writes the others): generated there, an IPv6 flow would be left out.
  if (input.firewall === 'host' && dialects.linux === 'iptables-save' && server[0].range.family === 6 && agents.some((a) => a.agent === 'linux')) {
    return { error: `iptables-save output holds IPv4 rules only, and these addresses are IPv6: write the Linux agents' rules as ${names(SITE_DIALECTS.linux.filter((id) => id !== 'iptables-save'))}`, field: 'linuxDialect' };
  }
  return { server: { name: server[0].name, address: server[0].address }, agents, firewall: input.firewall, dialects };
}

type ReadHost = SiteHost & { readonly agent: AgentOs; readonly range: AddressRange };

/** Hosts as objects or as "name=address[ os]" items separated by commas, semicolons or lines. */
function readHosts(value: unknown, field: 'server' | 'agents'): ReadHost[] | SiteProblem {
  const items = typeof value === 'string' ? value.split(/[,;\n]/).map((item) => item.trim()).filter((item) => item !== '') : value;
  if (!Array.isArray(items)) return { error: `the ${field} must be given as name=address (${EXAMPLES[field]})`, field };
  const hosts: ReadHost[] = [];
  for (const item of items as unknown[]) {
    const host = typeof item === 'string' ? hostOfText(item, EXAMPLES[field]) : hostOfObject(item, EXAMPLES[field]);
    if (typeof host === 'string') return { error: host, field };
    hosts.push(host);
  }
  return hosts;
}

function hostOfText(text: string, example: string): ReadHost | string {
  const match = HOST_ITEM.exec(text);
  if (!match) return `"${excerpt(text)}" is not name=address (${example})`;
  return checkedHost(match[1], match[2], match[3], example);
}

function hostOfObject(item: unknown, example: string): ReadHost | string {
  const host = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  return checkedHost(text(host.name), text(host.address), host.agent === undefined ? undefined : text(host.agent), example);
}

function checkedHost(name: string, address: string, os: string | undefined, example: string): ReadHost | string {
  if (name === '') return `a host has no name (${example})`;
  if (!NAME_PATTERN.test(name)) return `"${excerpt(name)}" is not a host name: use letters, digits, ".", "_" and "-", starting with a letter or a digit`;
  if (name.toLowerCase() === 'any' || parseAddressOrCidr(name)) return `"${excerpt(name)}" cannot name a host: rules would read it as ${name.toLowerCase() === 'any' ? 'any address' : 'an address'}`;
  if (DEVICE_NAME.test(name)) return `"${excerpt(name)}" cannot name a host: Windows keeps it for a device, so its rule file could not be written there`;
  if (address === '') return `${excerpt(name)} has no address (${example})`;
  const range = parseAddressOrCidr(address);
  if (!range) return `${excerpt(name)}: "${excerpt(address)}" is not an IPv4 or IPv6 address`;
  if (range.first !== range.last || /[/-]/.test(address)) return `${excerpt(name)}: "${excerpt(address)}" is a range of addresses; give the address of the host itself`;
  const agent = os?.toLowerCase();
  if (agent !== undefined && agent !== 'windows' && agent !== 'linux') return `${excerpt(name)}: "${excerpt(os ?? '')}" is not an agent; write linux for an Agent for Linux, or nothing for the Agent for Windows`;
  return { name, address, agent: agent ?? 'windows', range };
}

/** Two hosts that would be one: names equal but for case (their rule files would be one file on Windows), or one address however written. */
function duplicateProblem(hosts: readonly ReadHost[]): string | undefined {
  for (let i = 1; i < hosts.length; i++) {
    for (const earlier of hosts.slice(0, i)) {
      const host = hosts[i];
      if (host.name.toLowerCase() === earlier.name.toLowerCase()) return `${excerpt(earlier.name)} is named twice${host.name === earlier.name ? '' : ` (as ${excerpt(host.name)})`}; give each host its own name`;
      if (host.range.family === earlier.range.family && host.range.first === earlier.range.first) return `${excerpt(earlier.name)} and ${excerpt(host.name)} have the same address ${excerpt(host.address)}; give each host its own`;
    }
  }
  return undefined;
}

/** The server connects to its agents over one address family: an IPv6 agent of an IPv4 server could not be reached. */
function familyProblem(server: ReadHost, agents: readonly ReadHost[]): string | undefined {
  const other = agents.find((agent) => agent.range.family !== server.range.family);
  if (!other) return undefined;
  return `${excerpt(server.name)} has an IPv${server.range.family} address and ${excerpt(other.name)} an IPv${other.range.family} one; give the server and its agents addresses of one family`;
}

function readDialects(kind: FirewallKind, dialect: unknown, linuxDialect: unknown, hasLinuxAgents: boolean): SiteSpec['dialects'] | SiteProblem {
  const windows = dialectIn(dialect, kind === 'host' ? SITE_DIALECTS.windows : SITE_DIALECTS.network, 'dialect', kind === 'host' ? 'the Windows hosts\' own firewalls' : 'a network firewall');
  if ('error' in windows) return windows;
  if (kind === 'network' || !hasLinuxAgents) return { windows: windows.id, linux: windows.id };
  if (linuxDialect === undefined && !(SITE_DIALECTS.linux as readonly string[]).includes(windows.id)) {
    return { error: `the rules of the Linux agents' own firewalls need a dialect of their own: ${names(SITE_DIALECTS.linux)}`, field: 'linuxDialect' };
  }
  const linux = linuxDialect === undefined ? windows : dialectIn(linuxDialect, SITE_DIALECTS.linux, 'linuxDialect', 'the Linux agents\' own firewalls');
  if ('error' in linux) return linux;
  return { windows: windows.id, linux: linux.id };
}

function dialectIn(value: unknown, allowed: readonly RuleDialect[], field: 'dialect' | 'linuxDialect', what: string): { id: RuleDialect } | SiteProblem {
  const id = typeof value === 'string' ? dialectById(value.trim().toLowerCase())?.id : undefined;
  if (id && allowed.includes(id)) return { id };
  const given = typeof value === 'string' ? `"${excerpt(value)}"` : 'no dialect';
  return { error: `${given}: the rules of ${what} are written as ${names(allowed)}`, field };
}

/** Dialect ids as admins call them (iptables, firewalld): "yaml, netsh or powershell". */
function names(ids: readonly RuleDialect[]): string {
  const short = ids.map((id) => id.replace(/-(save|zone)$/, ''));
  return short.length > 1 ? `${short.slice(0, -1).join(', ')} or ${short[short.length - 1]}` : short.join('');
}
