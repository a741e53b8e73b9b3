import type { Located } from '../../model/types';
import type { ChainFileParse } from '../chains/chainText';
import { chainFileOf, nextLine, type BaseChain, type FilterChain } from '../iptables/chains';
import { parseIptablesSave } from '../iptables/parse';
import type { IptablesSave, Rule, Token } from '../iptables/tree';

/**
 * ufw's /etc/ufw/user.rules and user6.rules: iptables-restore text with `### tuple ###` comments
 * (FORMATS.md 2d), read with the iptables-save parser. ufw 0.36.2 (backend_iptables.py, `_write_rules`)
 * writes each rule into `ufw-user-input` (incoming), `ufw-user-output` (outgoing) or `ufw-user-forward`
 * (routed), `ufw6-…` in user6.rules; its own chains that call them (before.rules, after.rules) are
 * not in the file. What falls off `ufw-user-input` meets ufw's default policy, which
 * /etc/default/ufw states (a second file in `rules:`, ./defaults.ts).
 */

const USER_CHAIN = /^(ufw6?)-user-(input|output)$/;
/** Routed traffic: not the host's own. */
const ROUTED: ReadonlySet<string> = new Set(['ufw-user-forward', 'ufw6-user-forward']);

/** ufw 0.36.2's /etc/default/ufw: DEFAULT_INPUT_POLICY="DROP", DEFAULT_OUTPUT_POLICY="ACCEPT" (FORMATS.md 2d). */
const ASSUMED = {
  inbound: { value: 'block', why: "ufw's default incoming policy is deny; /etc/default/ufw (DEFAULT_INPUT_POLICY) was not given, so deny is assumed" },
  outbound: { value: 'allow', why: "ufw's default outgoing policy is allow; /etc/default/ufw (DEFAULT_OUTPUT_POLICY) was not given, so allow is assumed" },
} as const;

export function readUfwUserRules(text: string): ChainFileParse {
  const save = parseIptablesSave(text);
  const tuples = blockTuples(text, save);
  return chainFileOf(text, save, { baseOf, skipped: ROUTED, familyOf, nameOf: (rule) => nameOf(tuples.get(rule)) });
}

/** The tuple of each rule's block: ufw writes a tuple line, then the rule's lines right below it (a limit rule has three). */
function blockTuples(text: string, save: IptablesSave): Map<Rule, Token> {
  const found = new Map<Rule, Token>();
  for (const table of save.tables) {
    let previous: Rule | undefined;
    let tuple: Token | undefined;
    for (const rule of table.rules) {
      const below = previous !== undefined && nextLine(text, previous.range[1]) === text.lastIndexOf('\n', rule.range[0] - 1) + 1;
      tuple = rule.comments.find((comment) => comment.tuple)?.tuple ?? (below ? tuple : undefined);
      if (tuple) found.set(rule, tuple);
      previous = rule;
    }
  }
  return found;
}

function baseOf(chain: FilterChain): BaseChain | undefined {
  const base = USER_CHAIN.exec(chain.name.text);
  if (!base) return undefined;
  const hook = base[2] === 'input' ? 'inbound' : 'outbound';
  const assumed = ASSUMED[hook];
  return { hook, policy: { value: assumed.value, range: (chain.declaration?.policy ?? chain.name).range }, policyAssumed: assumed.why };
}

function familyOf(chain: string): 4 | 6 | undefined {
  return chain.startsWith('ufw6-') ? 6 : chain.startsWith('ufw-') ? 4 : undefined;
}

/** A rule's tuple names it: its `comment=` (hex-encoded UTF-8, ufw's util.hex_encode) when it has one, else the tuple itself. */
function nameOf(tuple: Token | undefined): Located<string> | undefined {
  if (!tuple) return undefined;
  const at = tuple.text.lastIndexOf(' comment=');
  const comment = at === -1 ? undefined : fromHex(tuple.text.slice(at + ' comment='.length));
  return { value: comment ?? tuple.text, range: tuple.range };
}

function fromHex(hex: string): string | undefined {
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
