import type { FirewallProfile, Located, OffsetRange, ProfileSettings, SyntaxProblem } from '../model/types';
import type { ScriptStyle } from '../model/scriptStyle';

/**
 * The shared shape of Windows firewall scripts (netsh advfirewall, PowerShell
 * NetSecurity): each dialect's parser turns commands into ScriptRules, which
 * become the engine's rule model. Every range is an absolute offset in the file.
 */

/** A value as written, with each item's meaning (quotes removed) and exact place. */
export interface ScriptList {
  /** The whole value, e.g. `10000,50100-50149`, `"10.0.1.10"` or `@(10000, 6101)`. */
  readonly range: OffsetRange;
  readonly items: Located<string>[];
}

export type ScriptDirection = 'inbound' | 'outbound';

/** One firewall command of a script. */
export interface ScriptRule {
  /** The command, continuation lines included; it starts at the line's start when only blanks come before the command. */
  readonly range: OffsetRange;
  /** `add`: a new rule. `enable`: predefined rules turned on (or off) by group or display name. */
  readonly kind: 'add' | 'enable';
  readonly name?: Located<string>;
  readonly description?: Located<string>;
  /** Absent means inbound (both dialects' default). */
  readonly direction?: Located<ScriptDirection>;
  /** Lower-cased as written: allow, block, bypass, notconfigured. */
  readonly action?: Located<string>;
  /** Lower-cased as written: tcp, udp, any, a protocol number, icmpv4… */
  readonly protocol?: Located<string>;
  readonly localPorts?: ScriptList;
  readonly remotePorts?: ScriptList;
  readonly localAddresses?: ScriptList;
  readonly remoteAddresses?: ScriptList;
  readonly program?: Located<string>;
  /** The profiles it applies in, where the command or export says; absent means every profile. */
  readonly profiles?: Located<readonly FirewallProfile[]>;
  /** Absent means enabled. For `enable` commands, whether they turn the rules on. */
  readonly enabled?: Located<boolean>;
  /** For `enable` commands: the groups or display names turned on. */
  readonly predefined?: ScriptList & { readonly by: 'group' | 'name' };
  /** Some parameters could not be known (a splatted hashtable that is computed): the rule is not counted. */
  readonly uncertain?: boolean;
  readonly style: ScriptStyle;
}

export interface ScriptParse {
  /** Every rule in order; none when the parser was given a RuleSink. */
  readonly rules: ScriptRule[];
  /** Malformed commands and invalid values: reported as BEX001. */
  readonly problems: SyntaxProblem[];
  /** Values that cannot be known without running the script (a computed port, LocalSubnet): BEX018, information. */
  readonly unresolved: SyntaxProblem[];
  readonly eol: '\n' | '\r\n';
  /** False for a script with no firewall command at all: the server then stays silent on it. */
  readonly hasFirewallCommands: boolean;
  /** Exports: per-profile settings and the active profiles, when the export holds them. */
  readonly profileSettings?: Partial<Readonly<Record<FirewallProfile, ProfileSettings>>>;
  readonly activeProfiles?: Located<readonly FirewallProfile[]>;
}

/**
 * Takes each rule as soon as it is read, in order, instead of the parse's `rules`: a long script's
 * rules then never need to be held all at once.
 */
export type RuleSink = (rule: ScriptRule) => void;

/** What a fix or the generator writes as one command. */
export interface ScriptRuleSpec {
  readonly name: string;
  readonly description?: string;
  readonly direction: ScriptDirection;
  readonly action: 'allow' | 'block';
  readonly protocol?: 'tcp' | 'udp';
  readonly localPorts?: readonly string[];
  readonly remotePorts?: readonly string[];
  readonly localAddresses?: readonly string[];
  readonly remoteAddresses?: readonly string[];
  /** Instead of a new rule: turn on these predefined rules by display name. */
  readonly enableDisplayNames?: readonly string[];
}
