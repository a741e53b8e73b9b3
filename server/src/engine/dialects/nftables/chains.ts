import type { Located, SyntaxProblem } from '../../model/types';
import { excerpt } from '../../util/excerpt';
import type { ChainFileParse, ChainText } from '../chains/chainText';
import { isNftJson, parseNftJson } from './json';
import { parseNftables } from './parse';
import type { TableScope } from './resolve';
import { chainRuleOf, type RuleNotes } from './rules';
import type { Chain, NftDocument } from './tree';

/**
 * `nft list ruleset` text as chains (chains/chainText.ts). Facts from nft(8) (nftables 1.0.6, the
 * man page of the Debian package installed here):
 * - TABLES: "When no address family is specified, ip is used by default"; ip and ip6 tables see one
 *   IP version, inet both. arp, bridge and netdev tables do not filter the host's own IP connections:
 *   read for their syntax only.
 * - CHAINS: base chains on one hook are "traversed" in ascending priority; a priority is "a signed
 *   integer value or a standard priority name"; the policy is "accept (which is the default) or drop".
 * Only `type filter` chains on the input and output hooks are walked (inbound and outbound
 * connections of the host); chains on other hooks are said to be left out when they may drop.
 */

const IP_FAMILIES = new Map<string, 4 | 6 | undefined>([['ip', 4], ['ip6', 6], ['inet', undefined]]);
const HOOKS = new Map<string, 'inbound' | 'outbound'>([['input', 'inbound'], ['output', 'outbound']]);
/** nft(8) CHAINS, Table 6 "Standard priority names, family and hook compatibility matrix" (ip, ip6, inet). */
const PRIORITY_NAMES = new Map([['raw', -300], ['mangle', -150], ['dstnat', -100], ['filter', 0], ['security', 50], ['srcnat', 100]]);
/** Hooks that also see the host's own connections (before input, after output), whose drops befw does not walk. */
const UNWALKED_HOOKS = new Set(['prerouting', 'postrouting', 'ingress']);
/** Top-level script commands that change the ruleset: what they add is not in the listing befw reads. */
const COMMANDS = new Set(['add', 'insert', 'create', 'replace', 'delete', 'destroy']);

/** The text or `nft -j` JSON listing as chains. */
export function readNftables(text: string): ChainFileParse {
  const doc = isNftJson(text) ? parseNftJson(text) : parseNftables(text);
  const notes: RuleNotes = { problems: [...doc.problems], unresolved: [] };
  const chains: ChainText[] = [];
  const taken = new Set<string>();
  const defines = new Map(doc.defines.map((define) => [define.name.text, define]));
  for (const table of doc.tables) {
    const familyName = table.family?.text ?? 'ip';
    if (!IP_FAMILIES.has(familyName)) continue;
    const label = `${familyName} ${table.name.text}`;
    const chainIds = new Map<string, string>();
    for (const chain of table.chains) if (!chainIds.has(chain.name.text)) chainIds.set(chain.name.text, uniqueId(`${label}/${chain.name.text}`, taken));
    const scope: TableScope = { label, family: IP_FAMILIES.get(familyName), sets: new Map(table.sets.map((set) => [set.name.text, set])), defines, chainIds };
    const named = new Set<string>();
    for (const chain of table.chains) {
      // A chain declared twice (scripts) keeps its first id for jumps; the second gets its own.
      const id = named.has(chain.name.text) ? uniqueId(`${label}/${chain.name.text}`, taken) : chainIds.get(chain.name.text)!;
      named.add(chain.name.text);
      const read = chainTextOf(text, chain, id, scope, notes);
      if (read) chains.push(read);
    }
  }
  noteWhatIsNotRead(doc, notes.unresolved);
  notes.problems.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  notes.unresolved.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  return { chains, problems: notes.problems, unresolved: dedupe(notes.unresolved), eol: text.includes('\r\n') ? '\r\n' : '\n', recognised: doc.tables.length > 0 || doc.strayChains.length > 0 };
}

function uniqueId(id: string, taken: Set<string>): string {
  let unique = id;
  for (let n = 2; taken.has(unique); n++) unique = `${id} (${n})`;
  taken.add(unique);
  return unique;
}

/** A chain befw walks, or undefined for a base chain on a hook or of a type it does not walk. */
function chainTextOf(text: string, chain: Chain, id: string, scope: TableScope, notes: RuleNotes): ChainText | undefined {
  let base: Pick<ChainText, 'hook' | 'priority' | 'policy' | 'policyAssumed'> = {};
  if (chain.hook) {
    const hook = HOOKS.get(chain.hook.hook.text);
    if (chain.hook.type.text !== 'filter' || !hook) {
      noteUnwalked(chain, scope, notes.unresolved);
      return undefined;
    }
    const policy: Located<'allow' | 'block'> | undefined = chain.policy && (chain.policy.text === 'drop' ? { value: 'block', range: chain.policy.range } : chain.policy.text === 'accept' ? { value: 'allow', range: chain.policy.range } : undefined);
    base = {
      hook,
      priority: priorityOf(chain, notes.problems),
      policy,
      policyAssumed: chain.policy ? undefined : 'the chain states no policy, and nft(8) says accept is the default',
    };
  }
  const rules = chain.rules.filter((rule) => rule.statements.length > 0).map((rule) => chainRuleOf(text, rule, scope, notes));
  return { id, name: { value: `${scope.label} ${chain.name.text}`, range: chain.name.range }, family: scope.family, ...base, rules, appendAt: appendAtOf(text, chain) };
}

/** `filter`, `-150`, `filter - 10`, `mangle+5` (nft(8): names stand for Table 6's values, and `±` a number moves them). */
function priorityOf(chain: Chain, problems: SyntaxProblem[]): number {
  const words = chain.hook!.priority;
  if (words.length === 0) {
    // nft 1.0.6 here: "syntax error, unexpected semicolon, expecting priority".
    problems.push({ message: 'This base chain has no priority, which nft requires: write `priority filter` (0) after the hook. befw orders it as priority 0.', range: chain.hook!.range });
    return 0;
  }
  const written = words.map((w) => w.text).join('');
  const parts = /^([a-z]+)?([+-]?\d{1,10})?$/.exec(written);
  const named = parts?.[1] !== undefined ? PRIORITY_NAMES.get(parts[1]) : 0;
  if (!parts || named === undefined || (parts[1] === undefined && parts[2] === undefined)) {
    problems.push({ message: `\`${excerpt(written)}\` is not a chain priority: nft(8) takes a number or raw, mangle, dstnat, filter, security or srcnat, optionally plus or minus a number. befw orders this chain as priority 0.`, range: [words[0].range[0], words[words.length - 1].range[1]] });
    return 0;
  }
  return named + Number(parts[2] ?? 0);
}

/**
 * Where a rule appended to the chain goes: the start of the line after its last rule (or after its
 * declaration). When the chain's `}` is on that same line (`chain in { …; policy drop; }`), the `}`
 * itself: the rule is then written before it on the line.
 */
function appendAtOf(text: string, chain: Chain): number {
  const ends = [chain.name.range[1], chain.hook?.range[1] ?? 0, chain.policy?.range[1] ?? 0, chain.comment?.range[1] ?? 0, ...chain.rules.map((rule) => rule.range[1])];
  const after = Math.max(...ends);
  const newline = text.indexOf('\n', after);
  const rest = text.slice(after, newline === -1 ? text.length : newline);
  // Only the `{` of the declaration, `;`, blanks and a comment (nft -a's `# handle N`) may follow on the line.
  if (newline !== -1 && /^[ \t;{]*(#[^\n]*)?\r?$/.test(rest)) return newline + 1;
  return chain.closed ? chain.range[1] - 1 : text.length;
}

/** A base chain befw does not walk, on a hook the host's own connections pass, that may drop some of them. */
function noteUnwalked(chain: Chain, scope: TableScope, unresolved: SyntaxProblem[]): void {
  const hook = chain.hook!;
  const drops = chain.policy?.text === 'drop' || chain.rules.some((rule) => rule.statements.some((s) => s.kind === 'verdict' && (s.verdict === 'drop' || s.verdict === 'reject')));
  if (!drops || !(UNWALKED_HOOKS.has(hook.hook.text) || HOOKS.has(hook.hook.text))) return;
  unresolved.push({
    message: `chain ${excerpt(`${scope.label} ${chain.name.text}`)} (type ${hook.type.text}, hook ${hook.hook.text}) may drop connections to or from this host, but befw walks only type filter chains on the input and output hooks: what it drops is not checked`,
    range: hook.range,
  });
}

/** Included files and script commands: what they add to the ruleset is not in this text. */
function noteWhatIsNotRead(doc: NftDocument, unresolved: SyntaxProblem[]): void {
  for (const include of doc.includes) {
    unresolved.push({ message: `the rules of ${excerpt(include.path.text)} are not read: befw reads one file; list the loaded ruleset (nft list ruleset) to have them checked`, range: include.range });
  }
  for (const command of doc.commands) {
    if (!COMMANDS.has(command.words[0]?.text)) continue;
    unresolved.push({ message: `\`${excerpt(command.words.map((w) => w.text).join(' '))}\` changes the ruleset when the script runs; befw reads rules as nft list ruleset prints them, so load the script and check the listing to have this checked`, range: command.range });
  }
}

/** One note per place and message: rules that share a set share the note on its element. */
function dedupe(notes: readonly SyntaxProblem[]): SyntaxProblem[] {
  const seen = new Set<string>();
  const kept: SyntaxProblem[] = [];
  for (const note of notes) {
    const key = `${note.range[0]}:${note.range[1]}:${note.message}`;
    if (!seen.has(key)) kept.push(note);
    seen.add(key);
  }
  return kept;
}
