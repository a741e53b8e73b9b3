import type { OffsetRange } from '../../model/types';
import { parseAddressOrCidr } from '../../util/address';
import { scriptSpecOf } from '../scriptEdits';
import type { ScriptRuleSpec } from '../scriptRule';
import type { DialectEdits } from '../types';
import { readRegFile, type RegFile } from './regFile';
import { readProfiles } from './profiles';
import { readStores, type Store, type Stores } from './stores';

/**
 * Quick-fixes write a rule as one more value line that `reg import` accepts,
 * in the FirewallRules key the file already uses, after its last value line.
 * A file without one gets the local store's key: the Group Policy store is
 * written on the host by Group Policy from the domain's policy ([MS-GPFAS]
 * 2.1), so a rule imported there by hand is not part of any policy.
 */
export const LOCAL_RULES_KEY = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules';

/** The header regedit writes on a Unicode export (FORMATS.md 1b). */
const HEADER = 'Windows Registry Editor Version 5.00';

/** The schema version written: one Windows writes (FORMATS.md 1b, "seen in the wild"). */
const VERSION = 'v2.30';

export interface RulesTarget {
  /** Where the new value line goes. */
  readonly at: number;
  /** The rules key's path, or the header when the file has none: where a missing flow is reported. */
  readonly keyRange: OffsetRange;
  /** The file has no FirewallRules key in effect: the key line is written too. */
  readonly newKey: boolean;
  /** The store the line goes into; absent when the key is new (the local store's). */
  readonly store?: Store;
}

/** The store the file's rules are in (Group Policy's when both hold some: its rules apply whatever AllowLocalPolicyMerge says), else the one whose key is written. */
export function rulesTarget(text: string, file: RegFile, stores: Stores): RulesTarget {
  const counts: Record<Store, number> = { policy: 0, local: 0 };
  for (const entry of stores.entries) if (entry.role.kind === 'rules') counts[entry.role.store]++;
  const written = (['policy', 'local'] as const).filter((store) => stores.rulesBlocks[store]);
  const store = written.find((s) => counts[s] > 0) ?? written[0];
  const block = store && stores.rulesBlocks[store];
  return block ? { at: block.end, keyRange: block.pathRange, newKey: false, store } : { at: text.length, keyRange: file.headerRange, newKey: true };
}

export const registryEdits: DialectEdits = {
  insertRule(ruleFile, { rule, data, manifest }) {
    const ruleString = ruleStringOf(scriptSpecOf(rule, data, manifest));
    if (!ruleString) return undefined;
    const { text } = ruleFile;
    const file = readRegFile(text);
    const stores = readStores(file);
    const target = rulesTarget(text, file, stores);
    // A local rule Group Policy ignores in some profile (AllowLocalPolicyMerge=0) would not let the flow through there:
    // the line goes under the Group Policy key when the file has one, and no fix is offered when it has not.
    if (target.store !== 'policy' && readProfiles(stores).localRulesIgnored.size > 0) return undefined;
    const { eol } = ruleFile.layout;
    const line = `"${ruleIdOf(ruleString)}"="${escapeReg(ruleString)}"`;
    const lines = target.newKey ? [...(text === '' ? [HEADER] : []), '', `[${LOCAL_RULES_KEY}]`, line] : [line];
    const needsBreak = target.at > 0 && text[target.at - 1] !== '\n';
    return { range: [target.at, target.at], newText: `${needsBreak ? eol : ''}${lines.join(eol)}${eol}` };
  },
};

/** `\` and `"` escaped as regedit writes them inside a string (FORMATS.md 1b). */
function escapeReg(text: string): string {
  return text.replace(/[\\"]/g, (char) => `\\${char}`);
}

/** No escape for `|` inside a value is documented (FORMATS.md 1b): it, and line breaks, become harmless characters. */
function fieldText(text: string): string {
  return text.replace(/\|/g, '/').replace(/[\r\n\t]+/g, ' ');
}

/**
 * The rule string of a fix's rule: single ports in LPort/RPort, ranges in
 * LPort2_10/RPort2_10, IPv4 in RA4/LA4, IPv6 in RA6/LA6 ([MS-GPFAS]
 * 2.2.2.19). Undefined when the grammar cannot say it: predefined rules
 * turned on by display name, ports without TCP or UDP, a host name.
 */
export function ruleStringOf(spec: ScriptRuleSpec): string | undefined {
  if (spec.enableDisplayNames) return undefined;
  const fields = [VERSION, `Action=${spec.action === 'block' ? 'Block' : 'Allow'}`, 'Active=TRUE', `Dir=${spec.direction === 'outbound' ? 'Out' : 'In'}`];
  const ports = [...(spec.localPorts ?? []).map((port) => portField('L', port)), ...(spec.remotePorts ?? []).map((port) => portField('R', port))];
  if (ports.some((field) => field === undefined) || (ports.length > 0 && !spec.protocol)) return undefined;
  // "LPort=" MUST come after a Protocol= of 6 or 17 ([MS-GPFAS] 2.2.2.19).
  if (spec.protocol) fields.push(`Protocol=${spec.protocol === 'tcp' ? 6 : 17}`);
  fields.push(...(ports as string[]));
  const addresses = [...(spec.localAddresses ?? []).map((address) => addressField('L', address)), ...(spec.remoteAddresses ?? []).map((address) => addressField('R', address))];
  if (addresses.some((field) => field === undefined)) return undefined;
  fields.push(...(addresses as string[]), `Name=${fieldText(spec.name)}`);
  if (spec.description) fields.push(`Desc=${fieldText(spec.description)}`);
  return `${fields.join('|')}|`;
}

function portField(side: 'L' | 'R', port: string): string | undefined {
  if (/^\d{1,5}$/.test(port)) return `${side}Port=${port}`;
  return /^\d{1,5}-\d{1,5}$/.test(port) ? `${side}Port2_10=${port}` : undefined;
}

function addressField(side: 'L' | 'R', address: string): string | undefined {
  const family = parseAddressOrCidr(address)?.family;
  return family && `${side}A${family}=${address}`;
}

/**
 * A rule id in GUID form, `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}` as Windows
 * names the rules it creates, made from the rule string (FNV-1a, four bases):
 * the same fix always writes the same id, so writing it twice leaves one rule
 * (regedit keeps the last value of a name).
 */
export function ruleIdOf(content: string): string {
  const hex = [0x811c9dc5, 0x050c5d1f, 0x27d4eb2f, 0x165667b1]
    .map((basis) => {
      let hash = basis;
      for (let i = 0; i < content.length; i++) hash = Math.imul(hash ^ content.charCodeAt(i), 0x01000193) >>> 0;
      return hash.toString(16).padStart(8, '0');
    })
    .join('')
    .toUpperCase();
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}}`;
}
