/**
 * The options this parser knows, by owner: the rule itself, a match module, a target.
 * Sources: FORMATS.md 2a (the option forms iptables-save prints: `-p`, `! -s`, `-i`/`-o`,
 * `-m tcp --dport`, `-m multiport --dports` and its alias `--destination-ports`, `-m state --state`,
 * `-m conntrack --ctstate`, `-m comment --comment "text"`, `-j`, `-g`) and issue 16 (REJECT, LOG).
 * Anything else is kept as an unknown option with the words after it: "known only on the host".
 */

export type ValueKind =
  /** One word, kept whole (an interface, a comment, a target). */
  | 'word'
  /** One word, a comma list (addresses, states). */
  | 'list'
  /** One port or `a:b` range, open ends allowed (tcp/udp `--dport`). */
  | 'port'
  /** A comma list of ports and ranges, at most 15 counted (multiport). */
  | 'ports'
  /** No value: a flag. */
  | 'none';

export interface OptionSpec {
  readonly canonical: string;
  readonly value: ValueKind;
}

type Table = ReadonlyMap<string, OptionSpec>;

/** A table from `[canonical, value, ...other spellings]` rows. */
function table(rows: readonly (readonly [string, ValueKind, ...string[]])[]): Table {
  const map = new Map<string, OptionSpec>();
  for (const [canonical, value, ...aliases] of rows) {
    for (const spelling of [canonical, ...aliases]) map.set(spelling, { canonical, value });
  }
  return map;
}

/** Options of the rule itself (the iptables command line without `-t`, FORMATS.md 2a). */
export const RULE_OPTIONS = table([
  ['--protocol', 'word', '-p'],
  ['--source', 'list', '-s', '--src'],
  ['--destination', 'list', '-d', '--dst'],
  ['--in-interface', 'word', '-i'],
  ['--out-interface', 'word', '-o'],
  ['--fragment', 'none', '-f'],
  ['--ipv4', 'none', '-4'],
  ['--ipv6', 'none', '-6'],
]);

/** `-m` / `--match`: starts a match module's options. */
export const MATCH_WORDS: ReadonlySet<string> = new Set(['-m', '--match']);
/** `-j` / `--jump` and `-g` / `--goto`: the target, then its options. */
export const JUMP_WORDS: ReadonlySet<string> = new Set(['-j', '--jump']);
export const GOTO_WORDS: ReadonlySet<string> = new Set(['-g', '--goto']);

const TCP_UDP = table([
  ['--dport', 'port', '--destination-port'],
  ['--sport', 'port', '--source-port'],
]);

/** Match modules and their options. */
export const MATCH_OPTIONS: ReadonlyMap<string, Table> = new Map([
  ['tcp', TCP_UDP],
  ['udp', TCP_UDP],
  // FORMATS.md 2a: `--dports [!] port[,port[,port:port...]]`; alias `--destination-ports`.
  ['multiport', table([['--dports', 'ports', '--destination-ports'], ['--sports', 'ports', '--source-ports'], ['--ports', 'ports']])],
  ['conntrack', table([['--ctstate', 'list']])],
  ['state', table([['--state', 'list']])],
  ['comment', table([['--comment', 'word']])],
  // iptables-extensions(8), iprange: `[!] --src-range from[-to]`, `[!] --dst-range from[-to]`.
  ['iprange', table([['--src-range', 'word'], ['--dst-range', 'word']])],
]);

/** `-p tcp` / `-p udp` load their match without `-m` (FORMATS.md 2a: `-p tcp -m tcp --dport 22` prints it explicitly). */
export const IMPLICIT_MATCH_PROTOCOLS: ReadonlySet<string> = new Set(['tcp', 'udp']);

/** Target options (issue 16: REJECT, LOG). */
export const TARGET_OPTIONS: ReadonlyMap<string, Table> = new Map([
  ['REJECT', table([['--reject-with', 'word']])],
  ['LOG', table([['--log-prefix', 'word'], ['--log-level', 'word']])],
]);
