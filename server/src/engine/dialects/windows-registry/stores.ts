import type { SyntaxProblem } from '../../model/types';
import { excerpt } from '../../util/excerpt';
import type { RegFile, RegKey, RegValue } from './regFile';

/**
 * Which keys of a .reg export hold Windows Firewall policy, and what is left
 * of them once regedit has imported the file top to bottom: a later value of
 * the same name replaces an earlier one, `"Name"=-` deletes a value and
 * `[-KEY]` a key with everything under it.
 *
 * Two stores (FORMATS.md 1b): Group Policy's, `Software\Policies\Microsoft\
 * WindowsFirewall` ([MS-GPFAS] 1.9, 2.2.2.19, 2.2.3), and the local one,
 * `SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy`
 * (read by metablaster/WindowsFirewallRuleset; the WiX tools name it under
 * ControlSet001, so any control set is read as the local store).
 */

export type Store = 'policy' | 'local';
export type ProfileKey = 'domain' | 'private' | 'public' | 'standard';
export type KeyRole = { readonly store: Store; readonly kind: 'rules' } | { readonly store: Store; readonly kind: 'profile'; readonly profile: ProfileKey };

const POLICY_BASE = /^hkey_local_machine\\software\\policies\\microsoft\\windowsfirewall(?=\\|$)/;
const LOCAL_BASE = /^hkey_local_machine\\system\\(?:currentcontrolset|controlset\d{3})\\services\\sharedaccess\\parameters\\firewallpolicy(?=\\|$)/;
const ROLES: Readonly<Record<string, ProfileKey | 'rules'>> = {
  '\\firewallrules': 'rules',
  '\\domainprofile': 'domain',
  '\\privateprofile': 'private',
  '\\publicprofile': 'public',
  '\\standardprofile': 'standard',
};

/** The values read in profile keys ([MS-GPFAS] 2.2.3.1, 2.2.3.13, 2.2.3.16, 2.2.3.17), lower-cased. */
export const PROFILE_VALUES = ['enablefirewall', 'defaultinboundaction', 'defaultoutboundaction', 'allowlocalpolicymerge', 'donotallowexceptions'];

/** A key path lower-cased, its control set written as the current one, without a trailing `\`: keys compare by it. */
export function normalisedPath(path: string): string {
  // A loop, not /\\+$/: that regular expression is quadratic on a long run of backslashes.
  let end = path.trimEnd().length;
  while (end > 0 && path[end - 1] === '\\') end--;
  return path.slice(0, end).trim().toLowerCase().replace(/^(hkey_local_machine\\system\\)controlset\d{3}(?=\\|$)/, '$1currentcontrolset');
}

function storeOf(path: string): { store: Store; rest: string } | undefined {
  const base = POLICY_BASE.exec(path) ?? LOCAL_BASE.exec(path);
  return base ? { store: base[0].startsWith('hkey_local_machine\\software') ? 'policy' : 'local', rest: path.slice(base[0].length) } : undefined;
}

export function keyRole(path: string): KeyRole | undefined {
  const found = storeOf(normalisedPath(path));
  const role = found && ROLES[found.rest];
  if (!found || !role) return undefined;
  return role === 'rules' ? { store: found.store, kind: 'rules' } : { store: found.store, kind: 'profile', profile: role };
}

/** A value still in effect after the import, with its key. */
export interface Entry {
  readonly key: RegKey;
  readonly role: KeyRole;
  readonly value: RegValue;
}

export interface Stores {
  /** Whether the file names any key of either store: a .reg without one is not about the firewall. */
  readonly firewallKeys: boolean;
  /** In the order regedit leaves them: the last writing of each name counts, at its place. */
  readonly entries: Entry[];
  /** Keys present once the import is done (normalised paths). */
  readonly presentKeys: ReadonlySet<string>;
  /** The last `[KEY]` block of each store's rules key that no later `[-KEY]` deletes: where a fix writes. */
  readonly rulesBlocks: Partial<Record<Store, RegKey>>;
  readonly notes: SyntaxProblem[];
}

const under = (path: string, deleted: string) => path === deleted || path.startsWith(`${deleted}\\`);

export function readStores(file: RegFile): Stores {
  const live = new Map<string, Entry>();
  const presentKeys = new Set<string>();
  const rulesBlocks: Partial<Record<Store, RegKey>> = {};
  const notes: SyntaxProblem[] = [];
  let firewallKeys = false;
  const drop = (entry: Entry, why: string) => notes.push({ message: `${why}, so this value does not count`, range: entry.value.idRange });
  for (const key of file.keys) {
    const path = normalisedPath(key.path);
    if (storeOf(path)) firewallKeys = true;
    if (key.deleted) {
      const why = `"[-…\\${excerpt(key.path.slice(key.path.lastIndexOf('\\') + 1))}]" on line ${key.line} deletes this key with its values when regedit imports the file`;
      for (const [identity, entry] of live) {
        if (!under(normalisedPath(entry.key.path), path)) continue;
        drop(entry, why);
        live.delete(identity);
      }
      for (const present of presentKeys) if (under(present, path)) presentKeys.delete(present);
      for (const store of ['policy', 'local'] as const) if (rulesBlocks[store] && under(normalisedPath(rulesBlocks[store]!.path), path)) delete rulesBlocks[store];
      continue;
    }
    presentKeys.add(path);
    const role = keyRole(path);
    if (!role) continue;
    if (role.kind === 'rules') rulesBlocks[role.store] = key;
    for (const value of key.values) {
      if (role.kind === 'profile' && !PROFILE_VALUES.includes(value.name.toLowerCase())) continue;
      const identity = `${path}\u0000${value.name.toLowerCase()}`;
      const earlier = live.get(identity);
      if (earlier) {
        drop(earlier, value.data.kind === 'delete' ? `"${excerpt(value.name)}"=- on line ${value.line} deletes it` : `a value of the same name on line ${value.line} replaces it (regedit keeps the last one it imports)`);
        live.delete(identity);
      }
      if (value.data.kind !== 'delete') live.set(identity, { key, role, value });
    }
  }
  return { firewallKeys, entries: [...live.values()], presentKeys, rulesBlocks, notes };
}
