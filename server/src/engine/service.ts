import { DiagnosticSeverity, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import { getDefaultCatalog, type Catalog } from './catalog/catalog';
import { createCheckContext } from './checks/context';
import { CHECKS, checkByCode, docsUrl } from './checks/registry';
import type { CheckContext, FirewallBinding, Finding, FixData, FixQuestion, OversizedFile, Severity } from './checks/types';
import type { FlowEvaluation } from './flows/evaluateFlow';
import { uncheckedFirewalls, type UncheckedFirewall } from './flows/uncheckedFlows';
import type { ManifestModel, RuleDialect, RuleFileModel, SourceText } from './model/types';
import { isSuppressed, suppressionEdit } from './language/suppression';
import { parseManifest } from './parse/manifestParser';
import { dialectFor, dialectOf } from './dialects/registry';
import type { Dialect } from './dialects/types';
import { documentOf, LineIndex, toRange } from './util/lineIndex';
import { escapeControls } from './util/excerpt';
import { megabytes } from './util/size';
import { folderOf, resolveRulesPath } from './util/uris';
import { DEFAULT_OBSERVATION_MAX_AGE_DAYS, PROBE_RESULTS_SUFFIX, type ObservationFile, type ObservedFlow, type ObservedSource } from './probe/types';
import { parseObservations } from './probe/parseObservations';

/** How the engine reads files it is not handed (rule files that are not open). */
export interface FileSystem {
  /**
   * Resolves with the file's text; rejects with an Error whose message says
   * why not (with `code` 'ENOENT' when there is no such file), or with a
   * FileTooLargeError when it holds more than `maxBytes` (a reader should stop reading there).
   */
  readFile(uri: string, maxBytes: number): Promise<string>;
  /**
   * The URIs of the files in a folder (not its subfolders), to find the probe
   * results beside a manifest; a platform without it reads only `CheckSettings.observed`.
   */
  listFolder?(folderUri: string): Promise<string[]>;
}

/** A file over the size limit: the engine reports it (BEX019) instead of checking it. */
export class FileTooLargeError extends Error {
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`${megabytes(size)} is over the ${megabytes(limit)} limit, so it is not checked`);
  }
}

export interface ServiceOptions {
  readonly fileSystem: FileSystem;
  readonly catalog?: Catalog;
}

export interface CheckSettings {
  /** Hardening advice (BEX014, BEX203, BEX204); default on. */
  readonly hardening?: boolean;
  /** Files longer than this many characters are not checked (BEX019); default 20 MB. */
  readonly maxFileSize?: number;
  /** Per-code severity, or "off" to drop the code. */
  readonly severities?: Readonly<Record<string, Severity | 'off'>>;
  /** Texts to use instead of the files on disk (open editors). */
  readonly documents?: (uri: string) => string | undefined;
  /** Probe results to compare with the rule files, besides the `*.probe.jsonl` files beside the manifest (read when the file system lists folders). */
  readonly observed?: readonly ObservedSource[];
  /** Observations older than this many days are stale (BEX302); default 30. */
  readonly observationMaxAgeDays?: number;
  /** The time now, in milliseconds since 1970: what observations' ages are measured from (tests pin it). */
  readonly now?: number;
}

export interface CheckReport {
  readonly manifest?: ManifestModel;
  readonly bindings: readonly FirewallBinding[];
  readonly ruleFiles: readonly RuleFileModel[];
  readonly evaluations: readonly FlowEvaluation[];
  /** Firewalls not evaluated because a rule file of theirs was not read, with the required flows left unchecked. */
  readonly unchecked: readonly UncheckedFirewall[];
  /** Diagnostics per file URI; every checked file has an entry, empty when clean. */
  readonly diagnostics: ReadonlyMap<string, Diagnostic[]>;
  /** The rule-file diagnostic that reports each failing flow at a firewall (none when its code is off, suppressed or past the per-file limit). */
  readonly flowDiagnostics: ReadonlyMap<FlowEvaluation, { readonly uri: string; readonly diagnostic: Diagnostic }>;
  /** The probe results files read with the manifest (each also has an entry in `diagnostics`). */
  readonly observationFiles: readonly ObservationFile[];
  /** The required flows with observations, each port's newest one beside the rule files' verdict. */
  readonly observedFlows: readonly ObservedFlow[];
}

export interface QuickFix {
  readonly title: string;
  readonly code: string;
  readonly isPreferred: boolean;
  readonly changes: Record<string, TextEdit[]>;
  /** Files the fix makes, with their text (a remediation script beside an export). */
  readonly creates?: readonly { readonly uri: string; readonly text: string }[];
  /** What the editor must ask before the fix can write (its `changes` are empty then). */
  readonly asks?: FixQuestion;
}

export interface QuickFixOptions {
  /** The dialect of remediation scripts written beside exports (the `befw.remediationDialect` setting). */
  readonly remediationDialect?: 'powershell' | 'netsh';
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024;

export const MANIFEST_SUFFIX = '.bexnet.yaml';
export const RULE_FILE_SUFFIX = '.fwrules.yaml';

/**
 * The engine's entry point, in the manner of vscode-json-languageservice:
 * platform services come in, plain results go out, nothing here knows an editor.
 */
export class FirewallService {
  readonly catalog: Catalog;
  private readonly fileSystem: FileSystem;
  private readonly manifests = new Map<string, ManifestModel>();
  private readonly ruleFileModels = new Map<string, RuleFileModel>();
  private readonly observationModels = new Map<string, ObservationFile>();
  /** What the last parse of each rule file left for the next, with the dialect it was read in. */
  private readonly parseCaches = new Map<string, { dialect: Dialect; cache: unknown }>();

  constructor(options: ServiceOptions) {
    this.catalog = options.catalog ?? getDefaultCatalog();
    this.fileSystem = options.fileSystem;
  }

  parseManifest(source: SourceText): ManifestModel {
    const cached = this.manifests.get(source.uri);
    if (cached?.text === source.text) return cached;
    const model = parseManifest(source);
    this.manifests.set(source.uri, model);
    return model;
  }

  /**
   * Parses a rule file in the dialect `format` names, else the one its name or
   * content says; rules whose text did not change since the last parse of this URI are reused.
   */
  parseRuleFile(source: SourceText, format?: RuleDialect): RuleFileModel {
    const dialect = dialectFor(source.uri, source.text, format);
    const cached = this.ruleFileModels.get(source.uri);
    if (cached?.text === source.text && cached.dialect === dialect.id) return cached;
    let kept = this.parseCaches.get(source.uri);
    if (kept?.dialect !== dialect) this.parseCaches.set(source.uri, (kept = { dialect, cache: dialect.createCache() }));
    const model = dialect.parse(source, kept.cache);
    this.ruleFileModels.set(source.uri, model);
    return model;
  }

  /** Drops what is remembered of a file (closed and deleted, say). */
  forget(uri: string): void {
    this.manifests.delete(uri);
    this.ruleFileModels.delete(uri);
    this.observationModels.delete(uri);
    this.parseCaches.delete(uri);
  }

  ruleFileUri(manifestUri: string, path: string): string {
    return resolveRulesPath(manifestUri, path) ?? manifestUri;
  }

  /** Checks a manifest together with every rule file it references. */
  async checkManifest(source: SourceText, settings: CheckSettings = {}): Promise<CheckReport> {
    const limit = settings.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    if (source.text.length > limit) return this.unchecked({ uri: source.uri, size: source.text.length, limit }, settings);
    const manifest = this.parseManifest(source);
    const bindings: FirewallBinding[] = [];
    const oversized: OversizedFile[] = [];
    for (const firewall of manifest.firewalls) {
      for (const rulesPath of firewall.rules) {
        const ruleFileUri = this.ruleFileUri(manifest.uri, rulesPath.value);
        const text = settings.documents?.(ruleFileUri) ?? (await this.read(ruleFileUri, limit));
        const tooLarge = typeof text === 'string' ? (text.length > limit ? new FileTooLargeError(text.length, limit) : undefined) : text.tooLarge;
        const bound = { firewall, rulesPath, ruleFileUri };
        if (tooLarge) {
          oversized.push({ uri: ruleFileUri, size: tooLarge.size, limit });
          bindings.push({ ...bound, loadError: tooLarge.message, loadFailure: 'too large' });
        } else if (typeof text === 'string') bindings.push({ ...bound, ruleFile: this.parseRuleFile({ uri: ruleFileUri, text }, firewall.format?.value) });
        else bindings.push({ ...bound, loadError: text.error, loadFailure: text.missing ? 'missing' : 'unreadable' });
      }
    }
    const ruleFiles = [...new Set(bindings.flatMap((b) => (b.ruleFile ? [b.ruleFile] : [])))];
    const observed = {
      files: (await this.observationSources(manifest.uri, settings, oversized)).map((source) => this.parseObservations(source)),
      now: settings.now ?? Date.now(),
      maxAgeDays: settings.observationMaxAgeDays ?? DEFAULT_OBSERVATION_MAX_AGE_DAYS,
    };
    return this.report(createCheckContext(this.catalog, manifest, bindings, ruleFiles, { hardening: settings.hardening ?? true, oversized, observed }), settings);
  }

  /**
   * The probe results to compare with a manifest: those the settings give, and
   * the `*.probe.jsonl` files beside it when the file system lists folders. A
   * file beside it is its own when no other manifest shares the folder.
   */
  private async observationSources(manifestUri: string, settings: CheckSettings, oversized: OversizedFile[]): Promise<ObservedSource[]> {
    const sources = [...(settings.observed ?? [])];
    const listing = (await this.fileSystem.listFolder?.(folderOf(manifestUri)).catch(() => [])) ?? [];
    const given = new Set(sources.map((source) => source.uri));
    const owned = listing.filter((uri) => uri.endsWith(MANIFEST_SUFFIX)).length <= 1;
    const limit = settings.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    for (const uri of listing) {
      if (!uri.endsWith(PROBE_RESULTS_SUFFIX) || given.has(uri)) continue;
      const text = settings.documents?.(uri) ?? (await this.read(uri, limit));
      if (typeof text === 'string') sources.push({ uri, text, owned });
      else if (text.tooLarge) oversized.push({ uri, size: text.tooLarge.size, limit });
    }
    return sources;
  }

  private parseObservations(source: ObservedSource): ObservationFile {
    const cached = this.observationModels.get(source.uri);
    if (cached?.text === source.text && cached.owned === source.owned) return cached;
    const model = parseObservations(source);
    this.observationModels.set(source.uri, model);
    return model;
  }

  /**
   * Checks a manifest that is not open, read through the file system: one over
   * the size limit gets its BEX019 without being read whole; one that cannot be
   * read rejects with the reason.
   */
  async checkManifestFile(uri: string, settings: CheckSettings = {}): Promise<CheckReport> {
    const limit = settings.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    const text = await this.fileSystem.readFile(uri, limit).catch((error: unknown) => {
      if (error instanceof FileTooLargeError) return error;
      throw error;
    });
    if (text instanceof FileTooLargeError) return this.unchecked({ uri, size: text.size, limit }, settings);
    return this.checkManifest({ uri, text }, settings);
  }

  /** Checks a rule file that no manifest references: its own syntax and rules only. */
  checkRuleFile(source: SourceText, settings: CheckSettings = {}): CheckReport {
    const limit = settings.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    if (source.text.length > limit) return this.unchecked({ uri: source.uri, size: source.text.length, limit }, settings);
    const ruleFile = this.parseRuleFile(source);
    return this.report(createCheckContext(this.catalog, undefined, [], [ruleFile], { hardening: settings.hardening ?? true }), settings);
  }

  /** A file too large to check (measured, or refused by a reader): one diagnostic saying so, nothing parsed. */
  unchecked(file: OversizedFile, settings: CheckSettings): CheckReport {
    return this.report(createCheckContext(this.catalog, undefined, [], [], { hardening: settings.hardening ?? true, oversized: [file] }), settings);
  }

  private async read(uri: string, maxBytes: number): Promise<string | { error: string; tooLarge?: FileTooLargeError; missing: boolean }> {
    try {
      return await this.fileSystem.readFile(uri, maxBytes);
    } catch (error) {
      const missing = (error as { code?: unknown }).code === 'ENOENT';
      return { error: (error as Error).message, tooLarge: error instanceof FileTooLargeError ? error : undefined, missing };
    }
  }

  private report(context: CheckContext, settings: CheckSettings): CheckReport {
    const files = new Map<string, LineIndex>();
    const observationFiles = context.options.observed?.files ?? [];
    const checked = [...(context.manifest ? [context.manifest] : []), ...context.ruleFiles, ...observationFiles];
    for (const file of checked) files.set(file.uri, documentOf(file));
    const dialects = new Map(context.ruleFiles.map((ruleFile) => [ruleFile.uri, dialectOf(ruleFile)]));
    // An unchecked file is not kept in memory: its one diagnostic sits at its start.
    for (const file of context.options.oversized ?? []) files.set(file.uri, new LineIndex(''));
    const found = new Map<string, CodedFinding[]>([...files.keys()].map((uri) => [uri, []]));
    for (const check of CHECKS) {
      const severity = settings.severities?.[check.code] ?? check.severity;
      if (severity === 'off' || (check.hardening && !context.options.hardening)) continue;
      for (const finding of check.check(context)) {
        const document = files.get(finding.uri);
        // JSON Lines have no comments: a results file cannot suppress anything.
        const suppressible = !finding.uri.endsWith(PROBE_RESULTS_SUFFIX);
        if (!document || (suppressible && isSuppressed(document.text, finding.range[0], check.code, dialects.get(finding.uri)))) continue;
        found.get(finding.uri)!.push({ code: check.code, severity, finding });
      }
    }
    const diagnostics = new Map<string, Diagnostic[]>();
    const flowDiagnostics = new Map<FlowEvaluation, { uri: string; diagnostic: Diagnostic }>();
    for (const [uri, list] of found) {
      const shown = toDiagnostics(list, files.get(uri)!, files);
      diagnostics.set(uri, shown);
      // toDiagnostics sorted `list` in place and kept its head: shown[i] is list[i].
      shown.forEach((diagnostic, i) => {
        const evaluation = list[i].finding.evaluation;
        if (evaluation) flowDiagnostics.set(evaluation, { uri, diagnostic });
      });
    }
    const unchecked = uncheckedFirewalls(context.bindings, () => context.flows());
    return {
      manifest: context.manifest,
      bindings: context.bindings,
      ruleFiles: context.ruleFiles,
      evaluations: context.evaluations(),
      unchecked,
      diagnostics,
      flowDiagnostics,
      observationFiles,
      observedFlows: context.observations().flows,
    };
  }

  /** The quick-fixes for one diagnostic of a report, as text edits per file. */
  getQuickFixes(report: CheckReport, diagnostic: Diagnostic, options: QuickFixOptions = {}): QuickFix[] {
    const code = String(diagnostic.code ?? '');
    const check = checkByCode(code);
    const data = diagnostic.data as FixData | undefined;
    if (!check?.fix || !data?.fix) return [];
    const ruleFiles = new Map(report.ruleFiles.map((r) => [r.uri, r]));
    const fixes = check.fix({ data, catalog: this.catalog, manifest: report.manifest, remediationDialect: options.remediationDialect, ruleFile: (uri) => ruleFiles.get(uri) });
    // An edit into a file that does not parse cleanly could land anywhere: such files get no fix until their BEX001 is fixed.
    const broken = (uri: string) => (uri === report.manifest?.uri ? report.manifest.problems.length > 0 : (ruleFiles.get(uri)?.problems.length ?? 1) > 0);
    return fixes.filter((fix) => !fix.edits.some((edit) => !edit.create && broken(edit.uri))).map((fix) => {
      const changes: Record<string, TextEdit[]> = {};
      const creates = fix.edits.filter((edit) => edit.create).map(({ uri, edits }) => ({ uri, text: edits.map((edit) => edit.newText).join('') }));
      for (const { uri, edits, create } of fix.edits) {
        if (create) continue;
        const file = uri === report.manifest?.uri ? report.manifest : ruleFiles.get(uri);
        if (!file) continue;
        const document = documentOf(file);
        changes[uri] = edits.map((edit) => ({ range: toRange(document, edit.range), newText: edit.newText }));
      }
      return { title: fix.title, code, isPreferred: fix.isPreferred ?? false, changes, ...(creates.length > 0 ? { creates } : {}), ...(fix.asks ? { asks: fix.asks } : {}) };
    });
  }
}

/** "Disable BEXnnn for this line": a comment above the diagnostic's line that the checks honour. */
/** Undefined for a file whose format has no comments (a JSON export, probe results); `format` is the manifest's `format:` for the file. */
export function getSuppressionFix(uri: string, text: string, diagnostic: Diagnostic, format?: RuleDialect): QuickFix | undefined {
  if (uri.endsWith(PROBE_RESULTS_SUFFIX)) return undefined;
  const style = dialectFor(uri, text, format);
  if (!style.lineComment) return undefined;
  const document = lineIndexOf(text);
  const code = String(diagnostic.code);
  const edit = suppressionEdit(text, document.offsetAt(diagnostic.range.start), code, text.includes('\r\n') ? '\r\n' : '\n', style);
  return { title: `Disable ${code} for this line`, code, isPreferred: false, changes: { [uri]: [{ range: toRange(document, edit.range), newText: edit.newText }] } };
}

/** The line table of the last text asked for by itself: a hover or code action asks again for the same text. */
let lastText: { text: string; index: LineIndex } | undefined;

function lineIndexOf(text: string): LineIndex {
  if (lastText?.text !== text) lastText = { text, index: new LineIndex(text) };
  return lastText.index;
}

export function getFirewallService(options: ServiceOptions): FirewallService {
  return new FirewallService(options);
}

function toDiagnostic(code: string, severity: Severity, finding: Finding, document: LineIndex, files: Map<string, LineIndex>): Diagnostic {
  const related = (finding.related ?? []).flatMap((place) => {
    const other = files.get(place.uri);
    return other ? [{ location: { uri: place.uri, range: toRange(other, place.range) }, message: escapeControls(place.message) }] : [];
  });
  return {
    range: toRange(document, finding.range),
    severity: SEVERITIES[severity],
    code,
    codeDescription: { href: docsUrl(code) },
    source: 'befw',
    // Names in messages come from users' files: no control character reaches a terminal or a problem matcher.
    message: escapeControls(finding.message),
    ...(related.length > 0 ? { relatedInformation: related } : {}),
    ...(finding.data ? { data: finding.data } : {}),
  };
}

interface CodedFinding {
  readonly code: string;
  readonly severity: Severity;
  readonly finding: Finding;
}

/** At most this many diagnostics per file: past it a file is noise, and 500,000 of them would stall an editor. */
export const MAX_DIAGNOSTICS_PER_FILE = 1000;

/** A file's findings in position order, the first MAX_DIAGNOSTICS_PER_FILE of them, the last saying how many more there are. */
function toDiagnostics(list: CodedFinding[], document: LineIndex, files: Map<string, LineIndex>): Diagnostic[] {
  list.sort((a, b) => a.finding.range[0] - b.finding.range[0] || a.code.localeCompare(b.code));
  const shown = list.slice(0, MAX_DIAGNOSTICS_PER_FILE).map(({ code, severity, finding }) => toDiagnostic(code, severity, finding, document, files));
  const hidden = list.length - shown.length;
  if (hidden > 0) {
    const last = shown[shown.length - 1];
    last.message = `${last.message} (and ${hidden.toLocaleString('en-US')} more problem(s) in this file, not shown: fix these first)`;
  }
  return shown;
}
