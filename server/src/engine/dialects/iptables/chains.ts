import type { Action, ChainVerdict, Located, SyntaxProblem } from '../../model/types';
import type { ChainFileParse, ChainRuleText, ChainText } from '../chains/chainText';
import { opensFlows, readMatch } from './matches';
import { verdictOf } from './targets';
import type { ChainDeclaration, IptablesSave, Rule, Table, Token } from './tree';

/**
 * An iptables-save tree as chains (chains/chainText.ts). Only the filter table decides whether a
 * connection gets through (FORMATS.md 2a: "Only `filter` INPUT (and possibly user chains jumped to
 * from INPUT) matter"); the other tables are read for their syntax, and what in them may still stop
 * or redirect a connection is said (BEX018). Which chains are base chains, and their policies, is
 * the caller's: iptables-save's INPUT and OUTPUT, ufw's ufw-user-input and ufw-user-output.
 */

/** A chain of the filter table, as declared (`:NAME POLICY`) or as first used by a rule. */
export interface FilterChain {
  readonly name: Token;
  readonly declaration?: ChainDeclaration;
}

export type BaseChain = Pick<ChainText, 'hook' | 'policy' | 'policyAssumed'>;

export interface ChainRoles {
  /** The hook and policy of a base chain; undefined for a chain entered only by jump or goto. */
  baseOf(chain: FilterChain, problems: SyntaxProblem[]): BaseChain | undefined;
  /** Chains that are no part of the host's own traffic (FORWARD): read, but not made chains. */
  readonly skipped?: ReadonlySet<string>;
  familyOf(chain: string): 4 | 6 | undefined;
  /** What names a rule beside its `-m comment` (ufw: its tuple). */
  nameOf?(rule: Rule): Located<string> | undefined;
}

export function chainFileOf(text: string, save: IptablesSave, roles: ChainRoles): ChainFileParse {
  const problems: SyntaxProblem[] = [...save.problems];
  const unresolved: SyntaxProblem[] = [];
  const filters = save.tables.filter((table) => table.name.text === 'filter');
  // iptables-restore v1.8.9 kept only the last of two *filter tables in one file (NOTES.md).
  for (const replaced of filters.slice(0, -1)) {
    unresolved.push({ message: 'a later *filter table in this file replaces this one when iptables-restore loads it: befw reads the last one', range: replaced.name.range });
  }
  for (const table of save.tables) if (table.name.text !== 'filter') noteOtherTable(table, unresolved);
  const filter = filters[filters.length - 1];
  const chains = filter ? filterChains(text, filter, roles, problems, unresolved) : [];
  return { chains, problems, unresolved, eol: text.includes('\r\n') ? '\r\n' : '\n', recognised: save.tables.length > 0 };
}

function filterChains(text: string, table: Table, roles: ChainRoles, problems: SyntaxProblem[], unresolved: SyntaxProblem[]): ChainText[] {
  const found = new Map<string, FilterChain>();
  for (const declaration of table.chains) found.set(declaration.name.text, { name: declaration.name, declaration });
  const ordered = new Map<string, Rule[]>();
  for (const rule of table.rules) {
    if (!found.has(rule.chain.text)) found.set(rule.chain.text, { name: rule.chain });
    const rules = ordered.get(rule.chain.text) ?? [];
    // `-I CHAIN n` puts the rule at position n of the chain as it stands at that line.
    if (rule.insertion) rules.splice(rule.insertion.at - 1, 0, rule);
    else rules.push(rule);
    ordered.set(rule.chain.text, rules);
  }
  const jumpable = new Set(table.chains.filter((declaration) => declaration.userChain).map((declaration) => declaration.name.text));
  const declarationsEnd = table.chains.length > 0 ? table.chains[table.chains.length - 1].range[1] : table.name.range[1];
  const chains: ChainText[] = [];
  for (const chain of found.values()) {
    const rules = ordered.get(chain.name.text) ?? [];
    if (roles.skipped?.has(chain.name.text)) {
      // Not evaluated, but a target iptables-restore refuses there is still a problem of the file.
      for (const rule of rules) verdictOf(rule, jumpable, problems, []);
      continue;
    }
    const lastLine = rules.reduce((end, rule) => Math.max(end, rule.range[1]), -1);
    chains.push({
      id: chain.name.text,
      name: { value: chain.name.text, range: chain.name.range },
      family: roles.familyOf(chain.name.text),
      ...roles.baseOf(chain, problems),
      rules: rules.map((rule) => chainRule(text, rule, jumpable, roles, problems, unresolved)),
      appendAt: nextLine(text, lastLine === -1 ? declarationsEnd : lastLine),
    });
  }
  return chains;
}

function chainRule(text: string, rule: Rule, jumpable: ReadonlySet<string>, roles: ChainRoles, problems: SyntaxProblem[], unresolved: SyntaxProblem[]): ChainRuleText {
  const match = readMatch(text, rule);
  const { verdict, hostOnly: decidedOnHost } = verdictOf(rule, jumpable, problems, unresolved);
  // A rule that only logs or counts decides nothing, and one no flow can match concerns none: neither needs a note.
  const hostOnly = verdict.value.kind !== 'continue' && opensFlows(match) ? (match.hostOnly ?? decidedOnHost) : undefined;
  if (hostOnly) unresolved.push({ message: hostOnlyMessage(hostOnly.value, verdict.value), range: hostOnly.range });
  return { ...match, range: rule.range, name: roles.nameOf?.(rule) ?? match.name, verdict, hostOnly };
}

/** BEX018 on a rule known only on the host: what befw makes of it, by what it does. */
function hostOnlyMessage(why: string, verdict: ChainVerdict): string {
  const consequence =
    verdict.kind === 'accept'
      ? 'it never counts as letting a Backup Exec flow through'
      : verdict.kind === 'drop' || verdict.kind === 'reject'
        ? 'it is not counted, but on the host it may stop a Backup Exec flow'
        : verdict.kind === 'jump' || verdict.kind === 'goto'
          ? `its ${verdict.kind} to ${verdict.chain} is not followed`
          : 'it is read past';
  return `${why}: befw cannot tell which connections this rule matches, so ${consequence}`;
}

/** Targets outside the filter table that may still stop or redirect a connection befw evaluates in the filter table. */
const REDIRECTING: ReadonlySet<string> = new Set(['DNAT', 'REDIRECT']);
const STOPPING: ReadonlySet<string> = new Set(['DROP', 'REJECT']);

function noteOtherTable(table: Table, unresolved: SyntaxProblem[]): void {
  for (const rule of table.rules) {
    const target = rule.target?.target;
    if (!target) continue;
    if (REDIRECTING.has(target.text)) {
      unresolved.push({ message: `${target.text} in the ${table.name.text} table may send connections elsewhere before the filter table sees them; befw evaluates the filter table only`, range: target.range });
    } else if (STOPPING.has(target.text)) {
      unresolved.push({ message: `${target.text} in the ${table.name.text} table may stop connections before the filter table sees them; befw evaluates the filter table only`, range: target.range });
    }
  }
}

/** The start of the line after `offset`'s line (the file's end when it has no line break there). */
export function nextLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/** A built-in chain's policy word. iptables(8), -P: "The policy target must be either ACCEPT or DROP." */
export function policyOf(word: Token): Located<Action> | undefined {
  if (word.text === 'ACCEPT') return { value: 'allow', range: word.range };
  if (word.text === 'DROP') return { value: 'block', range: word.range };
  return undefined;
}
