import type { Diagnostic } from 'vscode-languageserver-types';
import { dialectById, folderOf, getFirewallService, PROBE_RESULTS_SUFFIX, type QuickFixOptions, type RuleDialect, type CheckReport, type CheckSettings, type FirewallService, type ManifestModel, type ObservationsHoverFile, type OpenFile } from '../engine';
import type { EditableDocument } from './editableDocument';
import type { ServerSettings } from './settings';
import type { WorkspaceFiles } from './workspaceFiles';

/** `observations`: probe results (`*.probe.jsonl`), read by the manifests beside them. */
export type FileKind = 'manifest' | 'rules' | 'observations';

/** What the project needs from the language server around it. */
export interface ProjectHost {
  readonly files: WorkspaceFiles;
  openDocument(uri: string): EditableDocument | undefined;
  settings(): ServerSettings;
  /** The merged diagnostics of a file changed. */
  diagnosticsChanged(uri: string, diagnostics: Diagnostic[]): void;
  /** A check round finished or started. */
  stateChanged(checking: boolean): void;
  /** Something went wrong that the user cannot see in a diagnostic. */
  log(message: string): void;
}

/** A check that has a manifest's model (a manifest over befw.maxFileSize has none). */
export type CheckedManifest = CheckReport & { readonly manifest: ManifestModel };

/** A known manifest: its latest check, or why it was not checked. */
export type ManifestCheck = { readonly uri: string; readonly report: CheckedManifest } | { readonly uri: string; readonly skipped: string };

/** Windows firewall scripts are rule files too; those without firewall commands get no diagnostics. So are the Linux firewalls' files. */
export const LANGUAGE_KINDS: Readonly<Record<string, FileKind>> = {
  'befw-manifest': 'manifest',
  'befw-rules': 'rules',
  powershell: 'rules',
  bat: 'rules',
  'befw-reg': 'rules',
  'befw-netsh-show': 'rules',
  'befw-iptables': 'rules',
  'befw-nft': 'rules',
  'befw-firewalld': 'rules',
  'befw-probe': 'observations',
};

/**
 * The manifests of the workspace, their rule files, and the latest check of
 * each. Changes are batched: a check runs after a quiet spell, a newer change
 * makes a running round stop, and every file a round touched gets its merged
 * diagnostics.
 */
export class Project {
  readonly service: FirewallService;
  private readonly manifests = new Set<string>();
  /** Manifest URI, or the URI of a rule file no manifest references, to its latest check. */
  private readonly reports = new Map<string, CheckReport>();
  /** A file a manifest's check reads (a rule file, a probe results file) to the manifests that read it. */
  private readonly owners = new Map<string, Set<string>>();
  private readonly merged = new Map<string, Diagnostic[]>();
  /** Each file's published list as JSON: an edit re-publishes every file of a site, most unchanged, and serializing the old list again each time cost as much as the new. */
  private readonly publishedJson = new Map<string, string>();
  private readonly pending = new Set<string>();
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private waiters: (() => void)[] = [];
  /** Work that adds files to check (the start-up discovery); idle() waits for it. */
  private readonly discoveries = new Set<Promise<void>>();

  constructor(private readonly host: ProjectHost) {
    this.service = getFirewallService({ fileSystem: host.files });
  }

  kindOf(uri: string, languageId?: string): FileKind | undefined {
    // Diff views, git history and other virtual documents are not the files on disk.
    if (!/^(file|untitled):/.test(uri)) return undefined;
    const byLanguage = languageId ? LANGUAGE_KINDS[languageId] : undefined;
    if (byLanguage) return byLanguage;
    if (this.manifests.has(uri)) return 'manifest';
    const { files } = this.host.settings();
    if (this.host.files.matches(uri, files.manifests)) return 'manifest';
    if (uri.endsWith(PROBE_RESULTS_SUFFIX)) return 'observations';
    if (this.owners.get(uri)?.size || this.host.files.matches(uri, files.rules)) return 'rules';
    return undefined;
  }

  /** A file's text changed (in an editor or on disk), or it was opened or closed. */
  changed(uri: string, languageId?: string): void {
    const kind = this.kindOf(uri, languageId);
    if (kind === 'manifest') {
      this.manifests.add(uri);
      this.schedule([uri]);
    } else if (kind === 'rules') {
      const owners = this.owners.get(uri);
      this.schedule(owners?.size ? [...owners] : [uri]);
    } else if (kind === 'observations') {
      // A new results file has no owner yet: the manifests beside it read it.
      const owners = this.owners.get(uri);
      this.schedule(owners?.size ? [...owners] : [...this.manifests].filter((manifest) => folderOf(manifest) === folderOf(uri)));
    }
  }

  /** A file or folder was deleted on disk: its manifests go, and their rule files are re-checked. */
  deleted(uri: string): void {
    const inside = (known: string) => known === uri || known.startsWith(`${uri}/`);
    const gone = [...this.manifests].filter(inside);
    if (gone.length > 0) this.removeManifests(gone);
    const owners = [...this.owners].filter(([ruleFile]) => inside(ruleFile)).flatMap(([, manifests]) => [...manifests]);
    if (owners.length > 0) this.schedule(owners);
  }

  /** Manifests no longer in the workspace: their checks and diagnostics go. */
  removeManifests(uris: readonly string[]): void {
    for (const uri of uris) this.manifests.delete(uri);
    if (uris.length > 0) this.schedule(uris);
  }

  /** Files found on disk at start-up or after the globs changed. */
  addManifests(uris: readonly string[]): void {
    for (const uri of uris) this.manifests.add(uri);
    this.schedule(uris);
  }

  /** Re-checks everything, after a settings change. */
  recheckAll(): void {
    this.schedule([...this.manifests, ...this.reports.keys()]);
  }

  /** Counts `work` as part of getting busy: a request made meanwhile waits for it and for the checks it schedules. */
  discovering(work: Promise<unknown>): void {
    const settled: Promise<void> = work.then(
      () => undefined,
      () => undefined,
    );
    this.discoveries.add(settled);
    void settled.then(() => this.discoveries.delete(settled));
  }

  /** Resolves once no discovery is under way and no check is waiting or running. */
  async idle(): Promise<void> {
    while (this.discoveries.size > 0) await Promise.all(this.discoveries);
    if (!this.timer && !this.running && this.pending.size === 0) return;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  diagnostics(uri: string): Diagnostic[] {
    return this.merged.get(uri) ?? [];
  }

  get knownManifests(): readonly string[] {
    return [...this.manifests];
  }

  /** The check that covers a file: its own for a manifest, else that of a manifest referencing it. */
  reportFor(uri: string): CheckReport | undefined {
    const owner = this.owners.get(uri)?.values().next().value;
    return this.reports.get(uri) ?? (owner ? this.reports.get(owner) : undefined);
  }

  /** Every check that covers a file (a rule file may serve several manifests). */
  reportsFor(uri: string): CheckReport[] {
    return [...this.reports.values()].filter((report) => report.diagnostics.has(uri));
  }

  /** Every known manifest with a check (only those whose check covers `uri`, when given), and why any of them was not checked. */
  manifestChecks(uri?: string): ManifestCheck[] {
    return [...this.manifests].flatMap((manifest): ManifestCheck[] => {
      const report = this.reports.get(manifest);
      if (!report || (uri !== undefined && !report.diagnostics.has(uri))) return [];
      if (report.manifest) return [{ uri: manifest, report: report as CheckedManifest }];
      // Its one diagnostic, BEX019, says why, with the sizes; the code may have been switched off.
      const why = report.diagnostics.get(manifest)?.[0]?.message;
      return [{ uri: manifest, skipped: why === undefined ? 'It is over befw.maxFileSize, so it is not checked.' : String(why) }];
    });
  }

  /** The checks of the manifests that were checked. */
  manifestReports(): CheckedManifest[] {
    return this.manifestChecks().flatMap((check) => ('report' in check ? [check.report] : []));
  }

  /** The model of an open file, parsed from its current text. */
  openFile(uri: string): OpenFile | undefined {
    const document = this.host.openDocument(uri);
    // A file too large to check is not parsed for hovers or the outline either.
    if (!document || document.getText().length > this.maxFileSize) return undefined;
    const kind = this.kindOf(uri, document.languageId);
    const source = { uri, text: document.getText() };
    if (kind === 'manifest') return { kind, model: this.service.parseManifest(source) };
    if (kind === 'rules') return { kind, model: this.service.parseRuleFile(source, this.formatOf(uri)) };
    return undefined;
  }

  /** An open probe results file, for hovers: its text, the time ages are measured from, and the age setting. */
  openObservations(uri: string, now: number): ObservationsHoverFile | undefined {
    const document = this.host.openDocument(uri);
    if (!document || document.getText().length > this.maxFileSize || this.kindOf(uri, document.languageId) !== 'observations') return undefined;
    return { kind: 'observations', text: document.getText(), now, maxAgeDays: this.host.settings().observationMaxAgeDays };
  }

  /** The dialect a manifest's `format:` gives a rule file it lists, so hovers read the file as the check does. */
  formatOf(uri: string): RuleDialect | undefined {
    for (const report of this.reportsFor(uri)) {
      const binding = report.bindings.find((b) => b.ruleFileUri === uri && b.firewall.format);
      if (binding) return binding.firewall.format!.value;
    }
    return undefined;
  }

  /** How quick-fixes write what the settings choose (the remediation script's dialect). */
  fixOptions(): QuickFixOptions {
    return { remediationDialect: this.host.settings().remediationDialect };
  }

  checkSettings(): CheckSettings {
    const settings = this.host.settings();
    return {
      hardening: settings.hardening,
      severities: settings.severity,
      maxFileSize: this.maxFileSize,
      documents: (uri) => this.host.openDocument(uri)?.getText(),
      observationMaxAgeDays: settings.observationMaxAgeDays,
    };
  }

  private get maxFileSize(): number {
    return this.host.settings().maxFileSizeMb * 1024 * 1024;
  }

  /** A rule file no manifest references, checked on its own; a script with no firewall command is left alone. */
  private standalone(uri: string, text: string): CheckReport | undefined {
    if (text.length > this.maxFileSize) return this.service.checkRuleFile({ uri, text }, this.checkSettings());
    const model = this.service.parseRuleFile({ uri, text });
    if (dialectById(model.dialect)?.silentWithoutRules && model.rules.length === 0 && model.problems.length === 0) return undefined;
    return this.service.checkRuleFile({ uri, text }, this.checkSettings());
  }

  private schedule(keys: readonly string[]): void {
    for (const key of keys) this.pending.add(key);
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, this.host.settings().diagnosticsDelay);
  }

  private async run(): Promise<void> {
    if (this.running) return; // the running round sees the new generation and reschedules
    this.running = true;
    this.host.stateChanged(true);
    const generation = this.generation;
    const keys = [...this.pending];
    this.pending.clear();
    const touched = new Set<string>();
    try {
      for (let i = 0; i < keys.length; i++) {
        // Requests that arrived meanwhile (a hover, a newer edit) are served before the next check starts.
        await new Promise((resolve) => setImmediate(resolve));
        if (this.generation !== generation) {
          // A newer change arrived: leave the rest to the next round.
          keys.slice(i).forEach((key) => this.pending.add(key));
          break;
        }
        try {
          await this.check(keys[i], touched);
        } catch (error) {
          // One file's failure must not stop the others from being checked.
          this.host.log(`checking ${keys[i]} failed: ${(error as Error).stack ?? String(error)}`);
        }
      }
      this.checkOrphans(touched);
      this.publish(touched);
    } finally {
      this.running = false;
      if (this.pending.size > 0 && !this.timer) this.schedule([]);
      if (!this.timer && this.pending.size === 0) {
        this.host.stateChanged(false);
        this.waiters.splice(0).forEach((resolve) => resolve());
      }
    }
  }

  private async check(key: string, touched: Set<string>): Promise<void> {
    const previous = this.reports.get(key);
    previous?.diagnostics.forEach((_, uri) => touched.add(uri));
    let report: CheckReport | undefined;
    if (this.manifests.has(key)) {
      const text = this.host.openDocument(key)?.getText();
      if (text !== undefined) report = await this.service.checkManifest({ uri: key, text }, this.checkSettings());
      // A manifest that cannot be read (deleted meanwhile) is no longer one; one too large gets its BEX019.
      else report = await this.service.checkManifestFile(key, this.checkSettings()).catch(() => undefined);
      if (!report) this.manifests.delete(key);
    } else if (!this.owners.get(key)?.size) {
      const document = this.host.openDocument(key);
      if (document && this.kindOf(key, document.languageId) === 'rules') report = this.standalone(key, document.getText());
    }
    for (const owners of this.owners.values()) owners.delete(key);
    if (report) {
      this.reports.set(key, report);
      report.diagnostics.forEach((_, uri) => touched.add(uri));
      for (const binding of report.bindings) {
        // A manifest naming itself as its rule file is checked as both; its own check covers it.
        if (binding.ruleFileUri === key) continue;
        this.own(binding.ruleFileUri, key);
        // A rule file a manifest now covers no longer needs its own check.
        this.reports.delete(binding.ruleFileUri);
      }
      for (const file of report.observationFiles) this.own(file.uri, key);
    } else {
      this.reports.delete(key);
      if (!this.host.openDocument(key)) this.service.forget(key);
    }
  }

  private own(uri: string, manifest: string): void {
    let owners = this.owners.get(uri);
    if (!owners) this.owners.set(uri, (owners = new Set()));
    owners.add(manifest);
  }

  /** Open rule files that no manifest references any more are checked on their own. */
  private checkOrphans(touched: Set<string>): void {
    for (const uri of touched) {
      if (this.reports.has(uri) || this.owners.get(uri)?.size) continue;
      const document = this.host.openDocument(uri);
      if (!document || this.kindOf(uri, document.languageId) !== 'rules') continue;
      const report = this.standalone(uri, document.getText());
      if (report) this.reports.set(uri, report);
    }
  }

  private publish(touched: Set<string>): void {
    for (const uri of touched) {
      const seen = new Set<string>();
      const list: Diagnostic[] = [];
      for (const report of this.reportsFor(uri)) {
        for (const diagnostic of report.diagnostics.get(uri) ?? []) {
          const key = `${String(diagnostic.code)}|${diagnostic.range.start.line}:${diagnostic.range.start.character}|${String(diagnostic.message)}`;
          if (!seen.has(key)) list.push(diagnostic), seen.add(key);
        }
      }
      const json = JSON.stringify(list);
      const before = this.publishedJson.get(uri) ?? '[]';
      if (list.length === 0) {
        this.merged.delete(uri);
        this.publishedJson.delete(uri);
      } else {
        this.merged.set(uri, list);
        this.publishedJson.set(uri, json);
      }
      if (before !== json) this.host.diagnosticsChanged(uri, list);
    }
  }
}
