import type { Located, OffsetRange } from '../../model/types';
import { parseAddressOrCidr, rangeContains, type AddressRange } from '../../util/address';
import type { ScriptList } from '../scriptRule';
import type { XmlAttribute, XmlElement } from './xmlTree';

/** Attribute values of zone files as firewalld reads them (firewalld 1.3.3, src/firewall/functions.py). */

export function attribute(element: XmlElement, name: string): XmlAttribute | undefined {
  return element.attributes.find((a) => a.name === name);
}

export function locatedValue(a: XmlAttribute): Located<string> {
  return { value: a.value, range: a.valueRange };
}

export type PortValue = { readonly kind: 'ports'; readonly value: string } | { readonly kind: 'name' } | { readonly kind: 'invalid'; readonly why: string };

/**
 * `portid[-portid]` (firewalld.zone(5)): numbers up to 65535, a range given high-low is read low-high and
 * one given n-n is port n (getPortRange). Anything else is a service name firewalld looks up in the
 * host's /etc/services (getPortID, socket.getservbyname): known only on the host.
 */
export function portValue(text: string): PortValue {
  const trimmed = text.trim();
  const numbers = /^(\d+)(?:-(\d+))?$/.exec(trimmed);
  if (!numbers) return trimmed === '' || /^-|-$/.test(trimmed) ? { kind: 'invalid', why: 'is not a port or port range' } : { kind: 'name' };
  const from = Number(numbers[1]);
  const to = numbers[2] === undefined ? from : Number(numbers[2]);
  if (from > 65535 || to > 65535) return { kind: 'invalid', why: 'is above 65535' };
  const [low, high] = from <= to ? [from, to] : [to, from];
  return { kind: 'ports', value: low === high ? String(low) : `${low}-${high}` };
}

/** firewalld's protocols for ports (check_tcpudp, Rich_Rule.check): exactly these, lower case. */
export const PORT_PROTOCOLS: readonly string[] = ['tcp', 'udp', 'sctp', 'dccp'];

export type Family = 'ipv4' | 'ipv6';

/**
 * An address as firewalld takes it (checkIPnMask, checkIP6nMask): an IPv4 address with a prefix or a
 * dotted mask, an IPv6 address with a prefix; no host names, no ranges. Undefined otherwise, or of
 * another family than `family` when one is given.
 */
export function addressOf(text: string, family?: Family): AddressRange | undefined {
  if (text.includes('-') || text.trim() !== text) return undefined;
  const parsed = parseAddressOrCidr(text);
  if (!parsed || (family && parsed.family !== (family === 'ipv4' ? 4 : 6))) return undefined;
  return parsed;
}

/** Every address of one family, standing for a rule's `family=`: the rule matches only that IP version. */
export function familyList(family: Located<Family>): ScriptList {
  return { range: family.range, items: [{ value: family.value === 'ipv4' ? '0.0.0.0/0' : '::/0', range: family.range }] };
}

/**
 * The addresses in all of `lists` (each a union of subnets): what a rule matches when the zone binds
 * sources, the rule's family restricts them and its own source narrows them. Two subnets are nested or
 * disjoint, so each pair meets in the smaller one or nowhere. The result's range is the last list's.
 */
export function narrowed(lists: readonly (ScriptList | undefined)[]): ScriptList | undefined {
  return lists.reduce<ScriptList | undefined>((outer, inner) => (!outer ? inner : !inner ? outer : { range: inner.range, items: meet(outer.items, inner.items) }), undefined);
}

function meet(outer: readonly Located<string>[], inner: readonly Located<string>[]): Located<string>[] {
  const items: Located<string>[] = [];
  for (const a of outer) {
    for (const b of inner) {
      const ra = parseAddressOrCidr(a.value);
      const rb = parseAddressOrCidr(b.value);
      if (!ra || !rb) continue;
      if (rangeContains(ra, rb)) items.push(b);
      else if (rangeContains(rb, ra)) items.push(a);
    }
  }
  return items;
}

/** `name="value"`, quotes included. */
export function attributeRange(a: XmlAttribute): OffsetRange {
  return [a.nameRange[0], a.valueRange[1] + 1];
}
