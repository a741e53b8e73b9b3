import type { ChainVerdict, Located, SyntaxProblem } from '../../model/types';
import type { Rule } from './tree';

/**
 * What a rule's target does with a packet it matches. iptables(8), TARGETS: "the name of a
 * user-defined chain, one of the targets described in iptables-extensions(8), or one of the special
 * values ACCEPT, DROP or RETURN"; RETURN resumes in the calling chain, and at a built-in chain the
 * policy decides. iptables-extensions(8): REJECT "is a terminating TARGET"; LOG, NFLOG and ULOG are
 * "non-terminating": rule traversal continues at the next rule.
 */

const STANDARD: Readonly<Record<string, ChainVerdict>> = {
  ACCEPT: { kind: 'accept' },
  DROP: { kind: 'drop' },
  REJECT: { kind: 'reject' },
  RETURN: { kind: 'return' },
  LOG: { kind: 'continue' },
  NFLOG: { kind: 'continue' },
  ULOG: { kind: 'continue' },
};

/** iptables-extensions(8), NFQUEUE: "passes the packet to userspace"; the program there must "drop or reinject" it. */
const HANDED_TO_A_PROGRAM = 'NFQUEUE';

/**
 * The other targets iptables 1.8.9 installs (Debian package iptables: the upper-case libxt_, libipt_ and
 * libip6t_ extensions). A name that is neither one of these nor a chain of the table makes
 * iptables-restore refuse the file ("Chain 'FOO' does not exist", NOTES.md).
 */
const EXTENSION_TARGETS: ReadonlySet<string> = new Set(
  ('AUDIT CHECKSUM CLASSIFY CLUSTERIP CONNMARK CONNSECMARK CT DNAT DNPT DSCP ECN HL HMARK IDLETIMER LED MARK MASQUERADE ' +
    'NETMAP NOTRACK RATEEST REDIRECT SECMARK SET SNAT SNPT SYNPROXY TCPMSS TCPOPTSTRIP TEE TOS TPROXY TRACE TTL').split(' '),
);

export interface RuleVerdict {
  readonly verdict: Located<ChainVerdict>;
  /** Set when only the host knows what becomes of the packet (NFQUEUE). */
  readonly hostOnly?: Located<string>;
}

/**
 * The verdict of a rule in a table whose chains are `chains`. A rule without a target only counts
 * packets. An extension target befw does not know the effect of is read as non-terminating, and said
 * (BEX018); a name that is no target and no chain is a problem (BEX001).
 */
export function verdictOf(rule: Rule, chains: ReadonlySet<string>, problems: SyntaxProblem[], unresolved: SyntaxProblem[]): RuleVerdict {
  const target = rule.target?.target;
  if (!rule.target || !target) return { verdict: { value: { kind: 'continue' }, range: rule.target?.name.range ?? rule.command.range } };
  const range = target.range;
  if (rule.target.goto) return { verdict: { value: { kind: 'goto', chain: target.text }, range } };
  if (chains.has(target.text)) return { verdict: { value: { kind: 'jump', chain: target.text }, range } };
  const standard = STANDARD[target.text];
  if (standard) return { verdict: { value: standard, range } };
  if (target.text === HANDED_TO_A_PROGRAM) {
    const written = rule.target.range;
    return { verdict: { value: { kind: 'drop' }, range }, hostOnly: { value: 'NFQUEUE (a program on the host accepts or drops the packet)', range: written } };
  }
  if (EXTENSION_TARGETS.has(target.text)) {
    unresolved.push({ message: `befw does not evaluate target ${target.text}: it reads the rule as letting the packet go on to the next rule`, range });
  } else {
    problems.push({ message: `-j ${target.text}: no chain of this table is called ${target.text}, and it is no target iptables knows; iptables-restore refuses the file (declare the chain with ":${target.text} - [0:0]" or fix the name)`, range });
  }
  return { verdict: { value: { kind: 'continue' }, range } };
}
