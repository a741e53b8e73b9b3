import type { OffsetEdit } from '../checks/types';
import type { NewRule } from '../fixes/ruleEdits';
import type { ManifestModel, RuleDialect, RuleFileModel, RuleModel, SourceText } from '../model/types';
import type { FixData } from '../checks/types';
import type { CommandRenderer } from './scriptEdits';

/** A rule `befw generate` writes: addresses resolved, its service and source cited in `description`. */
export interface GeneratedRule {
  readonly name: string;
  readonly description: string;
  readonly direction: 'inbound' | 'outbound';
  readonly protocol: 'tcp' | 'udp';
  /** `n` or `a-b`. */
  readonly ports: readonly string[];
  readonly sources: readonly string[];
  readonly destinations: readonly string[];
}

/** Where and how a fix's new rule is written. */
export interface InsertRequest {
  readonly rule: NewRule;
  readonly data: FixData;
  readonly manifest?: ManifestModel;
  /** The rule the new one must come before (first-match files), by index. */
  readonly before?: number;
  /** Linux chains: the chain (its id) the rule goes into, and the position in its rules to insert before (absent: appended). */
  readonly chain?: { readonly id: string; readonly before?: number };
}

/** How fixes edit a file of a dialect, in its own syntax and the style of the rules around. */
export interface DialectEdits {
  /** The edit that adds a rule, or undefined when no safe place exists (a script ending in a line continuation). */
  insertRule(ruleFile: RuleFileModel, request: InsertRequest): OffsetEdit | undefined;
  /** Adds ports to the port list of an existing rule, in place. */
  addPorts?(ruleFile: RuleFileModel, rule: RuleModel, ports: readonly string[]): OffsetEdit[] | undefined;
  /**
   * Turns a rule around in place (BEX103): its sources become its destinations and the reverse, in the
   * dialect's own terms (a Windows rule's direction and local/remote sides); undefined when it cannot.
   */
  reverseRule?(ruleFile: RuleFileModel, rule: RuleModel, manifest: ManifestModel | undefined): OffsetEdit[] | undefined;
  /** Replaces an "any" source with these addresses. */
  narrowSource?(ruleFile: RuleFileModel, rule: RuleModel, sources: readonly string[]): OffsetEdit[] | undefined;
}

/**
 * One firewall dialect: how its files are recognised and read into the rule
 * model, and how fixes write into them. Checks and flow evaluation see only the
 * model; what they need to know of a dialect is a capability here, never its id.
 */
export interface Dialect {
  readonly id: RuleDialect;
  /** What the dialect is, for messages and the README ("netsh advfirewall script"). */
  readonly label: string;
  /** File name endings (lower case) that say a file is written in it. */
  readonly extensions: readonly string[];
  /** Whether a text is in this dialect, for files whose name does not say (a .txt export); looks at the start only. */
  recognise?(start: string): boolean;
  /** The comment that starts a suppression directive line ("#", "REM", ";"); absent for a format without comments (JSON), where none applies. */
  readonly lineComment?: string;
  /** A line ending in this continues its command on the next: suppression directives go above the command's first line. */
  readonly continuation?: RegExp;
  /** Windows refuses a whole command that has one bad port item (netsh, PowerShell); our YAML reports the item alone. */
  readonly rejectsCommandOnBadPort: boolean;
  /** A file with no rule and no problem is not a firewall file at all (a batch file without netsh commands): no diagnostics then. */
  readonly silentWithoutRules: boolean;
  /** Whether the editor offers completion inside its files. */
  readonly completion: boolean;
  /**
   * Reads a file. `cache` is what the previous parse of the same URI left (see
   * createCache): an edit re-reads only the rules whose text changed.
   */
  parse(source: SourceText, cache: unknown): RuleFileModel;
  createCache(): unknown;
  /** Writes one command, for generated scripts (script dialects only; YAML is generated whole). */
  readonly renderCommand?: CommandRenderer;
  /** Lines a generated file starts with (`@echo off`). */
  readonly preamble?: readonly string[];
  /** Absent for exports: a deployed firewall's export is not edited by hand, so fixes write a remediation script beside it. */
  readonly edits?: DialectEdits;
  /** Writes a whole file that allows these rules (`befw generate --dialect`), for dialects whose files are more than a list of commands. */
  readonly renderFile?: (rules: readonly GeneratedRule[], header: string) => string;
}
