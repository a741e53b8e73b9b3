import type { ChainVerdict, Located, OffsetRange, SyntaxProblem } from '../../model/types';
import { excerpt } from '../../util/excerpt';
import type { ScriptList } from '../scriptRule';
import type { ChainRuleText } from '../chains/chainText';
import { resolveValue, type PlacedAtom, type TableScope } from './resolve';
import { servicePort } from './services';
import type { MatchStatement, Rule, UnknownStatement, VerdictStatement } from './tree';

/**
 * One nft rule as the chain walk reads it (chains/chainText.ts): its protocol, addresses and
 * destination ports, its verdict, and the first match befw cannot evaluate. Statements are those of
 * FORMATS.md 2b; what they mean is nft(8)'s (cited where relied on). Nothing is guessed: a match
 * whose outcome depends on the host (an interface, a negation, a name from its /etc/services, a set
 * it fills) makes the rule host-only, with a BEX018 note at its text.
 */

export interface RuleNotes {
  readonly problems: SyntaxProblem[];
  readonly unresolved: SyntaxProblem[];
}

type Side = 'sources' | 'destinations';

type Comparison = 'below' | 'above' | 'atMost' | 'atLeast';
const COMPARISONS = new Map<string, Comparison>([['<', 'below'], ['lt', 'below'], ['>', 'above'], ['gt', 'above'], ['<=', 'atMost'], ['le', 'atMost'], ['>=', 'atLeast'], ['ge', 'atLeast']]);
/** Interface matches: nft(8) meta expressions iif, iifname, oif, oifname, also written without `meta`. */
const INTERFACE_KEYS = new Set(['iif', 'iifname', 'oif', 'oifname']);
/** The nfproto values nft(8) names, as the address families they restrict a rule to. */
const NFPROTO = new Map<string, 4 | 6>([['ipv4', 4], ['ipv6', 6]]);
/** Statements that are protocol matches of their own: a rule with them never matches TCP or UDP. */
const ICMP_STATEMENTS = new Set(['icmp', 'icmpv6']);

class RuleReading {
  protocol?: Located<string>;
  sources?: ScriptList;
  destinations?: ScriptList;
  ports?: ScriptList;
  /** The IP family an `ip …`/`ip6 …`/`meta nfproto` match restricts the rule to. */
  family?: Located<4 | 6>;
  hostOnly?: Located<string>;
  /** The BEX018 note on what made the rule host-only: written once the verdict is known, and only when the rule decides something. */
  note?: { readonly range: OffsetRange; readonly cause: string; readonly message?: string };
  establishedOnly = false;
  loopbackOnly = false;
  verdict?: Located<ChainVerdict>;
  name?: Located<string>;

  constructor(
    private readonly text: string,
    private readonly scope: TableScope,
    private readonly problems: SyntaxProblem[],
  ) {}

  /** The rule cannot be evaluated: the first reason wins, each reason is noted at its own text. */
  unknown(range: OffsetRange, why: string, noteRange: OffsetRange = range, note?: string): void {
    const written = excerpt(this.text.slice(range[0], range[1]));
    this.hostOnly ??= { value: `${written} (${why})`, range };
    this.note ??= { range: noteRange, cause: `${written}: ${why}`, message: note };
  }

  setProtocol(value: string, range: OffsetRange): void {
    this.protocol ??= { value, range };
  }

  match(m: MatchStatement): void {
    const [first, second] = m.selector.map((w) => w.text);
    const selector = m.selector.map((w) => w.text).join(' ');
    if (first === 'ip' || first === 'ip6') this.family ??= { value: first === 'ip' ? 4 : 6, range: m.selector[0].range };
    if ((first === 'tcp' || first === 'udp') && second) this.setProtocol(first, m.selector[0].range);
    const comparison = m.operator && COMPARISONS.get(m.operator.text);
    if (m.negated) return this.unknown(m.range, 'a negated match, which befw does not evaluate');
    if (comparison && m.valueKind !== 'port') return this.unknown(m.range, `a ${m.operator!.text} comparison, which befw does not evaluate here`);
    if (second === 'saddr' || second === 'daddr') return this.addresses(second === 'saddr' ? 'sources' : 'destinations', m);
    if (second === 'dport') return this.destinationPorts(m, first === 'th' ? undefined : (first as 'tcp' | 'udp'), comparison);
    if (second === 'sport') return this.unknown(m.range, 'a source port match, and Backup Exec connects from dynamic source ports');
    if (selector === 'ip protocol' || selector === 'ip6 nexthdr' || selector === 'meta l4proto') return this.protocols(m);
    if (selector === 'meta nfproto') return this.nfproto(m);
    if (selector === 'ct state') return this.connectionStates(m);
    if (INTERFACE_KEYS.has(second ?? first)) return this.interfaceMatch(m);
    this.unknown(m.range, 'a match befw does not evaluate');
  }

  private values(m: MatchStatement): readonly PlacedAtom[] | undefined {
    const resolved = resolveValue(m.value, m.valueKind, this.scope);
    if ('atoms' in resolved) return resolved.atoms;
    this.unknown(m.range, resolved.unknown, resolved.range);
    return undefined;
  }

  private addresses(side: Side, m: MatchStatement): void {
    const atoms = this.values(m);
    if (!atoms) return;
    if (this[side]) return this.unknown(m.range, `a second ${side === 'sources' ? 'source' : 'destination'} match in one rule, which befw does not combine`);
    const items: Located<string>[] = [];
    for (const { atom, at } of atoms) {
      // nft resolves a host name when it loads the ruleset (listings print addresses): which address is known only there.
      if (atom.kind === 'word' || atom.kind === 'string') return this.unknown(m.range, `${atom.text} is a host name, resolved when the ruleset is loaded`, at);
      items.push({ value: atom.text, range: at });
    }
    this[side] = { range: m.value.range, items };
  }

  private destinationPorts(m: MatchStatement, protocol: 'tcp' | 'udp' | undefined, comparison: Comparison | undefined): void {
    const atoms = this.values(m);
    if (!atoms) return;
    if (this.ports) return this.unknown(m.range, 'a second port match in one rule, which befw does not combine');
    const items: Located<string>[] = [];
    for (const { atom, at } of atoms) {
      let value: string = atom.text;
      if (atom.kind === 'port') value = String(atom.port);
      else if (atom.kind === 'portRange') value = `${atom.low}-${atom.high}`;
      else if (atom.kind === 'serviceName') {
        const port = servicePort(atom.text, protocol);
        if (port === undefined) {
          const note = `port name ${excerpt(atom.text)} is read from the host's /etc/services, which befw does not have; print the ruleset with nft -nn (or without -S)`;
          return this.unknown(m.range, `${atom.text} is a port name from the host's /etc/services`, atom.range, note);
        }
        value = String(port);
      }
      items.push({ value, range: at });
    }
    if (comparison) {
      const bound = items.length === 1 ? Number(items[0].value) : NaN;
      if (!Number.isInteger(bound)) return this.unknown(m.range, `a ${m.operator!.text} comparison with a list, which befw does not evaluate`);
      const range = { below: [0, bound - 1], above: [bound + 1, 65535], atMost: [0, bound], atLeast: [bound, 65535] }[comparison];
      // `tcp dport < 0` or `> 65535` matches no port: an empty list, which counts as no port.
      items[0] = { value: range[0] <= range[1] ? `${range[0]}-${range[1]}` : '', range: items[0].range };
    }
    this.ports = { range: m.value.range, items: items.filter((item) => item.value !== '') };
  }

  /** `meta l4proto`, `ip protocol`, `ip6 nexthdr`: by name (nft prints names; a number is not read). */
  private protocols(m: MatchStatement): void {
    const atoms = this.values(m);
    if (!atoms) return;
    const names = atoms.map(({ atom }) => atom.text.toLowerCase());
    if (names.some((name) => /^\d+$/.test(name))) return this.unknown(m.range, 'a protocol given by number, which befw does not read');
    const tcp = names.includes('tcp');
    const udp = names.includes('udp');
    // Backup Exec flows are TCP or UDP: a set holding both matches every one of them, one holding neither none.
    if (tcp && udp) return;
    this.setProtocol(tcp ? 'tcp' : udp ? 'udp' : names[0], m.value.range);
  }

  private nfproto(m: MatchStatement): void {
    const atoms = this.values(m);
    if (!atoms) return;
    const families = new Set(atoms.map(({ atom }) => NFPROTO.get(atom.text)));
    if (families.has(undefined)) return this.unknown(m.range, 'an nfproto value befw does not read');
    if (families.size === 1) this.family ??= { value: [...families][0]!, range: m.value.range };
  }

  /** Only `new` starts a connection; established, related and invalid packets never open one (nft(8) ct state). */
  private connectionStates(m: MatchStatement): void {
    const atoms = this.values(m);
    if (!atoms) return;
    const states = atoms.map(({ atom }) => atom.text.toLowerCase());
    if (states.includes('new')) return;
    if (states.includes('untracked')) return this.unknown(m.range, 'untracked packets, and whether a connection is tracked depends on the host\'s notrack rules');
    this.establishedOnly = true;
  }

  private interfaceMatch(m: MatchStatement): void {
    const atoms = this.values(m);
    if (!atoms) return;
    if (atoms.length === 1 && atoms[0].atom.text === 'lo') {
      this.loopbackOnly = true;
      return;
    }
    this.unknown(m.range, 'an interface other than lo, and which connections pass through it is known only on the host');
  }

  unknownStatement(s: UnknownStatement): void {
    const [first] = s.words;
    if (first && ICMP_STATEMENTS.has(first.text)) return this.setProtocol(first.text, first.range);
    // A verdict map (`tcp dport vmap { 22 : accept }`) decides by value: befw does not evaluate it, but a drop it may cause is said.
    if (s.words.some((w) => w.text === 'vmap')) {
      if (first?.text === 'ct' && s.words[1]?.text === 'state' && !ctStateMapOpens(s.words)) {
        // `ct state vmap { established : accept, related : accept, invalid : drop }`: no key is `new`, so no new connection meets it.
        this.establishedOnly = true;
        this.verdict ??= { value: { kind: 'continue' }, range: s.range };
        return;
      }
      if (first?.text === 'tcp' || first?.text === 'udp') this.setProtocol(first.text, first.range);
      const drops = s.words.some((w) => w.text === 'drop' || w.text === 'reject' || w.text === 'jump' || w.text === 'goto');
      this.verdict ??= { value: { kind: drops ? 'drop' : 'accept' }, range: s.range };
      return this.unknown(s.range, 'a verdict map, which befw does not evaluate');
    }
    this.unknown(s.range, 'a statement befw does not evaluate');
  }

  verdictOf(v: VerdictStatement): void {
    if (v.verdict === 'queue') {
      // The packet goes to a user-space program, which may drop it.
      this.verdict = { value: { kind: 'drop' }, range: v.range };
      return this.unknown(v.range, 'a user-space program decides');
    }
    if (v.verdict !== 'jump' && v.verdict !== 'goto') {
      this.verdict = { value: { kind: v.verdict }, range: v.range };
      return;
    }
    const target = v.target!.text;
    const id = this.scope.chainIds.get(target);
    this.verdict = { value: { kind: v.verdict, chain: id ?? `${this.scope.label}/${target}` }, range: v.range };
    if (!id) {
      // nft 1.0.6 refuses it: `nft -c -f` says "Could not process rule: No such file or directory" (NOTES.md).
      this.problems.push({ message: `Chain \`${target}\` is not in table \`${this.scope.label}\`: nft refuses a ${v.verdict} to a chain that does not exist. If this is part of a listing, list the whole ruleset (nft list ruleset).`, range: v.target!.range });
      this.hostOnly ??= { value: `${v.verdict} ${target} (a chain not in this file)`, range: v.range };
    }
  }
}

/** The rule as the chain walk reads it; BEX001 problems and BEX018 notes go to `notes`. */
export function chainRuleOf(text: string, rule: Rule, scope: TableScope, notes: RuleNotes): ChainRuleText {
  const reading = new RuleReading(text, scope, notes.problems);
  for (const statement of rule.statements) {
    if (statement.kind === 'comment') reading.name ??= { value: statement.text.text, range: statement.text.range };
    // Statements after the verdict do not decide anything (nft refuses most of them there).
    else if (reading.verdict) continue;
    else if (statement.kind === 'match') reading.match(statement);
    else if (statement.kind === 'unknown') reading.unknownStatement(statement);
    else if (statement.kind === 'verdict') reading.verdictOf(statement);
  }
  // A rule without a verdict (counter, log) lets the packet go on to the next rule.
  const verdict = reading.verdict ?? { value: { kind: 'continue' }, range: rule.range };
  if (reading.note && verdict.value.kind !== 'continue') {
    const drops = verdict.value.kind === 'drop' || verdict.value.kind === 'reject';
    const consequence = drops ? 'befw does not count it as dropping a Backup Exec flow, and says which flows it may drop' : 'befw never counts it as allowing a Backup Exec flow';
    notes.unresolved.push({ message: reading.note.message ?? `${reading.note.cause}; ${consequence}`, range: reading.note.range });
  }
  return {
    range: rule.range,
    name: reading.name,
    protocol: reading.protocol,
    sources: reading.sources ?? familyWide(reading.family, scope, reading.destinations),
    destinations: reading.destinations,
    ports: reading.ports,
    verdict,
    hostOnly: reading.hostOnly,
    establishedOnly: reading.establishedOnly || undefined,
    loopbackOnly: reading.loopbackOnly || undefined,
  };
}

/**
 * In an inet table, `ip …`, `ip6 …` and `meta nfproto` matches restrict a rule to one family (nft(8):
 * nfproto tests which family context the packet is processed in). With no address to say so, the
 * rule's sources become that whole family, placed at the match that restricts it.
 */
function familyWide(family: Located<4 | 6> | undefined, scope: TableScope, destinations: ScriptList | undefined): ScriptList | undefined {
  if (!family || scope.family !== undefined || destinations) return undefined;
  return { range: family.range, items: [{ value: family.value === 4 ? '0.0.0.0/0' : '::/0', range: family.range }] };
}

/** Whether a `ct state vmap { key : verdict, … }` has `new` among its keys (or keys befw cannot read): only then may it meet a new connection. */
function ctStateMapOpens(words: readonly { readonly text: string }[]): boolean {
  const keys = words.filter((_, i) => words[i + 1]?.text === ':').map((word) => word.text.toLowerCase());
  return keys.length === 0 || keys.some((key) => key === 'new' || key === 'untracked' || !/^[a-z]+$/.test(key));
}
