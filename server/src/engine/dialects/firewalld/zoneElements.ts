import type { Located, OffsetRange } from '../../model/types';
import { excerpt } from '../../util/excerpt';
import type { ChainRuleText } from '../chains/chainText';
import type { ScriptList } from '../scriptRule';
import { fileRefused, hostOnly, serviceNote, type OrderedRule, type ZoneReading } from './reading';
import { addressOf, attribute, locatedValue, portValue, PORT_PROTOCOLS } from './values';
import type { XmlElement } from './xmlTree';

/**
 * The zone's own elements (firewalld.zone(5)): <service>, <port>, <protocol> and <source-port> accept
 * new connections in the zone's `allow` sub-chain (reading.ts); <source> and <interface> say which
 * traffic reaches the zone; the rest does not filter inbound TCP or UDP.
 */
export function zoneRule(element: XmlElement, reading: ZoneReading): OrderedRule | undefined {
  switch (element.name) {
    case 'port':
      return accepting(element, reading, portMatch(element, reading, (range, what, code) => fileRefused(reading, range, what, code)));
    case 'service': {
      const name = attribute(element, 'name');
      return name && accepting(element, reading, { hostOnly: hostOnly(reading, name.valueRange, serviceNote(name.value)) });
    }
    case 'protocol': {
      const value = attribute(element, 'value');
      return value && accepting(element, reading, { protocol: { value: value.value.toLowerCase(), range: value.valueRange } });
    }
    case 'source-port': {
      const port = attribute(element, 'port');
      const why = `<source-port port="${excerpt(port?.value ?? '')}"> matches connections from that source port only, and Backup Exec connects from dynamic source ports`;
      return port && accepting(element, reading, { hostOnly: hostOnly(reading, port.valueRange, why) });
    }
    case 'interface': {
      const name = attribute(element, 'name');
      if (name) reading.unresolved.push({ message: `interface ${excerpt(name.value)} is bound to this zone: which interface traffic arrives on is known only on the host; befw applies the zone's rules to every flow`, range: name.valueRange });
      return undefined;
    }
    case 'forward-port': {
      const port = attribute(element, 'port');
      if (port) reading.unresolved.push({ message: `<forward-port> redirects port ${excerpt(port.value)} (address translation): befw does not follow it; traffic to that port may not reach this host's own service`, range: element.nameRange });
      return undefined;
    }
    case 'destination':
    case 'accept':
    case 'reject':
    case 'drop':
    case 'mark':
    case 'log':
    case 'nflog':
    case 'audit':
    case 'limit':
      // firewalld 1.3.3 logs "Invalid rule: … outside of rule" and applies nothing of it (src/firewall/core/io/policy.py).
      reading.problems.push({ message: `<${element.name}> belongs inside a <rule>: firewalld does not apply it here; move it into the rule it is meant for`, range: element.nameRange });
      return undefined;
    default:
      return undefined;
  }
}

/** What a bad value costs: in a zone the file is refused, in a rich rule the rule is skipped. */
export type BadValue = (range: OffsetRange, what: string, code: string) => undefined;

/** A <port>'s protocol and ports (firewalld check_port, check_tcpudp); a port name is resolved on the host. */
export function portMatch(element: XmlElement, reading: ZoneReading, bad: BadValue): Partial<ChainRuleText> | undefined {
  const port = attribute(element, 'port');
  const protocol = attribute(element, 'protocol');
  if (!port || !protocol) return undefined;
  if (!PORT_PROTOCOLS.includes(protocol.value)) return bad(protocol.valueRange, `protocol "${excerpt(protocol.value)}" is not one of ${PORT_PROTOCOLS.join(', ')} (lower case)`, 'INVALID_PROTOCOL');
  const located = { value: protocol.value, range: protocol.valueRange };
  const value = portValue(port.value);
  if (value.kind === 'invalid') return bad(port.valueRange, `port "${excerpt(port.value)}" ${value.why}`, 'INVALID_PORT');
  if (value.kind === 'name') {
    const why = `port "${excerpt(port.value)}" is a service name firewalld looks up in the host's /etc/services`;
    return { protocol: located, hostOnly: hostOnly(reading, port.valueRange, why) };
  }
  const ports: ScriptList = { range: port.valueRange, items: [{ value: value.value, range: port.valueRange }] };
  return { protocol: located, ports };
}

/** A zone element that accepts what it matches, from the zone's sources. */
function accepting(element: XmlElement, reading: ZoneReading, match: Partial<ChainRuleText> | undefined): OrderedRule | undefined {
  if (!match) return undefined;
  const rule: ChainRuleText = { range: element.range, ...match, sources: reading.zoneSources, verdict: { value: { kind: 'accept' }, range: element.nameRange } };
  return { rule, group: 'allow', priority: 0 };
}

/** A MAC address as firewalld's check_mac takes it. */
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

/**
 * The addresses <source> elements bind to the zone. Traffic from other sources is decided by another
 * zone, which befw does not have: said once, at the first <source>. ipsets and MAC addresses are
 * known only on the host.
 */
export function zoneSources(zone: XmlElement, reading: ZoneReading): ScriptList | undefined {
  const bound = zone.children.filter((child) => child.name === 'source');
  if (bound.length === 0) return undefined;
  const items: Located<string>[] = [];
  for (const source of bound) {
    const address = attribute(source, 'address');
    const other = attribute(source, 'ipset') ?? attribute(source, 'mac') ?? (address && MAC.test(address.value) ? address : undefined);
    if (attribute(source, 'invert')) {
      reading.problems.push({ message: 'firewalld ignores a zone <source> with invert= (firewalld 1.3.3: "Invertion not allowed here"); remove invert or the element', range: source.nameRange });
    } else if (other) {
      reading.unresolved.push({ message: `${other.name === 'address' ? 'MAC address' : other.name} ${excerpt(other.value)} is bound to this zone: which hosts it covers is known only on the host, so flows from them are not matched by this zone's rules`, range: other.valueRange });
    } else if (address && addressOf(address.value)) {
      items.push(locatedValue(address));
    } else if (address) {
      fileRefused(reading, address.valueRange, `source address "${excerpt(address.value)}" is not an IP address or subnet`, 'INVALID_ADDR');
    }
  }
  const first = bound[0];
  reading.unresolved.push({
    message: 'this zone applies only to traffic from its <source> addresses: befw applies its rules to flows from those addresses alone, and traffic from elsewhere is decided by another zone, which befw does not have (its target here is only what this file says)',
    range: first.nameRange,
  });
  return { range: first.range, items };
}
