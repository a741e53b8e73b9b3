import type { ChainVerdict, Located, OffsetRange } from '../../model/types';
import { excerpt } from '../../util/excerpt';
import type { ChainRuleText } from '../chains/chainText';
import type { ScriptList } from '../scriptRule';
import { fileRefused, groupOf, hostOnly, ruleIgnored, serviceNote, type OrderedRule, type ZoneReading } from './reading';
import { addressOf, attribute, attributeRange, familyList, narrowed, type Family } from './values';
import type { XmlElement } from './xmlTree';
import { portMatch } from './zoneElements';

/**
 * One rich rule, <rule [family] [priority]> with its source, destination, element, log and action
 * (firewalld.zone(5), firewalld.richlanguage(5)). Its validity is firewalld 1.3.3's
 * (src/firewall/core/io/policy.py common_startElement, src/firewall/core/rich.py Rich_Rule.check):
 * a rule firewalld skips is a BEX001 and is not counted.
 */

const MATCHES = ['service', 'port', 'protocol', 'icmp-block', 'icmp-type', 'masquerade', 'forward-port', 'source-port', 'tcp-mss-clamp'];
const ACTIONS = ['accept', 'reject', 'drop', 'mark'];
/** Elements that decide no TCP or UDP connection: ICMP only, or address translation and packet mangling. */
const NOT_FILTERING = ['icmp-block', 'icmp-type', 'masquerade', 'tcp-mss-clamp'];
/** Elements that need no action, log or audit: they act by themselves (Rich_Rule.check). */
const ACTING = ['icmp-block', 'forward-port', 'masquerade', 'tcp-mss-clamp'];
const PRIORITY_LIMIT = 32768;

export function richRule(rule: XmlElement, reading: ZoneReading): OrderedRule | undefined {
  const ignore = (why: string, at = rule.nameRange) => ruleIgnored(reading, at, why);
  const zoneOnly = rule.children.find((child) => child.name === 'interface');
  if (zoneOnly) return ignore('an <interface> binds a zone, not a rule', zoneOnly.nameRange);
  const only = (names: readonly string[]) => rule.children.filter((child) => names.includes(child.name));
  const [sources, destinations, matches, logs, audits, actions] = [['source'], ['destination'], MATCHES, ['log', 'nflog'], ['audit'], ACTIONS].map(only);
  for (const [list, what] of [[sources, '<source>'], [matches, 'element (service, port, protocol …)'], [logs, 'log'], [audits, '<audit>'], [actions, 'action']] as const) {
    if (list.length > 1) return ignore(`it has more than one ${what}`, list[1].nameRange);
  }
  if (destinations.length > 1) reading.problems.push({ message: 'firewalld uses only the first <destination> of a rule (firewalld 1.3.3: "More than one destination"); remove the others', range: destinations[1].nameRange });
  const [source, destination, match, action] = [sources[0], destinations[0], matches[0], actions[0]];

  const familyAttribute = attribute(rule, 'family');
  if (familyAttribute && familyAttribute.value !== 'ipv4' && familyAttribute.value !== 'ipv6') return ignore(`family "${excerpt(familyAttribute.value)}" is not ipv4 or ipv6`, familyAttribute.valueRange);
  const family = familyAttribute && { value: familyAttribute.value as Family, range: familyAttribute.valueRange };
  const priorityAttribute = attribute(rule, 'priority');
  // firewalld reads priority with Python's int(): anything else stops the whole file.
  if (priorityAttribute && !/^\s*[+-]?\d+\s*$/.test(priorityAttribute.value)) {
    return fileRefused(reading, priorityAttribute.valueRange, `priority "${excerpt(priorityAttribute.value)}" is not a whole number`, 'invalid literal for int()');
  }
  const priority = priorityAttribute ? Number(priorityAttribute.value) : 0;
  if (priority < -PRIORITY_LIMIT || priority >= PRIORITY_LIMIT) return ignore(`priority ${priority} is outside -32768…32767`, priorityAttribute!.valueRange);

  const logged = logs.length + audits.length > 0;
  if (!match && (!logs[0] || priority === 0)) {
    if (!action) return ignore('it has no element (service, port …) and no action');
    if (!source && !destination && priority === 0) return ignore('it has no element, no source and no destination');
  }
  if (!(match && ACTING.includes(match.name)) && !logged && !action) return ignore('it has no action, no log and no audit');
  if (audits[0] && (!action || action.name === 'mark')) return ignore('an <audit> needs an accept, reject or drop action (INVALID_AUDIT_TYPE)', audits[0].nameRange);
  if (match?.name === 'forward-port') {
    if (!family) return ignore('a <forward-port> rule needs family=');
    reading.unresolved.push({ message: '<forward-port> redirects this traffic (address translation): befw does not follow it; traffic to that port may not reach this host\'s own service', range: match.nameRange });
    return undefined;
  }
  if (match && NOT_FILTERING.includes(match.name)) return undefined;

  const reasons: Located<string>[] = [];
  const sourceList = endpoint(source, family, reading, reasons, 'source', ignore);
  if (sourceList === null) return undefined;
  const destinationList = endpoint(destination, family, reading, reasons, 'destination', ignore);
  if (destinationList === null) return undefined;

  let matched: Partial<ChainRuleText> = {};
  if (match?.name === 'port') {
    const port = portMatch(match, reading, (range, what) => ignore(what, range));
    if (!port) return undefined;
    matched = port;
  } else if (match?.name === 'protocol') {
    const value = attribute(match, 'value');
    if (value) matched = { protocol: { value: value.value.toLowerCase(), range: value.valueRange } };
  } else if (match?.name === 'service') {
    const name = attribute(match, 'name');
    if (!name || name.value === '') return ignore('its <service> has no name');
    reasons.push(hostOnly(reading, name.valueRange, serviceNote(name.value)));
  } else if (match?.name === 'source-port') {
    const why = 'a <source-port> matches connections from that source port only, and Backup Exec connects from dynamic source ports';
    reasons.push(hostOnly(reading, match.nameRange, why));
  }
  const limit = action?.children.find((child) => child.name === 'limit');
  if (limit) reasons.push(hostOnly(reading, limit.range, `<${action!.name}> is rate-limited by <limit>: whether a connection gets through depends on the traffic on the host`));

  const verdict: Located<ChainVerdict> = { value: { kind: action && action.name !== 'mark' ? (action.name as 'accept' | 'reject' | 'drop') : 'continue' }, range: (action ?? logs[0] ?? audits[0] ?? rule).nameRange };
  const text: ChainRuleText = {
    range: rule.range,
    protocol: matched.protocol,
    sources: narrowed([reading.zoneSources, family && familyList(family), sourceList]),
    destinations: destinationList,
    ports: matched.ports,
    verdict,
    hostOnly: reasons[0] ?? matched.hostOnly,
  };
  return { rule: text, group: groupOf(priority, verdict.value.kind), priority };
}

/**
 * A rule's source or destination as addresses it matches: undefined for none (any), null when the rule
 * is skipped. An inverted one, an ipset or a MAC address makes the rule known only on the host.
 */
function endpoint(element: XmlElement | undefined, family: Located<Family> | undefined, reading: ZoneReading, reasons: Located<string>[], side: 'source' | 'destination', ignore: (why: string, at: OffsetRange) => undefined): ScriptList | undefined | null {
  if (!element) return undefined;
  const skip = (why: string, at: OffsetRange): null => {
    ignore(why, at);
    return null;
  };
  const address = attribute(element, 'address');
  const others = [attribute(element, 'ipset'), side === 'source' ? attribute(element, 'mac') : undefined].filter((a) => a !== undefined);
  if ((address ? 1 : 0) + others.length !== 1) return skip(`its <${side}> needs exactly one of address=, ${side === 'source' ? 'mac= or ' : ''}ipset=`, element.nameRange);
  const invert = attribute(element, 'invert');
  if (address) {
    if (!family) return skip(`a rule with a ${side} address needs family="ipv4" or family="ipv6"`, element.nameRange);
    if (!addressOf(address.value, family.value)) return skip(`${side} address "${excerpt(address.value)}" is not an ${family.value === 'ipv4' ? 'IPv4' : 'IPv6'} address or subnet`, address.valueRange);
  }
  if (invert && /^(yes|true)$/i.test(invert.value)) {
    reasons.push(hostOnly(reading, attributeRange(invert), `<${side} … invert="${excerpt(invert.value)}"> matches every ${side} but the one written`));
    return undefined;
  }
  if (!address) {
    const other = others[0]!;
    const why = other.name === 'ipset' ? `${side} ipset "${excerpt(other.value)}": its members are known only on the host` : `source MAC address ${excerpt(other.value)}: befw knows hosts by IP address only`;
    reasons.push(hostOnly(reading, other.valueRange, why));
    return undefined;
  }
  return { range: address.valueRange, items: [{ value: address.value, range: address.valueRange }] };
}
