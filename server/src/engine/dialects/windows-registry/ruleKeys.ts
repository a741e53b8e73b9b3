import { parseAddressOrCidr } from '../../util/address';
import { excerpt } from '../../util/excerpt';

/**
 * The keys and values of a firewall rule string, as [MS-GPFAS] 2.2.2.19 defines
 * them (FORMATS.md 1b; the spec's text, find_string id 58659372337). ABNF
 * strings are case-insensitive (RFC 4234 2.3), so keys and keywords are
 * compared in lower case.
 */

/** Keys the spec says "MUST appear at most once in a rule string". */
const ONCE = [
  'Action', 'Dir', 'Protocol', 'Security', 'Security2_9', 'Security2', 'App', 'Svc', 'Name', 'Desc', 'EmbedCtxt', 'Edge', 'Defer', 'LSM',
  'Active', 'RMAuth', 'RUAuth', 'AuthByPassOut', 'LOM', 'PCross', 'LUAuth', 'LUOwn', 'AppPkgId', 'LUAuth2_24', 'NNm', 'SecurityRealmId',
];
/** The other keys of the grammar, which may repeat (Profile, ports, addresses, ICMP types…). */
const REPEATABLE = [
  'Profile', 'LPort', 'RPort', 'LPort2_10', 'RPort2_10', 'LPort2_20', 'IF', 'IFType', 'LA4', 'RA4', 'LA6', 'RA6', 'RA42', 'RA62',
  'ICMP4', 'ICMP6', 'Platform', 'Platform2', 'SkipVer', 'TTK', 'TTK2_22', 'TTK2_27', 'TTK2_28',
];

export interface KeySpec {
  /** As the spec spells it. */
  readonly name: string;
  readonly once: boolean;
}

export const RULE_KEYS: ReadonlyMap<string, KeySpec> = new Map([
  ...ONCE.map((name): [string, KeySpec] => [name.toLowerCase(), { name, once: true }]),
  ...REPEATABLE.map((name): [string, KeySpec] => [name.toLowerCase(), { name, once: false }]),
]);

/**
 * The key meant by a name other tools use, for a key outside the grammar.
 * `RemoteIP=` is the documented real mistake (FORMATS.md 1b); the others are
 * the netsh and NetSecurity names of the same fields.
 */
const MEANT: Readonly<Record<string, string>> = {
  remoteip: 'RA4= (IPv4) or RA6= (IPv6)',
  remoteaddress: 'RA4= (IPv4) or RA6= (IPv6)',
  localip: 'LA4= (IPv4) or LA6= (IPv6)',
  localaddress: 'LA4= (IPv4) or LA6= (IPv6)',
  localport: 'LPort= (one port) or LPort2_10= (a range)',
  remoteport: 'RPort= (one port) or RPort2_10= (a range)',
  direction: 'Dir=',
  enabled: 'Active=',
  enable: 'Active=',
  profiles: 'Profile=',
  program: 'App=',
  service: 'Svc=',
  description: 'Desc=',
  displayname: 'Name=',
  group: 'EmbedCtxt=',
};

export function meantKey(written: string): string | undefined {
  return MEANT[written.toLowerCase()];
}

/** Port keywords by key ([MS-GPFAS] 2.2.2.3), lower-cased. */
const PORT_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  lport: ['rpc', 'rpc-epmap', 'teredo'],
  rport: [],
  lport2_10: ['iptlsin', 'iphttpsin'],
  // CortanaOut is RPORT-KEYWORD-VAL-2-28, which no key of the grammar names: taken where the other remote port keywords go.
  rport2_10: ['iptlsout', 'iphttpsout', 'cortanaout'],
  lport2_20: ['dhcp', 'ply2disc', 'mdns', 'tcpcdpsvc'],
};

const WHAT_PORTS: Readonly<Record<string, string>> = {
  lport: 'one port (0-65535) or RPC, RPC-EPMap, Teredo',
  rport: 'one port (0-65535)',
  lport2_10: 'a port range such as 50100-50149, or IPTLSIn, IPHTTPSIn',
  rport2_10: 'a port range such as 50100-50149, or IPTLSOut, IPHTTPSOut',
  lport2_20: 'DHCP, Ply2Disc, mDNS or TcpCDPSvc',
};

export const PORT_KEYS = Object.keys(PORT_KEYWORDS);

/** PORT = 1*5DIGIT, "MUST NOT be greater than 65,535" ([MS-GPFAS] 2.2.2.2). */
function portProblem(text: string): string | undefined {
  return Number(text) > 65535 ? `port ${text} is above 65535` : undefined;
}

/** Why a port value does not fit its key, or undefined when it does. */
export function portValueProblem(key: string, value: string): string | undefined {
  const lower = value.toLowerCase();
  if (PORT_KEYWORDS[key].includes(lower)) return undefined;
  const single = /^\d{1,5}$/.test(value);
  const range = /^(\d{1,5})-(\d{1,5})$/.exec(value);
  const ranged = key === 'lport2_10' || key === 'rport2_10';
  const written = `${RULE_KEYS.get(key)!.name}=${excerpt(value)}`;
  if (single && !ranged && key !== 'lport2_20') return portProblem(value) && `${written}: ${portProblem(value)}`;
  if (range && ranged) {
    const bound = portProblem(range[1]) ?? portProblem(range[2]);
    if (bound) return `${written}: ${bound}`;
    return Number(range[1]) > Number(range[2]) ? `${written}: the range starts above its end` : undefined;
  }
  if (range && !ranged && key !== 'lport2_20') return `${written}: a range is written ${key === 'lport' ? 'LPort2_10' : 'RPort2_10'}=${excerpt(value)}; ${RULE_KEYS.get(key)!.name}= takes ${WHAT_PORTS[key]}`;
  return `${written}: expected ${WHAT_PORTS[key]}`;
}

/** Host-known address keywords ([MS-GPFAS] 2.2.2.13): RA4/RA6 take the first list, RA42/RA62 the second. */
export const ADDRESS_KEYWORDS = ['localsubnet', 'dns', 'dhcp', 'wins', 'defaultgateway'];
export const ADDRESS_KEYWORDS_2_20 = ['intranet', 'internet', 'ply2renders', 'rmtintranet', 'captiveportal'];

/** Why an LA4/RA4/LA6/RA6 value is not one, or undefined. */
export function addressValueProblem(key: 'la4' | 'ra4' | 'la6' | 'ra6', value: string): string | undefined {
  const lower = value.toLowerCase();
  const family = key.endsWith('4') ? 4 : 6;
  // `RA4=Any` is not in the grammar but tools write it (FORMATS.md 1b, a Puppet module): read as any address.
  if (lower === 'any' || (key.startsWith('r') && ADDRESS_KEYWORDS.includes(lower))) return undefined;
  const parsed = parseAddressOrCidr(value);
  if (parsed?.family === family) return undefined;
  const written = `${RULE_KEYS.get(key)!.name}=${excerpt(value)}`;
  const bits = family === 4 ? 32 : 128;
  const prefix = /\/(\d+)$/.exec(value);
  // The spec says a prefix "MUST be less than 32" (128 for IPv6); /32 and /128 are read too, as single addresses.
  if (prefix && Number(prefix[1]) > bits) return `${written}: the prefix length ${prefix[1]} is out of range (0-${bits})`;
  const dash = value.indexOf('-');
  if (dash > 0 && parseAddressOrCidr(`${value.slice(dash + 1)}-${value.slice(0, dash)}`)?.family === family) return `${written}: the range starts above its end`;
  const keywords = key.startsWith('r') ? ', or LocalSubnet, DNS, DHCP, WINS, DefaultGateway' : '';
  return `${written}: expected an IPv${family} address, a range (a-b) or a subnet (address/prefix${family === 4 ? ' or address/mask' : ''})${keywords}`;
}
