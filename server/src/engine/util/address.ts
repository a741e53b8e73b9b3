/**
 * IPv4/IPv6 addresses and CIDRs as numeric intervals, so "is this host inside
 * that subnet" is two comparisons whatever the notation.
 */
export interface AddressRange {
  readonly family: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

/** Callers remember what they parse (EndpointResolver, per text): rule files repeat the same addresses thousands of times. */
export function parseAddressOrCidr(text: string): AddressRange | undefined {
  // "10.0.2.1-10.0.2.40": a range as Windows firewall rules write it.
  const dash = text.indexOf('-');
  if (dash > 0) {
    const from = parseIPv4(text.slice(0, dash).trim()) ?? parseIPv6(text.slice(0, dash).trim());
    const to = parseIPv4(text.slice(dash + 1).trim()) ?? parseIPv6(text.slice(dash + 1).trim());
    return from && to && from.family === to.family && from.value <= to.value ? { family: from.family, first: from.value, last: to.value } : undefined;
  }
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const prefixText = slash === -1 ? undefined : text.slice(slash + 1);
  const parsed = parseIPv4(addressText) ?? parseIPv6(addressText);
  if (!parsed) return undefined;
  const bits = parsed.family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : parsed.family === 4 && prefixText.includes('.') ? maskLength(prefixText) : prefixLength(prefixText, bits);
  if (prefix === undefined) return undefined;
  const hostBits = BigInt(bits - prefix);
  const mask = (1n << hostBits) - 1n;
  const first = parsed.value & ~mask;
  return { family: parsed.family, first, last: first | mask };
}

const ALL_ONES_V4 = 0xffffffffn;

function prefixLength(text: string, bits: number): number | undefined {
  return /^\d{1,3}$/.test(text) && Number(text) <= bits ? Number(text) : undefined;
}

/** "255.255.255.0" as 24: Windows also writes IPv4 subnets by mask (NetSecurity docs, "IPv4 Subnet (by network mask): 1.2.3.4/255.255.255.0"). */
function maskLength(text: string): number | undefined {
  const mask = parseIPv4(text);
  // Ones then zeros only: 255.0.255.0 names no subnet.
  for (let ones = 0; mask && ones <= 32; ones++) if (mask.value === (ALL_ONES_V4 ^ ((1n << BigInt(32 - ones)) - 1n))) return ones;
  return undefined;
}

export function rangeContains(outer: AddressRange, inner: AddressRange): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

function parseIPv4(text: string): { family: 4; value: bigint } | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return { family: 4, value };
}

function parseIPv6(text: string): { family: 6; value: bigint } | undefined {
  if (!text.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const group of part.split(':')) {
      if (group.includes('.')) {
        const v4 = parseIPv4(group);
        if (!v4) return undefined;
        groups.push(Number(v4.value >> 16n), Number(v4.value & 0xffffn));
      } else {
        if (!/^[0-9A-Fa-f]{1,4}$/.test(group)) return undefined;
        groups.push(parseInt(group, 16));
      }
    }
    return groups;
  };
  const head = toGroups(halves[0]);
  const tail = halves.length === 2 ? toGroups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(group);
  return { family: 6, value };
}
