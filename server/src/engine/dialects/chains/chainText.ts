import type { Action, ChainVerdict, Located, OffsetRange, SyntaxProblem } from '../../model/types';
import type { ScriptList } from '../scriptRule';

/**
 * What a Linux firewall dialect (iptables-save, nftables, firewalld, ufw) reads a file into: chains
 * of rules with absolute ranges, before they become the rule model (chainModel.ts). Checks and flow
 * evaluation never see this shape, only the model: which dialect a chain came from is not their concern.
 */

/** One rule as written. Item values are normalised (ports `n` or `a-b`, addresses as befw reads them); ranges point at the text. */
export interface ChainRuleText {
  /** The rule, without its line break. */
  readonly range: OffsetRange;
  /** What names the rule in messages: its comment (`-m comment`, nft `comment`, ufw's tuple); else befw names it by its text. */
  readonly name?: Located<string>;
  /** Lower case as written (`tcp`, `udp`, `icmp`); absent means every protocol. */
  readonly protocol?: Located<string>;
  /** Packet source and destination addresses; absent means any. */
  readonly sources?: ScriptList;
  readonly destinations?: ScriptList;
  /** Destination ports; absent means any. */
  readonly ports?: ScriptList;
  readonly verdict: Located<ChainVerdict>;
  /** The first match befw cannot evaluate (an ipset, an interface other than lo, a negation, a mark), as written, and why. */
  readonly hostOnly?: Located<string>;
  /** Matches only packets of connections already made (ct state established,related): it opens no new connection. */
  readonly establishedOnly?: boolean;
  /** Matches only loopback traffic (`-i lo`, `iif "lo"`). */
  readonly loopbackOnly?: boolean;
}

export interface ChainText {
  /** Unique in the file (`filter/INPUT`, `inet filter/input`); jumps name chains by it. */
  readonly id: string;
  readonly name: Located<string>;
  /** Undefined when the chain sees both IPv4 and IPv6. */
  readonly family?: 4 | 6;
  /** Base chains only. */
  readonly hook?: 'inbound' | 'outbound';
  readonly priority?: number;
  readonly policy?: Located<Action>;
  /** Set when the policy is not in the file and befw assumes `policy`: why, for hovers and the lens. */
  readonly policyAssumed?: string;
  readonly rules: readonly ChainRuleText[];
  /** Where a rule appended to the chain is written: the start of the line after its last rule (or after its declaration). */
  readonly appendAt: number;
}

export interface ChainFileParse {
  readonly chains: readonly ChainText[];
  /** BEX001: what could not be read. */
  readonly problems: SyntaxProblem[];
  /** BEX018: what is known only on the host (service names no cited file gives, ipsets, interfaces). */
  readonly unresolved: SyntaxProblem[];
  readonly eol: '\n' | '\r\n';
  /** A file that only states default policies for another file's chains (ufw's /etc/default/ufw). */
  readonly statedPolicies?: { readonly inbound?: Located<Action>; readonly outbound?: Located<Action> };
  /** False for a file with no chain and nothing stated: the server then stays silent on it. */
  readonly recognised: boolean;
}
