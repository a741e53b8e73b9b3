import type { AddressRange } from '../util/address';
import type { ScriptStyle } from '../model/scriptStyle';
import type { PortInterval, PortSet } from '../util/portSet';

/** Start and end character offsets in one file. */
export type OffsetRange = readonly [start: number, end: number];

export interface SourceText {
  readonly uri: string;
  readonly text: string;
}

/** A value with the place it was written. */
export interface Located<T> {
  readonly value: T;
  readonly range: OffsetRange;
}

/** A schema or YAML problem at `path`, relative to the value that was validated. */
export interface SchemaIssue {
  readonly path: readonly (string | number)[];
  readonly detail: string;
  readonly range: OffsetRange;
}

/** A YAML or schema problem, reported as BEX001. */
export interface SyntaxProblem {
  readonly message: string;
  readonly range: OffsetRange;
}

export type Role = 'backup-exec-server' | 'remote-computer' | 'remote-administration-console' | 'm365-endpoints';

export interface HostModel {
  readonly index: number;
  readonly range: OffsetRange;
  readonly name: Located<string>;
  readonly role: Located<Role>;
  readonly address: Located<string>;
  /** Undefined for "any" and for text that is not an address or CIDR. */
  readonly addressRange?: AddressRange;
  readonly agent: 'windows' | 'linux';
  readonly features: Located<string>[];
}

export interface FirewallModel {
  readonly index: number;
  readonly range: OffsetRange;
  readonly name: Located<string>;
  /** The rule files, in the order written: one path, or a list read as one rule set. */
  readonly rules: readonly Located<string>[];
  /** The whole `rules:` value, where a fix adds a file to the list. */
  readonly rulesValue: ListSyntax;
  /** The dialect the rule files are read in, when `format:` says it. */
  readonly format?: Located<RuleDialect>;
  /** Host firewall: the network profile the host is in, when `profile:` says it. */
  readonly profile?: Located<FirewallProfile>;
  readonly protects: Located<string>[];
  readonly host?: Located<string>;
}

/**
 * A dynamic port range: its "50100-50149" text, its interval when it parses,
 * and the flag that turns it on. Backup Exec has one flag per range (TN255831).
 */
export interface RangeSetting {
  /** The range scalar, in both forms: what BEX010-BEX012 rewrite. */
  readonly text: Located<string>;
  readonly interval?: PortInterval;
  /**
   * Where its flag is written: its own `enabled` ({ enabled, range }), or for
   * the older "a-b" text the shared `dynamicPorts.enabled`. Absent when no
   * boolean is written there, and then the range is off.
   */
  readonly enabled?: Located<boolean>;
  /** True for { enabled, range }; false for the older "a-b" text, which only the shared flag turns on. */
  readonly ownFlag: boolean;
}

/** The older `dynamicPorts.enabled`: one flag for both ranges written as text (BEX021). */
export interface SharedRangeFlag extends Located<boolean> {
  /** From its key to its value. */
  readonly entryRange: OffsetRange;
  /** Whether `dynamicPorts` is a block mapping, one entry per line, so the flag's line can be deleted. */
  readonly inBlockMapping: boolean;
}

/** The settings that hold one whole number. */
export type NumberSettingName = 'ndmpPort' | 'concurrentJobs';

export interface ManifestSettings {
  /** Present only when valid; see `invalid`. */
  readonly ndmpPort?: Located<number>;
  readonly sharedEnabled?: SharedRangeFlag;
  readonly serverRange?: RangeSetting;
  readonly agentRange?: RangeSetting;
  readonly concurrentJobs?: Located<number>;
  /**
   * Settings written with a value that is not valid (BEX001 says why).
   * Nothing is built on them, not even their defaults: a wrong ndmpPort
   * means the control port is unknown, not that it is 10000.
   */
  readonly invalid: readonly NumberSettingName[];
}

export interface ManifestModel {
  readonly uri: string;
  readonly text: string;
  readonly problems: SyntaxProblem[];
  readonly settings: ManifestSettings;
  readonly hosts: HostModel[];
  readonly firewalls: FirewallModel[];
  /** Where "hosts:" is written, or the file's start. */
  readonly hostsKeyRange: OffsetRange;
}

/**
 * How a YAML list is written, so edits can write more of the same; `alias`
 * is one written elsewhere (`ports: *backup-ports`), whose items all sit at
 * the alias: an edit writes the list out in its place, for this rule alone.
 */
export type ListStyle = 'flow' | 'block' | 'scalar' | 'alias';

export interface ListSyntax {
  readonly style: ListStyle;
  readonly range: OffsetRange;
  readonly items: Located<unknown>[];
}

/**
 * One rule as written, with ranges relative to the start of its list item, so
 * an unchanged rule keeps its parse when lines above it move.
 */
export interface RuleSyntax {
  readonly text: string;
  readonly issues: readonly SchemaIssue[];
  /** The values of the fields below, without ranges: all that matching every rule of a file needs. */
  readonly values: RuleValues;
  readonly itemRange: OffsetRange;
  readonly keys: Readonly<Record<string, OffsetRange>>;
  readonly name?: Located<string>;
  readonly action?: Located<string>;
  readonly protocol?: Located<string>;
  readonly from?: ListSyntax;
  readonly to?: ListSyntax;
  readonly ports?: ListSyntax;
  readonly windowsRules?: ListSyntax;
  readonly enabled?: Located<boolean>;
  /** Only for rules of Windows firewall scripts, which say which way they apply; YAML rules apply both ways. */
  readonly direction?: 'inbound' | 'outbound';
  /** Windows rules: the network profiles the rule applies in, where it says; absent means every profile. */
  readonly profiles?: Located<readonly FirewallProfile[]>;
  /** Column of the "-" and of the first key, and whether the item is a flow map. */
  readonly dashColumn: number;
  readonly keyColumn: number;
  readonly flowMap: boolean;
}

/** A rule's values as written (action, protocol and enabled only when of the right type); lists are empty when absent. */
export interface RuleValues {
  readonly action?: string;
  readonly protocol?: string;
  readonly enabled?: boolean;
  readonly from: readonly unknown[];
  readonly to: readonly unknown[];
  readonly ports: readonly unknown[];
  readonly windowsRules: readonly unknown[];
}

export type Action = 'allow' | 'block';
export type Protocol = 'tcp' | 'udp' | 'any';

export interface PortItem {
  readonly range: OffsetRange;
  readonly text: string;
  readonly interval?: PortInterval;
  readonly any?: boolean;
  readonly problem?: string;
}

/** A rule with absolute ranges and its meaning. */
export interface RuleModel {
  /** The rule file it is written in: a firewall's rule set may span several files. */
  readonly uri: string;
  readonly index: number;
  /** Offset of the rule's list item in the file; add it to syntax ranges. */
  readonly base: number;
  readonly syntax: RuleSyntax;
  readonly range: OffsetRange;
  readonly name: string;
  readonly action: Action;
  readonly protocol: Protocol;
  readonly from: Located<string>[];
  readonly to: Located<string>[];
  /** The from/to texts alone: what matching needs, without making ranges. */
  readonly sources: readonly string[];
  readonly destinations: readonly string[];
  /** The windowsRules texts alone. */
  readonly windowsRuleNames: readonly string[];
  readonly portItems: PortItem[];
  /** Whether some port item is malformed; cheap, so checks need not place every rule. */
  readonly hasPortProblem: boolean;
  readonly ports: PortSet;
  readonly windowsRules: Located<string>[];
  readonly enabled: boolean;
  /** False when its action, endpoints or ports could not be read; such a rule is not evaluated. */
  readonly usable: boolean;
  /**
   * `compute(rule)`, kept with the rule's text for as long as it is asked with
   * the same `owner`: how rules resolve against one manifest survives edits
   * elsewhere in the file. Meant for one purpose only (model/resolvedRule.ts).
   */
  resolvedWith<O extends object, T>(owner: O, compute: (rule: RuleModel, owner: O) => T): T;
  /** Equal for rules that match and decide exactly alike (BEX202); kept with the rule's text. */
  readonly signature: string;
}

/**
 * How a file's rules decide: our YAML's first match, Windows' block-wins, or Linux chains (iptables,
 * nftables, firewalld, ufw), where a packet walks base chains and the chains they jump to.
 */
export type Evaluation = 'first-match' | 'block-wins' | 'chains';

/** What a chain rule does with a packet it matches; `continue` is a rule that only logs or counts. */
export type ChainVerdict = { readonly kind: 'accept' | 'drop' | 'reject' | 'return' | 'continue' } | { readonly kind: 'jump' | 'goto'; readonly chain: string };

/** One rule of a chain: its match as a rule model, and what it does. */
export interface ChainRule {
  /** Its match (protocol, addresses, ports) and place; `index` is its position in the file's `rules`, or -1 for a rule that is not there (a jump, a return). */
  readonly rule: RuleModel;
  readonly verdict: ChainVerdict;
  /** A match befw cannot evaluate (an ipset, an interface other than lo, a mark): the rule is known only on the host, and this says why. */
  readonly hostOnly?: string;
  /** False for rules that never match a new connection between two hosts: established/related only, loopback only. */
  readonly opensConnections: boolean;
}

/** A chain: a base chain (hooked to inbound or outbound traffic, with a policy) or one entered by jump or goto. */
export interface Chain {
  /** Unique in its file; what jumps name. */
  readonly id: string;
  /** As written, for messages (`INPUT`, `inet filter input`, `zone public`). */
  readonly name: Located<string>;
  /** Undefined when the chain sees both IPv4 and IPv6 (nftables inet). */
  readonly family?: 4 | 6;
  readonly hook?: 'inbound' | 'outbound';
  /** Base chains on one hook run in ascending priority. */
  readonly priority: number;
  readonly policy?: Located<Action>;
  /** The policy is not in this file (ufw's user.rules): befw assumes `policy`, and this says why. */
  readonly policyAssumed?: string;
  readonly rules: readonly ChainRule[];
  /** Where a rule appended to the chain is written. */
  readonly appendAt: number;
}

/** Windows Defender Firewall's network profiles ([MS-FASP] FW_PROFILE_TYPE). */
export type FirewallProfile = 'domain' | 'private' | 'public';
export const FIREWALL_PROFILES: readonly FirewallProfile[] = ['domain', 'private', 'public'];

/** What an export says of one profile; each field only when the export says it. */
export interface ProfileSettings {
  /** Whether the firewall is on in this profile (EnableFirewall). */
  readonly enabled?: boolean;
  readonly inbound?: Action;
  readonly outbound?: Action;
  /**
   * Inbound allow rules do not apply in this profile: the .reg's DoNotAllowExceptions=1 ([MS-GPFAS]
   * 2.2.3 lists the value), the collector's AllowInboundRules False. Read from the settings' names,
   * the conservative way (fewer flows allowed); their exact effect is NOT VERIFIED in befw's sources.
   */
  readonly inboundRulesIgnored?: boolean;
  /** Where the export says it, for hovers and related information. */
  readonly range: OffsetRange;
}

export interface RuleFileLayout {
  readonly eol: '\n' | '\r\n';
  /** Where "rules:" is written, or the file's start. */
  readonly rulesKeyRange: OffsetRange;
  /** The end of the rules list, where a rule is appended. */
  readonly rulesEnd: number;
  /** True when "rules:" has an inline value ("rules: []"), which a fix rewrites. */
  readonly rulesInline?: OffsetRange;
  /** Scripts: how the last rule command is written, for fixes to write alike. */
  readonly commandStyle?: ScriptStyle;
}

/** How a rule file is written: one id per row of DIALECTS (dialects/registry.ts). */
export type RuleDialect = 'yaml' | 'netsh' | 'powershell' | 'netsh-show' | 'windows-registry' | 'windows-collector' | 'iptables-save' | 'nftables' | 'firewalld-zone' | 'ufw';

export interface RuleFileModel {
  readonly uri: string;
  readonly text: string;
  readonly dialect: RuleDialect;
  readonly problems: SyntaxProblem[];
  /** What could not be known without running the file (a computed port, LocalSubnet): BEX018. */
  readonly unresolved: SyntaxProblem[];
  readonly evaluation: Evaluation;
  readonly defaults: { readonly inbound: Action; readonly outbound: Action };
  /** Exports: what they say per profile (enabled, default actions), overriding `defaults` there. */
  readonly profileSettings?: Partial<Readonly<Record<FirewallProfile, ProfileSettings>>>;
  /** Exports made on the host (the collector): the network profiles active when it ran. */
  readonly activeProfiles?: Located<readonly FirewallProfile[]>;
  /** True when `defaults` are Windows' own, assumed because the file does not say them. */
  readonly defaultsAssumed?: boolean;
  readonly rules: RuleModel[];
  readonly layout: RuleFileLayout;
  /** Linux firewalls: the chains packets walk. `rules` then holds only the rules that accept, drop or reject new connections. */
  readonly chains?: readonly Chain[];
  /** A file that states default policies for another file's chains whose policy is assumed (ufw's /etc/default/ufw). */
  readonly statedPolicies?: { readonly inbound?: Located<Action>; readonly outbound?: Located<Action> };
}
