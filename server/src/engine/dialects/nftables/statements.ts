import type { SyntaxProblem } from '../../model/types';
import { Cursor, word } from './cursor';
import { handleOfComment, type Token } from './lex';
import type { Rule, Statement, ValueKind, VerdictName, Word } from './tree';
import { readValue } from './values';

/**
 * One rule of a chain: its statements in order, up to the end of its line (or `;`). FORMATS.md
 * 2b: matches (`ip saddr`, `tcp dport`, `ct state` …), inline `counter packets N bytes M`, and a
 * verdict. What is not read here is an unknown statement kept with its range, never dropped.
 */

/** Selectors read as matches, by first word; the value kind says how their values are read. */
const SELECTORS: Record<string, Record<string, ValueKind> | ValueKind> = {
  ip: { saddr: 'address', daddr: 'address', protocol: 'other' },
  ip6: { saddr: 'address', daddr: 'address', nexthdr: 'other' },
  tcp: { dport: 'port', sport: 'port' },
  udp: { dport: 'port', sport: 'port' },
  th: { dport: 'port', sport: 'port' },
  ct: { state: 'other' },
  meta: { l4proto: 'other', nfproto: 'other', iif: 'other', iifname: 'other', oif: 'other', oifname: 'other' },
  iif: 'other',
  iifname: 'other',
  oif: 'other',
  oifname: 'other',
};

const OPERATORS = new Set(['==', '!=', '<', '>', '<=', '>=', 'eq', 'ne', 'lt', 'gt', 'le', 'ge']);
const VERDICTS = new Set<VerdictName>(['accept', 'drop', 'reject', 'jump', 'goto', 'return', 'continue', 'queue']);
/** Words that read as a verdict but are not one of nft's (iptables spellings, other products' words). */
const NOT_VERDICTS = new Set(['allow', 'deny', 'block', 'permit', 'pass', 'ACCEPT', 'DROP', 'REJECT', 'RETURN', 'Accept', 'Drop', 'Reject']);
const ENDS_REJECT_WITH = new Set(['counter', 'comment', 'log']);
/** `log` options, each with one value (flags take a comma list). */
const LOG_OPTIONS = new Set(['prefix', 'level', 'group', 'snaplen', 'queue-threshold', 'flags']);

function startsStatement(cursor: Cursor): boolean {
  const t = cursor.peek();
  if (!t || t.kind !== 'word') return false;
  return t.text in SELECTORS || t.text === 'counter' || t.text === 'comment' || t.text === 'log' || VERDICTS.has(t.text as VerdictName);
}

/** Reads the rule at the cursor (a non-blank line of a chain body). */
export function readRule(cursor: Cursor, problems: SyntaxProblem[]): Rule {
  const statements: Statement[] = [];
  let handle: number | undefined;
  const start = cursor.peek()!.span[0];
  let end = start;
  while (!cursor.atStatementEnd()) {
    const t = cursor.peek()!;
    if (t.kind === 'comment') {
      cursor.next();
      handle = handleOfComment(t) ?? handle;
      continue;
    }
    if (t.kind === 'word' && t.text === 'handle' && cursor.peek(1)?.kind === 'word' && /^\d{1,10}$/.test(cursor.peek(1)!.text)) {
      cursor.next();
      handle = Number(cursor.next()!.text);
      continue;
    }
    const statement = readStatement(cursor, problems);
    statements.push(statement);
    end = statement.range[1];
  }
  return { range: [start, end], statements, handle };
}

function readStatement(cursor: Cursor, problems: SyntaxProblem[]): Statement {
  const t = cursor.peek()!;
  if (t.kind === 'word') {
    if (t.text in SELECTORS) {
      const match = readMatch(cursor, problems);
      if (match) return match;
    } else if (t.text === 'counter') return readCounter(cursor);
    else if (t.text === 'comment' && cursor.peek(1)?.kind === 'string') {
      cursor.next();
      const text = cursor.next()!;
      return { kind: 'comment', range: [t.span[0], text.span[1]], text: word(text) };
    } else if (t.text === 'log') return readLog(cursor);
    else if (VERDICTS.has(t.text as VerdictName)) return readVerdict(cursor, problems);
    else if (NOT_VERDICTS.has(t.text)) {
      cursor.next();
      problems.push({ message: `\`${t.text}\` is not an nftables verdict: nft writes accept, drop, reject, jump, goto, return or continue.`, range: t.range });
      return { kind: 'unknown', range: t.span, words: [word(t)] };
    }
  }
  return readUnknown(cursor);
}

/** Tokens up to the next statement this parser reads, braces taken whole. */
function readUnknown(cursor: Cursor): Statement {
  const words: Word[] = [];
  const start = cursor.peek()!.span[0];
  let end = start;
  do {
    const t = cursor.peek()!;
    if (t.kind === 'open') {
      const inner = cursor.restOfStatementInBraces();
      words.push(...inner.words);
      end = inner.end;
    } else {
      cursor.next();
      if (t.kind !== 'comma') words.push(word(t));
      end = t.span[1];
    }
  } while (!cursor.atStatementEnd() && cursor.peek()!.kind !== 'comment' && !startsStatement(cursor));
  return { kind: 'unknown', range: [start, end], words };
}

function readMatch(cursor: Cursor, problems: SyntaxProblem[]): Statement | undefined {
  const first = cursor.peek()!;
  const entry = SELECTORS[first.text];
  let kind: ValueKind;
  const selector: Token[] = [first];
  if (typeof entry === 'string') kind = entry;
  else {
    const second = cursor.peek(1);
    if (second?.kind !== 'word' || !(second.text in entry)) return undefined;
    kind = entry[second.text];
    selector.push(second);
  }
  const after = cursor.peek(selector.length);
  // Maps, verdict maps (`tcp dport vmap { 22 : accept }`) and concatenations (`ip saddr . tcp dport { a . p }`) are kept whole as unknown statements.
  if (after?.kind === 'word' && (after.text === 'vmap' || after.text === 'map' || after.text === '.')) return undefined;
  for (let i = 0; i < selector.length; i++) cursor.next();
  const operator = cursor.peek()?.kind === 'word' && OPERATORS.has(cursor.peek()!.text) ? cursor.next() : undefined;
  const value = readValue(cursor, kind, problems);
  const last = operator ?? selector[selector.length - 1];
  if (!value) {
    problems.push({ message: `\`${selector.map((s) => s.text).join(' ')}\` has no value to match.`, range: [first.span[0], last.span[1]] });
    return { kind: 'unknown', range: [first.span[0], last.span[1]], words: [...selector, ...(operator ? [operator] : [])].map(word) };
  }
  const negated = operator?.text === '!=' || operator?.text === 'ne';
  return { kind: 'match', range: [first.span[0], value.range[1]], selector: selector.map(word), operator: operator && word(operator), negated, valueKind: kind, value };
}

function readCounter(cursor: Cursor): Statement {
  const keyword = cursor.next()!;
  let end = keyword.span[1];
  const numbers: Record<string, number> = {};
  // `counter packets 1482 bytes 342159` (FORMATS.md 2b): kept, not used for decisions.
  for (const key of ['packets', 'bytes']) {
    const value = cursor.peek(1);
    if (cursor.peek()?.text === key && value?.kind === 'word' && /^\d{1,20}$/.test(value.text)) {
      cursor.next();
      cursor.next();
      numbers[key] = Number(value.text);
      end = value.span[1];
    }
  }
  return { kind: 'counter', range: [keyword.span[0], end], packets: numbers.packets, bytes: numbers.bytes };
}

function readLog(cursor: Cursor): Statement {
  const keyword = cursor.next()!;
  let end = keyword.span[1];
  const options: { key: Word; value: Word[] }[] = [];
  while (cursor.peek()?.kind === 'word' && LOG_OPTIONS.has(cursor.peek()!.text)) {
    const key = cursor.next()!;
    const value: Word[] = [];
    end = key.span[1];
    for (let v = cursor.peek(); v && (v.kind === 'word' || v.kind === 'string'); v = cursor.peek()) {
      value.push(word(cursor.next()!));
      end = v.span[1];
      if (cursor.peek()?.kind !== 'comma') break;
      cursor.next();
    }
    options.push({ key: word(key), value });
  }
  return { kind: 'log', range: [keyword.span[0], end], options };
}

function readVerdict(cursor: Cursor, problems: SyntaxProblem[]): Statement {
  const keyword = cursor.next()!;
  const verdict = keyword.text as VerdictName;
  if (verdict === 'jump' || verdict === 'goto') {
    const target = cursor.peek();
    if (target?.kind === 'word' || target?.kind === 'string') {
      cursor.next();
      return { kind: 'verdict', range: [keyword.span[0], target.span[1]], verdict, keyword: word(keyword), target: word(target) };
    }
    problems.push({ message: `\`${verdict}\` needs the name of the chain to go to.`, range: keyword.range });
    return { kind: 'unknown', range: keyword.span, words: [word(keyword)] };
  }
  if (verdict === 'reject' && cursor.peek()?.text === 'with') {
    const withWord = cursor.next()!;
    const rejectWith: Word[] = [];
    let end = withWord.span[1];
    // `reject with icmp type host-unreachable`, `reject with tcp reset`: up to the next statement.
    // `tcp` here is part of `with tcp reset`, not a match: only non-match statements end the list.
    for (let w = cursor.peek(); w?.kind === 'word' && !ENDS_REJECT_WITH.has(w.text) && !VERDICTS.has(w.text as VerdictName); w = cursor.peek()) {
      cursor.next();
      rejectWith.push(word(w));
      end = w.span[1];
    }
    if (rejectWith.length === 0) problems.push({ message: '`reject with` says nothing after `with`.', range: withWord.range });
    return { kind: 'verdict', range: [keyword.span[0], end], verdict, keyword: word(keyword), rejectWith };
  }
  return { kind: 'verdict', range: keyword.span, verdict, keyword: word(keyword) };
}
