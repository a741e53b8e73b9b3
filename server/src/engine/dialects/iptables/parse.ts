import type { OffsetRange, SyntaxProblem } from '../../model/types';
import { isDigits, readChainDeclaration, readComment, readCounters } from './lineKinds';
import { readRuleOptions } from './rule';
import type { ChainDeclaration, Comment, IptablesSave, Rule, Table, Token } from './tree';
import { lineAt, wordsOf } from './words';

/**
 * iptables-save / ip6tables-save text (and ufw's user.rules) to a syntax tree with exact ranges.
 * FORMATS.md 2a: "A table definition starts with a * and the table name. It is ended by COMMIT on
 * a line by itself"; "Blank lines and those that begin with a # are ignored"; rules are
 * `[packets:bytes] -A CHAINNAME ...`. Never throws: what cannot be read is a problem with its range.
 */

/** Built-in chains per table, as iptables-legacy-restore v1.8.9 accepted them undeclared (NOTES.md). Batfish PR #488 (FORMATS.md 2a): a save need not declare them. */
const BUILT_IN_CHAINS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['filter', new Set(['INPUT', 'FORWARD', 'OUTPUT'])],
  ['nat', new Set(['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'])],
  ['mangle', new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'])],
  ['raw', new Set(['PREROUTING', 'OUTPUT'])],
  ['security', new Set(['INPUT', 'FORWARD', 'OUTPUT'])],
]);
const APPEND_WORDS: ReadonlySet<string> = new Set(['-A', '--append']);
/** `-I CHAIN [n]`: ufw writes these into user.rules (`-I ufw-logging-deny …`, `-I ufw-user-logging-input -j RETURN`), FORMATS.md 2d. */
const INSERT_WORDS: ReadonlySet<string> = new Set(['-I', '--insert']);
/** A hostile line cannot flood the editor: past this many problems a line gets one summary. */
const PROBLEMS_PER_LINE = 10;

interface OpenTable {
  readonly name: { text: string; range: OffsetRange };
  readonly start: number;
  readonly chains: ChainDeclaration[];
  readonly rules: Rule[];
  readonly declared: Set<string>;
  /** Rules read so far per chain, for the bounds of `-I CHAIN n`. */
  readonly counts: Map<string, number>;
  lastEnd: number;
}

export function parseIptablesSave(text: string): IptablesSave {
  const tables: Table[] = [];
  const comments: Comment[] = [];
  const problems: SyntaxProblem[] = [];
  let open: OpenTable | undefined;
  /** Comment lines since the last other line: the next rule's. */
  let above: Comment[] = [];

  const close = (commit: OffsetRange | undefined) => {
    if (!open) return;
    if (!commit) problems.push({ message: `table ${open.name.text} has no COMMIT: the save is cut short, and iptables-restore loads no table without it`, range: open.name.range });
    tables.push({ name: open.name, range: [open.start, commit ? commit[1] : open.lastEnd], commit, chains: open.chains, rules: open.rules });
    open = undefined;
  };

  // A byte-order mark from a Windows editor is not part of the first line.
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (at <= text.length) {
    const line = lineAt(text, at);
    at = line.next;
    let start = line.start;
    while (start < line.end && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++;
    let end = line.end;
    while (end > start && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
    if (start === end) {
      above = [];
      continue;
    }
    const first = text.charCodeAt(start);
    if (first === 35 /* # */) {
      const comment = readComment(text, start, end);
      comments.push(comment);
      above.push(comment);
      continue;
    }
    const lineProblems: SyntaxProblem[] = [];
    if (first === 42 /* * */) {
      close(undefined);
      const name = { text: text.slice(start + 1, end), range: [start + 1, end] as OffsetRange };
      if (!BUILT_IN_CHAINS.has(name.text)) lineProblems.push({ message: `"${shorten(name.text)}" is not a table (filter, nat, mangle, raw, security)`, range: [start, end] });
      open = { name, start, chains: [], rules: [], declared: new Set(), counts: new Map(), lastEnd: end };
    } else if (end - start === 6 && text.startsWith('COMMIT', start)) {
      if (open) close([start, end]);
      else lineProblems.push({ message: 'COMMIT outside a table (no *table line above it)', range: [start, end] });
    } else if (first === 58 /* : */) {
      const chain = readChainDeclaration(text, start, end, lineProblems);
      if (!open) lineProblems.push({ message: 'chain declaration outside a table (no *table line above it)', range: [start, end] });
      else if (chain) {
        if (open.declared.has(chain.name.text)) lineProblems.push({ message: `chain ${chain.name.text} is declared twice in table ${open.name.text}`, range: chain.name.range });
        open.declared.add(chain.name.text);
        open.chains.push(chain);
      }
    } else {
      const rule = readRule(text, start, end, above, open, lineProblems);
      if (rule && open) open.rules.push(rule);
    }
    if (open) open.lastEnd = end;
    above = [];
    problems.push(...lineProblems.slice(0, PROBLEMS_PER_LINE));
    if (lineProblems.length > PROBLEMS_PER_LINE) problems.push({ message: `${lineProblems.length - PROBLEMS_PER_LINE} more problems on this line`, range: [start, end] });
  }
  close(undefined);
  return { tables, comments, problems };
}

const shorten = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** `[p:b] -A CHAIN options…`; undefined when the line is not a rule. */
function readRule(text: string, start: number, end: number, above: Comment[], table: OpenTable | undefined, problems: SyntaxProblem[]): Rule | undefined {
  const { words, unclosedQuote } = wordsOf(text, start, end);
  if (unclosedQuote) problems.push({ message: 'this quote does not close: the rest of the line is read as one value', range: unclosedQuote });
  let next = 0;
  const counters = readCounters(words[0]);
  if (counters) next++;
  const command = words[next];
  const inserts = command !== undefined && !command.quoted && INSERT_WORDS.has(command.text);
  if (!command || command.quoted || !(inserts || APPEND_WORDS.has(command.text))) {
    const what = command ? `"${shorten(command.text)}"` : 'nothing';
    const message = counters ? `counters must be followed by -A CHAIN, not ${what}` : command?.text.startsWith('-') ? `only -A and -I rules are read, not ${what}` : 'this line is not a table, chain, rule, COMMIT or comment';
    problems.push({ message, range: [start, end] });
    return undefined;
  }
  const chainWord = words[next + 1];
  if (!chainWord || chainWord.quoted || chainWord.text.startsWith('-')) {
    problems.push({ message: `${command.text} needs a chain name`, range: command.range });
    return undefined;
  }
  const chain = { text: chainWord.text, range: chainWord.range };
  const numbered = inserts && isRuleNumber(words[next + 2]);
  const position = numbered ? { text: words[next + 2].text, range: words[next + 2].range } : undefined;
  const { options, target } = readRuleOptions(words.slice(next + (numbered ? 3 : 2)), problems);
  if (!table) {
    problems.push({ message: 'rule outside a table (no *table line above it): iptables-restore refuses it', range: [start, end] });
    return undefined;
  }
  const insertion = inserts ? insertionOf(position, table.counts.get(chain.text) ?? 0, chain.text, problems) : undefined;
  table.counts.set(chain.text, (table.counts.get(chain.text) ?? 0) + 1);
  const builtIn = BUILT_IN_CHAINS.get(table.name.text);
  const known = (name: string) => table.declared.has(name) || (builtIn?.has(name) ?? false);
  if (!known(chain.text)) problems.push({ message: `chain ${chain.text} is not declared in table ${table.name.text} (no ":${chain.text} - [0:0]" line above)`, range: chain.range });
  if (target?.goto && target.target && !known(target.target.text)) problems.push({ message: `-g goes to chain ${target.target.text}, which is not declared in table ${table.name.text}`, range: target.target.range });
  return { range: [start, end], counters, command: { text: command.text, range: command.range }, chain, insertion, options, target, comments: above };
}

/** A rule number (bounded, so a 1 MB number is not converted). */
const isRuleNumber = (word: { text: string; quoted: boolean } | undefined) => word !== undefined && !word.quoted && word.text.length <= 9 && isDigits(word.text, 0, word.text.length);

/** Where `-I CHAIN [n]` puts its rule; iptables-restore v1.8.9 refused `0` ("Invalid rule number") and a number past the chain's end + 1 ("Index of insertion too big"), NOTES.md. */
function insertionOf(position: Token | undefined, rulesSoFar: number, chain: string, problems: SyntaxProblem[]): Rule['insertion'] {
  const at = position ? Number(position.text) : 1;
  if (position && at === 0) problems.push({ message: 'rule numbers start at 1: iptables-restore refuses -I with 0', range: position.range });
  if (position && at > rulesSoFar + 1) problems.push({ message: `chain ${chain} has ${rulesSoFar} rule(s) at this line, so -I ${at} is past its end: iptables-restore refuses it (write a number up to ${rulesSoFar + 1}, or use -A)`, range: position.range });
  return { position, at: Math.min(Math.max(at, 1), rulesSoFar + 1) };
}
