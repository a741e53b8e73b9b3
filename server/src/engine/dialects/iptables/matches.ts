import type { Located, OffsetRange } from '../../model/types';
import { parseAddressOrCidr } from '../../util/address';
import { LOWEST_PORT, PortSet } from '../../util/portSet';
import type { ScriptList } from '../scriptRule';
import type { MatchOption, PlainOption, Rule, Token } from './tree';

/**
 * What one rule matches, as the chain shape holds it (chains/chainText.ts): protocol, addresses and
 * destination ports with exact ranges, and the first match befw cannot evaluate (`hostOnly`).
 * Meanings: iptables(8) and iptables-extensions(8) of iptables 1.8.9 (Debian), FORMATS.md 2a.
 */
export interface RuleMatch {
  /** `-m comment --comment "…"`: names the rule, matches nothing. */
  name?: Located<string>;
  protocol?: Located<string>;
  sources?: ScriptList;
  destinations?: ScriptList;
  ports?: ScriptList;
  hostOnly?: Located<string>;
  /** The connection states it matches exclude NEW: it never sees a connection being opened. */
  establishedOnly?: boolean;
  loopbackOnly?: boolean;
}

const SOURCE_PORTS = 'matches source ports only; Backup Exec connects from dynamic source ports';
const NEGATION = 'a negation, which befw does not evaluate';

/** Why a match module's packets are known only on the host (iptables-extensions(8)); other modules get a generic reason. */
const MODULE_REASONS: Readonly<Record<string, string>> = {
  set: 'an ipset: its members are known only on the host',
  owner: 'the owner of the local process, known only on the host',
  mark: 'a packet mark other rules set on the host',
  connmark: 'a connection mark other rules set on the host',
  recent: "the host's list of recently seen addresses",
  limit: 'a rate limit: it matches only some packets',
  hashlimit: 'a rate limit: it matches only some packets',
  connlimit: 'a limit on connections: it matches only some of them',
  addrtype: "an address type, which depends on the host's addresses",
};

/**
 * Connection states (iptables-extensions(8), conntrack): a new connection's packets are NEW;
 * ESTABLISHED and RELATED belong to connections already made, INVALID to none. A rule whose states
 * are all among these never sees a Backup Exec connection being opened.
 */
const NOT_OPENING_STATES: ReadonlySet<string> = new Set(['ESTABLISHED', 'RELATED', 'INVALID']);

/** Protocols a Backup Exec flow can have: a rule on another (icmp…) never matches one, so what else it matches does not matter. */
const FLOW_PROTOCOLS: ReadonlySet<string> = new Set(['tcp', 'udp']);
/** `-p` numbers iptables-save may print for them. */
const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp' };

export function readMatch(text: string, rule: Rule): RuleMatch {
  const match: RuleMatch = {};
  const hostOnly = (range: OffsetRange, why: string) => {
    match.hostOnly ??= { value: `${shorten(text.slice(range[0], range[1]))} (${why})`, range };
  };
  for (const option of rule.options) {
    if (option.kind === 'option') readRuleOption(option, match, hostOnly);
    else if (option.kind === 'match') readModule(option, match, hostOnly);
  }
  return match;
}

type HostOnly = (range: OffsetRange, why: string) => void;

/** Whether a Backup Exec flow can match the rule at all: not when it is for established or loopback traffic, another protocol, or no port. */
export function opensFlows(match: RuleMatch): boolean {
  if (match.establishedOnly || match.loopbackOnly) return false;
  if (match.protocol && !FLOW_PROTOCOLS.has(match.protocol.value)) return false;
  return !match.ports || match.ports.items.length > 0;
}

/** `-p`, `-s`, `-d`, `-i`, `-o` and the other options of the rule itself. */
function readRuleOption(option: PlainOption, match: RuleMatch, hostOnly: HostOnly): void {
  const value = option.values[0];
  if (!option.known || !value) {
    hostOnly(option.range, `option ${option.name.text}, which befw does not evaluate`);
    return;
  }
  if (option.negation) {
    hostOnly(option.range, NEGATION);
    return;
  }
  switch (option.canonical) {
    case '--protocol': {
      const name = value.text.toLowerCase();
      // `all` (and 0) is every protocol: as if no -p were written.
      if (name !== 'all' && name !== '0') match.protocol = { value: PROTOCOL_NUMBERS[name] ?? name, range: value.range };
      return;
    }
    case '--source':
    case '--destination':
      addresses(option, option.canonical === '--source' ? 'sources' : 'destinations', match, hostOnly);
      return;
    case '--in-interface':
    case '--out-interface':
      if (value.text === 'lo') match.loopbackOnly = true;
      else hostOnly(option.range, `the interface a connection ${option.canonical === '--in-interface' ? 'arrives' : 'leaves'} on is known only on the host`);
      return;
    default:
      hostOnly(option.range, `option ${option.name.text}, which befw does not evaluate`);
  }
}

/** `-m module …` and the match `-p tcp` loads by itself. */
function readModule(module: MatchOption, match: RuleMatch, hostOnly: HostOnly): void {
  if (!module.known) {
    hostOnly(module.range, MODULE_REASONS[module.module.text] ?? `match module ${module.module.text || '(none)'}, which befw does not evaluate`);
    return;
  }
  for (const option of module.options) {
    const value = option.values[0];
    if (!option.known || !value) {
      hostOnly(option.range, `option ${option.name.text}, which befw does not evaluate`);
      continue;
    }
    switch (option.canonical) {
      case '--comment':
        match.name = { value: value.text, range: value.range };
        continue;
      case '--sport':
      case '--sports':
        hostOnly(option.range, SOURCE_PORTS);
        continue;
    }
    if (option.negation) {
      hostOnly(option.range, NEGATION);
      continue;
    }
    switch (option.canonical) {
      case '--dport':
      case '--dports':
      // `--ports` matches a source or a destination port: it matches at least the connections to these ports.
      case '--ports':
        ports(option, value, match, hostOnly);
        break;
      case '--ctstate':
      case '--state':
        states(option, match, hostOnly);
        break;
      case '--src-range':
      case '--dst-range':
        addresses(option, option.canonical === '--src-range' ? 'sources' : 'destinations', match, hostOnly);
        break;
    }
  }
}

/** Addresses and CIDRs (iprange: `a-b`) as befw reads them; a host name is resolved only when the rules are loaded. */
function addresses(option: PlainOption, side: 'sources' | 'destinations', match: RuleMatch, hostOnly: HostOnly): void {
  if (match[side]) {
    hostOnly(option.range, `a second ${side === 'sources' ? 'source' : 'destination'} match, which befw does not combine with the first`);
    return;
  }
  const named = option.items.find((item) => parseAddressOrCidr(item.text) === undefined);
  if (named) {
    hostOnly(option.range, 'a host name: iptables looked it up when the rules were loaded');
    return;
  }
  match[side] = { range: option.values[0].range, items: option.items.map((item) => ({ value: item.text, range: item.range })) };
}

/**
 * Destination ports as `n` or `a-b`. befw's ports start at 1 (util/portSet.ts), and port 0 is no
 * service's port: an open start `:80` (from 0, FORMATS.md 2a) is read as 1-80, a lone 0 matches no flow.
 * Items the parser found wrong (a problem already) are left out.
 */
function ports(option: PlainOption, value: Token, match: RuleMatch, hostOnly: HostOnly): void {
  const items: Located<string>[] = [];
  for (const port of option.ports ?? []) {
    if (port.service !== undefined) {
      hostOnly(option.range, `port name ${port.service}: iptables looked it up in the host's /etc/services`);
      return;
    }
    if (port.first === undefined || port.last === undefined || port.last < LOWEST_PORT) continue;
    const first = Math.max(port.first, LOWEST_PORT);
    items.push({ value: first === port.last ? String(first) : `${first}-${port.last}`, range: port.range });
  }
  // Every match of a rule must hold (iptables(8)): a second port match leaves the ports both name, at the second.
  match.ports = { range: value.range, items: match.ports ? common(match.ports.items, items, value.range) : items };
}

/** The ports two port matches both name, as `n` / `a-b` items placed at `range`; none when they share none. */
function common(first: readonly Located<string>[], second: readonly Located<string>[], range: OffsetRange): Located<string>[] {
  const interval = (item: Located<string>) => {
    const [from, to = from] = item.value.split('-').map(Number);
    return { from, to };
  };
  const both = PortSet.of(first.map(interval)).intersect(PortSet.of(second.map(interval)));
  return both.intervals.map(({ from, to }) => ({ value: from === to ? String(from) : `${from}-${to}`, range }));
}

/** `--ctstate` / `--state`: NEW present, it matches new connections; only states of existing or no connections, it never does. */
function states(option: PlainOption, match: RuleMatch, hostOnly: HostOnly): void {
  const names = option.items.map((item) => item.text.toUpperCase());
  if (names.includes('NEW')) return;
  if (names.every((name) => NOT_OPENING_STATES.has(name))) match.establishedOnly = true;
  else hostOnly(option.range, 'a connection state known only on the host');
}

const shorten = (text: string) => (text.length > 80 ? `${text.slice(0, 80)}…` : text);
