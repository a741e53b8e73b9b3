import type { Located, OffsetRange } from '../../model/types';
import { parseAddressOrCidr } from '../../util/address';
import { excerpt } from '../../util/excerpt';
import type { ScriptDirection, ScriptList } from '../scriptRule';
import { isRuntimeAddress, portKind } from '../windowsValues';

/**
 * The values of a `show rule` field, as netsh prints them (FORMATS.md 1a, "Values"). A reader
 * returns the value, or what an admin is told when it cannot be read.
 */
export type Reading<T> = { readonly value: T } | { readonly problem: string; readonly range: OffsetRange };

/** A value as written: its text and exact place (blanks around it left out). */
export interface Written {
  readonly text: string;
  readonly range: OffsetRange;
}

const fail = <T>(problem: string, range: OffsetRange): Reading<T> => ({ problem, range });

/** Yes/No, In/Out, Allow/Block/Bypass: one word of a few, lower-cased. */
function oneOf<T>(written: Written, label: string, words: Readonly<Record<string, T>>): Reading<Located<T>> {
  const meaning = words[written.text.toLowerCase()];
  if (meaning !== undefined) return { value: { value: meaning, range: written.range } };
  const expected = Object.keys(words).map((word) => word[0].toUpperCase() + word.slice(1));
  return fail(`${label} "${excerpt(written.text)}" is not ${expected.slice(0, -1).join(', ')} or ${expected[expected.length - 1]}`, written.range);
}

export const readEnabled = (written: Written) => oneOf(written, 'Enabled', { yes: true, no: false });
export const readDirection = (written: Written) => oneOf<ScriptDirection>(written, 'Direction', { in: 'inbound', out: 'outbound' });
export const readAction = (written: Written) => oneOf(written, 'Action', { allow: 'allow', block: 'block', bypass: 'bypass' });

/** TCP, UDP, Any, ICMPv4, ICMPv6 or a protocol number 0-255 (netsh's `protocol=` values, FORMATS.md 1a). */
export function readProtocol(written: Written): Reading<Located<string>> {
  const lower = written.text.toLowerCase();
  if (/^(?:tcp|udp|any|icmpv4|icmpv6)$/.test(lower) || (/^\d{1,3}$/.test(lower) && Number(lower) <= 255)) return { value: { value: lower, range: written.range } };
  return fail(`Protocol "${excerpt(written.text)}" is not TCP, UDP, Any, ICMPv4, ICMPv6 or a protocol number (0-255)`, written.range);
}

/** A list whose items could be read, and the first item that could not. */
export interface ListReading {
  readonly list: ScriptList;
  readonly bad?: { readonly problem: string; readonly range: OffsetRange };
}

/** LocalPort/RemotePort: Any, ports, ranges, and keywords Windows resolves at run time (scriptModel.ts notes those). */
export function readPorts(written: Written, label: string): ListReading {
  return readList(written, (item) =>
    portKind(item.value) === 'invalid' ? `${label} item "${excerpt(item.value)}" is not Any, a port (1-65535), a range such as 50100-50149 or a keyword such as RPC` : undefined,
  );
}

/**
 * LocalIP/RemoteIP: Any, address keywords (LocalSubnet, DNS…: known only on the host, see
 * windowsValues.ts), addresses, ranges `a-b`, and subnets, which netsh prints with a mask
 * (`10.0.1.0/255.255.255.0`, a single address as `/255.255.255.255`). The engine's address parser
 * reads masks (util/address.ts), so items keep the text as written.
 */
export function readAddresses(written: Written, label: string, addressProblems: Map<string, string | undefined>): ListReading {
  return readList(written, (item) => {
    if (!addressProblems.has(item.value)) addressProblems.set(item.value, addressProblem(item.value));
    const problem = addressProblems.get(item.value);
    return problem && `${label} item "${excerpt(item.value)}" ${problem}`;
  });
}

const DOTTED_MASK = /^\d{1,3}(?:\.\d{1,3}){3}\/\d{1,3}(?:\.\d{1,3}){3}$/;

/** What is wrong with an address item, or undefined when it can be read. */
function addressProblem(value: string): string | undefined {
  if (value.toLowerCase() === 'any' || isRuntimeAddress(value) || parseAddressOrCidr(value)) return undefined;
  if (DOTTED_MASK.test(value) && parseAddressOrCidr(value.slice(0, value.indexOf('/')))) return 'has a subnet mask that is not ones then zeros (such as 255.255.255.0), so it names no subnet';
  return 'is not Any, an address keyword such as LocalSubnet, an address, a subnet or a range a-b';
}

function readList(written: Written, problemOf: (item: Located<string>) => string | undefined): ListReading {
  const kept: Located<string>[] = [];
  let bad: ListReading['bad'];
  for (const item of items(written)) {
    const problem = problemOf(item);
    if (problem === undefined) kept.push(item);
    else bad ??= { problem, range: item.range };
  }
  return { list: { range: written.range, items: kept }, bad };
}

/** The comma-separated items of a value, each trimmed, at its exact place; empty items are left out. */
export function items(written: Written): Located<string>[] {
  const found: Located<string>[] = [];
  let a = written.range[0];
  for (const part of written.text.split(',')) {
    const lead = part.length - part.trimStart().length;
    const item = part.trim();
    if (item) found.push({ value: item, range: [a + lead, a + lead + item.length] });
    a += part.length + 1;
  }
  return found;
}
