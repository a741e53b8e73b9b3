import { FIREWALL_PROFILES, type FirewallProfile, type Located, type SyntaxProblem } from '../model/types';
import { excerpt } from '../util/excerpt';
import { HIGHEST_PORT, LOWEST_PORT } from '../util/portSet';
import type { ScriptList } from './scriptRule';

/**
 * What Windows Defender Firewall accepts as an address or a port item, the same in both script
 * dialects: netsh's `remoteip=`/`localport=` and NetSecurity's `-RemoteAddress`/`-LocalPort`.
 * Sources are in ../shared/knowledge/FORMATS.md and cited at each list.
 */

/**
 * Address keywords Windows resolves on the machine at run time. NetSecurity's docs (FORMATS.md,
 * "Windows address keywords"): "Any, LocalSubnet, DNS, DHCP, WINS, DefaultGateway, Internet,
 * Intranet, IntranetRemoteAccess, PlayToDevice, CaptivePortal. Keywords can be restricted to IPv4
 * or IPv6 by appending a 4 or 6". netsh's usage text and the COM API accept the first five
 * (`remoteip=any|localsubnet|dns|dhcp|wins|defaultgateway|…`); the registry form stores all of them
 * (FORMATS.md 1b, RA4/RA42). `Any` is not here: it means every address, which needs no run time.
 */
const RUNTIME_ADDRESS_KEYWORDS = ['localsubnet', 'dns', 'dhcp', 'wins', 'defaultgateway', 'internet', 'intranet', 'intranetremoteaccess', 'playtodevice', 'captiveportal'];
const RUNTIME_ADDRESS = new RegExp(`^(?:${RUNTIME_ADDRESS_KEYWORDS.join('|')})[46]?$`, 'i');

/** Whether `text` is an address keyword Windows resolves at run time (`LocalSubnet`, `Internet4`, `dns6`). */
export function isRuntimeAddress(text: string): boolean {
  return RUNTIME_ADDRESS.test(text.trim());
}

/**
 * Port keywords whose ports Windows chooses at run time. netsh (FORMATS.md 1a): `localport = { any |
 * Integer | rpc | rpc-epmap | iphttps | teredo }`. NetSecurity's -LocalPort docs: "RPC, RPCEPMap,
 * Teredo, IPHTTPSIn, IPHTTPSOut", and "PlayToDiscovery" for UDP. The registry grammar (FORMATS.md
 * 1b) adds DHCP, Ply2Disc, mDNS, TcpCDPSvc, CortanaOut, IPTLSIn and IPTLSOut, which tools that
 * export rules may write; they are taken as keywords rather than called invalid.
 */
const PORT_KEYWORDS = new Set([
  'rpc',
  'rpc-epmap',
  'rpcepmap',
  'iphttps',
  'iphttpsin',
  'iphttpsout',
  'teredo',
  'playtodiscovery',
  'dhcp',
  'ply2disc',
  'mdns',
  'tcpcdpsvc',
  'cortanaout',
  'iptlsin',
  'iptlsout',
]);

/**
 * One port item as Windows reads it: a number, a `low-high` range, `any`, a keyword chosen at run
 * time, or something Windows refuses. Refusing one item fails the whole command ("One of the port
 * keywords is invalid", HRESULT 0x80070057, seen in dsccommunity/NetworkingDsc issue 34), so a
 * script's rule with such an item does not exist on the machine.
 */
export type PortKind = 'port' | 'any' | 'keyword' | 'invalid';

const PORT = /^\d{1,5}$/;
const RANGE = /^(\d{1,5})-(\d{1,5})$/;
const inBounds = (port: number) => port >= LOWEST_PORT && port <= HIGHEST_PORT;

export function portKind(text: string): PortKind {
  const item = text.trim();
  if (PORT.test(item)) return inBounds(Number(item)) ? 'port' : 'invalid';
  const range = RANGE.exec(item);
  if (range) return inBounds(Number(range[1])) && inBounds(Number(range[2])) && Number(range[1]) <= Number(range[2]) ? 'port' : 'invalid';
  const lower = item.toLowerCase();
  if (lower === 'any') return 'any';
  return PORT_KEYWORDS.has(lower) ? 'keyword' : 'invalid';
}

/**
 * The profiles a profile list names; undefined for "any" (every profile), which is also what a
 * rule without the parameter means. netsh: `profile = { public | private | domain | any | [ ,... ] }`
 * (FORMATS.md 1a); NetSecurity's -Profile: Any, Domain, Private, Public. A list nobody can know
 * without running the script (no items) applies in no profile for certain, so it counts nowhere.
 */
export function profilesOf(list: ScriptList | undefined, problems: SyntaxProblem[], parameter: string): Located<readonly FirewallProfile[]> | undefined {
  if (!list) return undefined;
  const profiles = new Set<FirewallProfile>();
  for (const item of list.items) {
    const value = item.value.trim().toLowerCase();
    if (value === 'any') return undefined;
    if ((FIREWALL_PROFILES as readonly string[]).includes(value)) profiles.add(value as FirewallProfile);
    else problems.push({ message: `${parameter} takes Domain, Private, Public or Any, not "${excerpt(item.value)}"`, range: item.range });
  }
  return { value: FIREWALL_PROFILES.filter((profile) => profiles.has(profile)), range: list.range };
}
