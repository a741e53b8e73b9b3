import { FIREWALL_PROFILES, type Action, type FirewallProfile, type ProfileSettings, type SyntaxProblem } from '../../model/types';
import { excerpt } from '../../util/excerpt';
import type { RegValue } from './regFile';
import { keyRole, type Entry, type ProfileKey, type Store, type Stores } from './stores';

/**
 * Per-profile settings of both stores, Group Policy's over the local ones.
 *
 * - Group Policy: DomainProfile, PrivateProfile, PublicProfile; "If neither
 *   the …\PrivateProfile nor the …\PublicProfile key exists, then the settings
 *   under the …\StandardProfile key are applied to both public and private
 *   profiles" ([MS-GPFAS] 2.2.3). DefaultInboundAction, DefaultOutboundAction
 *   and AllowLocalPolicyMerge "MUST NOT be present" under StandardProfile
 *   (2.2.3.13, 2.2.3.16, 2.2.3.17).
 * - Local store: DomainProfile, StandardProfile (the private profile) and
 *   PublicProfile, with the same values (the project's brief; not in
 *   FORMATS.md, NOT VERIFIED against a Microsoft document).
 * - A value Group Policy sets wins over the local one: the policy's value is
 *   used where it is configured (the "merge law" of the Firewall CSP / [MS-FASP]).
 * - DefaultInboundAction / DefaultOutboundAction: "0x00000000 means allow
 *   traffic and 0x00000001 means block traffic" ([MS-GPFAS] 2.2.3.16, 2.2.3.17;
 *   [MS-FASP] FW_PROFILE_CONFIG_DEFAULT_INBOUND/OUTBOUND_ACTION: block when TRUE).
 * - AllowLocalPolicyMerge = 0: "firewall rules from the local store are
 *   ignored and not enforced" in that profile (Firewall CSP / [MS-FASP]
 *   FW_PROFILE_CONFIG_ALLOW_LOCAL_POLICY_MERGE; [MS-GPFAS] 2.2.3.13).
 */

type Setting = 'enablefirewall' | 'defaultinboundaction' | 'defaultoutboundaction' | 'allowlocalpolicymerge' | 'donotallowexceptions';
const NOT_IN_STANDARD: readonly Setting[] = ['defaultinboundaction', 'defaultoutboundaction', 'allowlocalpolicymerge'];

export interface ProfileReading {
  readonly settings?: Partial<Record<FirewallProfile, ProfileSettings>>;
  /** Profiles where Group Policy ignores the local store's rules, each with the value that says so. */
  readonly localRulesIgnored: ReadonlyMap<FirewallProfile, RegValue>;
  readonly problems: SyntaxProblem[];
  readonly notes: SyntaxProblem[];
}

export function readProfiles(stores: Stores): ProfileReading {
  const problems: SyntaxProblem[] = [];
  const notes: SyntaxProblem[] = [];
  /** The valid 0/1 values of each store's profile keys, by key and setting. */
  const values = new Map<string, { value: RegValue; on: boolean }>();
  for (const entry of stores.entries) {
    if (entry.role.kind !== 'profile') continue;
    const read = readSwitch(entry, problems, notes);
    if (read !== undefined) values.set(`${entry.role.store}/${entry.role.profile}/${entry.value.name.toLowerCase()}`, { value: entry.value, on: read });
  }
  const policyKeys = [...stores.presentKeys].map(keyRole).filter((role) => role?.store === 'policy' && role.kind === 'profile');
  const standardForBoth = !policyKeys.some((role) => role?.kind === 'profile' && (role.profile === 'private' || role.profile === 'public'));
  const keyOf = (store: Store, profile: FirewallProfile): ProfileKey => {
    if (profile === 'domain') return 'domain';
    if (store === 'local') return profile === 'private' ? 'standard' : 'public';
    return standardForBoth ? 'standard' : profile;
  };
  const setting = (profile: FirewallProfile, name: Setting) => values.get(`policy/${keyOf('policy', profile)}/${name}`) ?? values.get(`local/${keyOf('local', profile)}/${name}`);
  const settings: Partial<Record<FirewallProfile, ProfileSettings>> = {};
  const localRulesIgnored = new Map<FirewallProfile, RegValue>();
  const action = (on: boolean): Action => (on ? 'block' : 'allow');
  for (const profile of FIREWALL_PROFILES) {
    const enabled = setting(profile, 'enablefirewall');
    const inbound = setting(profile, 'defaultinboundaction');
    const outbound = setting(profile, 'defaultoutboundaction');
    const shielded = setting(profile, 'donotallowexceptions');
    const merge = values.get(`policy/${keyOf('policy', profile)}/allowlocalpolicymerge`);
    if (merge && !merge.on) localRulesIgnored.set(profile, merge.value);
    const decided = inbound ?? enabled ?? outbound ?? shielded;
    if (!decided) continue;
    settings[profile] = {
      enabled: enabled?.on,
      inbound: inbound && action(inbound.on),
      outbound: outbound && action(outbound.on),
      ...(shielded?.on ? { inboundRulesIgnored: true } : {}),
      range: decided.value.range,
    };
  }
  return { settings: Object.keys(settings).length > 0 ? settings : undefined, localRulesIgnored, problems, notes };
}

/** A profile value as 0 (false) or 1 (true); what is neither is a problem, and a value StandardProfile must not hold is noted. */
function readSwitch(entry: Entry, problems: SyntaxProblem[], notes: SyntaxProblem[]): boolean | undefined {
  const { value } = entry;
  const name = value.name.toLowerCase() as Setting;
  if (entry.role.kind === 'profile' && entry.role.profile === 'standard' && entry.role.store === 'policy' && NOT_IN_STANDARD.includes(name)) {
    notes.push({ message: `${value.name} must not be set under StandardProfile ([MS-GPFAS] 2.2.3); what Windows does with it there is NOT VERIFIED, befw ignores it`, range: value.idRange });
    return undefined;
  }
  if (entry.role.store === 'local' && name === 'allowlocalpolicymerge') return undefined;
  const data = value.data;
  if (data.kind === 'dword' && (data.value === 0 || data.value === 1)) return data.value === 1;
  const written = data.kind === 'dword' ? `dword:${data.value.toString(16).padStart(8, '0')}` : data.kind === 'string' ? `"${excerpt(data.value.text)}"` : 'this data';
  problems.push({ message: `${value.name} takes dword:00000000 or dword:00000001 ([MS-GPFAS] 2.2.3), not ${written}; befw ignores it`, range: data.range });
  return undefined;
}
