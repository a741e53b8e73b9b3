import type { OffsetRange, SyntaxProblem } from '../../model/types';

/**
 * The syntax tree of `nft list ruleset` text (FORMATS.md 2b). Every node keeps the exact source
 * range it was read from (absolute character offsets), so diagnostics and fixes land on the text
 * as written. Meaning (which chain a packet reaches, what a service name is) is not decided here:
 * names are kept as written for the rule model to resolve.
 */

/** A token as written: `source.slice(range[0], range[1]) === text` (a string's range excludes its quotes). */
export interface Word {
  readonly text: string;
  readonly range: OffsetRange;
}

/** One value of a match: in a list, an anonymous set, a set's elements, or alone. */
export type Atom =
  | { readonly kind: 'address'; readonly text: string; readonly range: OffsetRange; readonly version: 4 | 6 }
  | { readonly kind: 'prefix'; readonly text: string; readonly range: OffsetRange; readonly version: 4 | 6; readonly address: Word; readonly length: number }
  | { readonly kind: 'addressRange'; readonly text: string; readonly range: OffsetRange; readonly version: 4 | 6; readonly low: Word; readonly high: Word }
  | { readonly kind: 'port'; readonly text: string; readonly range: OffsetRange; readonly port: number }
  | { readonly kind: 'portRange'; readonly text: string; readonly range: OffsetRange; readonly low: number; readonly high: number }
  /** A port printed by name (`ndmp`, `ssh`): FORMATS.md 2b says names come from the host's /etc/services. */
  | { readonly kind: 'serviceName'; readonly text: string; readonly range: OffsetRange }
  /** A `$name` from a `define`. */
  | { readonly kind: 'variable'; readonly text: string; readonly range: OffsetRange }
  /** A quoted value (`iif "lo"`): text without the quotes. */
  | { readonly kind: 'string'; readonly text: string; readonly range: OffsetRange }
  /** Anything else as written: ct states, protocols, interface names, host names. */
  | { readonly kind: 'word'; readonly text: string; readonly range: OffsetRange }
  /** A value that could not be read (a problem says why); never counted as matching anything. */
  | { readonly kind: 'malformed'; readonly text: string; readonly range: OffsetRange };

/** `{ a, b }`: range covers the braces. `extra` keeps what follows an element (`timeout 1h`, `. 22`). */
export interface AnonymousSet {
  readonly kind: 'set';
  readonly range: OffsetRange;
  readonly elements: readonly SetElement[];
}
export interface SetElement {
  readonly value: Atom;
  readonly extra: readonly Word[];
}
/** `@name`: text is the name without `@`; range covers `@name`. */
export interface SetReference {
  readonly kind: 'setReference';
  readonly name: Word;
  readonly range: OffsetRange;
}
/** One value or a comma list (`established,related`). */
export interface ValueList {
  readonly kind: 'list';
  readonly range: OffsetRange;
  readonly items: readonly Atom[];
}
export type Value = AnonymousSet | SetReference | ValueList;

/** What a match reads its values as. */
export type ValueKind = 'address' | 'port' | 'other';

export interface MatchStatement {
  readonly kind: 'match';
  readonly range: OffsetRange;
  /** The selector as written: `ip saddr`, `tcp dport`, `ct state`, `iif`, `meta l4proto`. */
  readonly selector: readonly Word[];
  /** `==`, `!=`, `<` …; undefined when none is written (equality). */
  readonly operator?: Word;
  readonly negated: boolean;
  readonly valueKind: ValueKind;
  readonly value: Value;
}

export interface CounterStatement {
  readonly kind: 'counter';
  readonly range: OffsetRange;
  readonly packets?: number;
  readonly bytes?: number;
}

export interface CommentStatement {
  readonly kind: 'comment';
  readonly range: OffsetRange;
  /** The text between the quotes. */
  readonly text: Word;
}

/** `log [prefix "…"] [level …] …`: not terminal, the rule goes on. */
export interface LogStatement {
  readonly kind: 'log';
  readonly range: OffsetRange;
  readonly options: readonly { readonly key: Word; readonly value: readonly Word[] }[];
}

export type VerdictName = 'accept' | 'drop' | 'reject' | 'jump' | 'goto' | 'return' | 'continue' | 'queue';

export interface VerdictStatement {
  readonly kind: 'verdict';
  readonly range: OffsetRange;
  readonly verdict: VerdictName;
  readonly keyword: Word;
  /** The chain of `jump NAME` / `goto NAME`. */
  readonly target?: Word;
  /** What follows `reject with`: `icmp type host-unreachable` as words; `tcp reset`. */
  readonly rejectWith?: readonly Word[];
}

/** A statement this parser does not read (`limit rate …`, `meta mark set …`, `tcp dport vmap {…}`), kept as written. */
export interface UnknownStatement {
  readonly kind: 'unknown';
  readonly range: OffsetRange;
  readonly words: readonly Word[];
}

export type Statement = MatchStatement | CounterStatement | CommentStatement | LogStatement | VerdictStatement | UnknownStatement;

export interface Rule {
  readonly range: OffsetRange;
  readonly statements: readonly Statement[];
  /** From nft -a's `# handle N`. */
  readonly handle?: number;
}

/** `type filter hook input priority filter;` of a base chain. */
export interface ChainHook {
  readonly range: OffsetRange;
  readonly type: Word;
  readonly hook: Word;
  readonly device?: Word;
  /** As written: `filter`, `0`, `-150`, or `filter - 10` (symbolic names are resolved later). */
  readonly priority: readonly Word[];
}

/** An item of a table or chain body that is kept but not read (`devices = { … }`, `map m { … }`, `flags dormant`). */
export interface UnknownItem {
  readonly range: OffsetRange;
  readonly words: readonly Word[];
}

export interface Chain {
  readonly range: OffsetRange;
  readonly keyword: Word;
  readonly name: Word;
  readonly hook?: ChainHook;
  readonly policy?: Word;
  readonly comment?: Word;
  readonly rules: readonly Rule[];
  readonly unknown: readonly UnknownItem[];
  readonly handle?: number;
  /** False when the text ends before the chain's `}` (a problem says so). */
  readonly closed: boolean;
}

export interface NamedSet {
  readonly range: OffsetRange;
  /** `set` or `map` is not distinguished here: maps are unknown items. */
  readonly name: Word;
  /** `type ipv4_addr` / `typeof ip saddr`: the words after the keyword. */
  readonly type: readonly Word[];
  readonly flags: readonly Word[];
  readonly elements: readonly SetElement[];
  readonly valueKind: ValueKind;
  readonly unknown: readonly UnknownItem[];
  readonly handle?: number;
  readonly closed: boolean;
}

export interface Table {
  readonly range: OffsetRange;
  readonly keyword: Word;
  /** Undefined when the script leaves it out (nft then uses ip). */
  readonly family?: Word;
  readonly name: Word;
  readonly chains: readonly Chain[];
  readonly sets: readonly NamedSet[];
  readonly unknown: readonly UnknownItem[];
  readonly handle?: number;
  readonly closed: boolean;
}

export interface Include {
  readonly range: OffsetRange;
  readonly path: Word;
}

export interface Define {
  readonly range: OffsetRange;
  readonly name: Word;
  readonly value: readonly Word[];
}

export interface NftDocument {
  readonly tables: readonly Table[];
  /** Chains written outside any table (a problem says so); kept so their rules can still be shown. */
  readonly strayChains: readonly Chain[];
  readonly includes: readonly Include[];
  readonly defines: readonly Define[];
  /** Top-level commands of an nft -f script (`flush ruleset`, `add rule …`), kept as written. */
  readonly commands: readonly UnknownItem[];
  readonly problems: readonly SyntaxProblem[];
}
