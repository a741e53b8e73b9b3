import type { Catalog } from '../catalog/catalog';
import type { FlowEvaluation } from '../flows/evaluateFlow';
import type { RequiredFlow } from '../flows/requiredFlows';
import type { EndpointResolver } from '../model/endpoints';
import type { FirewallModel, Located, ManifestModel, OffsetRange, RuleFileModel } from '../model/types';
import type { ObservationMatch, ObservationOptions } from '../probe/observedFlows';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Another place a finding involves (LSP relatedInformation). */
export interface RelatedPlace {
  readonly uri: string;
  readonly range: OffsetRange;
  readonly message: string;
}

/** What a finding's fix needs; kept in the diagnostic's `data`. */
export type FixData = Record<string, unknown> & { readonly fix: string };

export interface Finding {
  readonly uri: string;
  readonly range: OffsetRange;
  readonly message: string;
  readonly related?: RelatedPlace[];
  readonly data?: FixData;
  /** The flow at a firewall this finding reports as not getting through (its rule-file finding only): the flow map links the two. */
  readonly evaluation?: FlowEvaluation;
}

/** A manifest firewall and one rule file it names (absent when it cannot be read); a firewall naming a list has one binding per file, in order. */
export interface FirewallBinding {
  readonly firewall: FirewallModel;
  /** Where the manifest names the file. */
  readonly rulesPath: Located<string>;
  readonly ruleFileUri: string;
  readonly ruleFile?: RuleFileModel;
  readonly loadError?: string;
  /** Why `loadError`: the file does not exist (BEX017 offers to create it), is over the size limit (BEX019), or cannot be read. */
  readonly loadFailure?: LoadFailure;
}

export type LoadFailure = 'missing' | 'too large' | 'unreadable';

/** A file left unchecked because of its size. */
export interface OversizedFile {
  readonly uri: string;
  readonly size: number;
  readonly limit: number;
}

export interface CheckOptions {
  /** BEX014, BEX203 and BEX204 are hardening advice and can be switched off. */
  readonly hardening: boolean;
  readonly oversized?: readonly OversizedFile[];
  /** Probe results to compare with the rule files (BEX300-BEX303), the time now and the age past which they are stale. */
  readonly observed?: ObservationOptions;
}

export interface CheckContext {
  readonly catalog: Catalog;
  readonly manifest?: ManifestModel;
  readonly bindings: readonly FirewallBinding[];
  /** Every rule file checked in this run, referenced or standalone. */
  readonly ruleFiles: readonly RuleFileModel[];
  readonly endpoints: EndpointResolver;
  readonly options: CheckOptions;
  /** The required flows, derived afresh on each call and walked once: there may be millions. */
  flows(): Iterable<RequiredFlow>;
  evaluations(): readonly FlowEvaluation[];
  bindingOf(ruleFile: RuleFileModel): FirewallBinding | undefined;
  /** The probe results met with the required flows, computed once per check. */
  observations(): ObservationMatch;
}

/** An edit by offsets in one file. */
export interface OffsetEdit {
  readonly range: OffsetRange;
  readonly newText: string;
}

export interface CodeFix {
  readonly title: string;
  readonly isPreferred?: boolean;
  /** Per file; `create` marks a file the fix makes, whose one edit at [0, 0] is its whole text. */
  readonly edits: ReadonlyArray<{ readonly uri: string; readonly edits: readonly OffsetEdit[]; readonly create?: boolean }>;
  /** A fix whose edit needs the user's answers first (no `edits` then): what to ask, for the editor to ask it. */
  readonly asks?: FixQuestion;
}

/** What a fix asks before it can write: the role and address of a host to add to the manifest (BEX205). */
export interface FixQuestion {
  readonly kind: 'manifest-host';
  readonly manifestUri: string;
  readonly name: string;
  readonly roles: ReadonlyArray<{ readonly id: string; readonly name: string; readonly description: string }>;
}

export interface FixInput {
  readonly data: FixData;
  readonly catalog: Catalog;
  readonly manifest?: ManifestModel;
  /** The dialect of remediation scripts written beside exports; PowerShell unless set. */
  readonly remediationDialect?: 'powershell' | 'netsh';
  ruleFile(uri: string): RuleFileModel | undefined;
}

export interface CheckDefinition {
  readonly code: string;
  readonly severity: Severity;
  readonly title: string;
  /** What the finding means and how to resolve it, in a sentence or two. */
  readonly docs: string;
  readonly hardening?: boolean;
  check(context: CheckContext): Finding[];
  fix?(input: FixInput): CodeFix[];
}

