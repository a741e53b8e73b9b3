import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getFirewallService, type CheckReport, type CheckSettings, type FirewallService, type QuickFix } from '../../server/src/engine/service';

/** Files by name, served to the engine as file:///fixture/<name>. */
export type FileSet = Record<string, string>;

export const FIXTURE_ROOT = 'file:///fixture/';

export function uriOf(name: string): string {
  return FIXTURE_ROOT + name;
}

/** A service whose file system is the given in-memory files. */
export function memoryService(files: FileSet): FirewallService {
  return getFirewallService({
    fileSystem: {
      readFile: async (uri) => {
        const name = uri.startsWith(FIXTURE_ROOT) ? uri.slice(FIXTURE_ROOT.length) : uri;
        // As Node says it: a missing file's error has the code ENOENT.
        if (!(name in files)) throw Object.assign(new Error(`file not found: ${name}`), { code: 'ENOENT' });
        return files[name];
      },
      // One folder holds every fixture: the engine finds the probe results beside a manifest here.
      listFolder: async () => Object.keys(files).map(uriOf),
    },
  });
}

/** Checks `manifest` of `files` (a manifest name ending .bexnet.yaml) and returns the report. */
export async function checkFiles(files: FileSet, manifest: string, settings?: CheckSettings): Promise<{ service: FirewallService; report: CheckReport }> {
  const service = memoryService(files);
  const report = await service.checkManifest({ uri: uriOf(manifest), text: files[manifest] }, settings);
  return { service, report };
}

/** Loads fixture files from a folder on disk (fixtures sit beside their tests). */
export async function loadFiles(folder: string, names: string[]): Promise<FileSet> {
  const files: FileSet = {};
  for (const name of names) files[name] = await readFile(join(folder, name), 'utf8');
  return files;
}

/** The source folder of a compiled test (out/test/x -> test/x), where its fixtures live. */
export function sourceFolder(compiledDir: string): string {
  return compiledDir.replace(/([\\/])out([\\/])test([\\/]|$)/, '$1test$3');
}

export function diagnosticsOf(report: CheckReport, name: string): Diagnostic[] {
  return report.diagnostics.get(uriOf(name)) ?? [];
}

export function codesOf(report: CheckReport, name?: string): string[] {
  const lists = name ? [diagnosticsOf(report, name)] : [...report.diagnostics.values()];
  return lists.flat().map((d) => String(d.code)).sort();
}

/** Applies LSP text edits to a text (as an editor would). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 0, text), [...edits]);
}

/** Applies every change of a quick-fix to the file set, returning the new set. */
export function applyFix(files: FileSet, fix: QuickFix): FileSet {
  const next = { ...files };
  for (const { uri, text } of fix.creates ?? []) {
    const name = uri.slice(FIXTURE_ROOT.length);
    assert.ok(!(name in files), `the fix creates ${name}, which exists`);
    next[name] = text;
  }
  for (const [uri, edits] of Object.entries(fix.changes)) {
    const name = uri.slice(FIXTURE_ROOT.length);
    next[name] = applyEdits(files[name], edits);
  }
  return next;
}

/** Diagnostics as "file:line code" strings, for compact assertions. */
export function summary(report: CheckReport): string[] {
  const lines: string[] = [];
  for (const [uri, diagnostics] of report.diagnostics) {
    for (const d of diagnostics) lines.push(`${uri.slice(FIXTURE_ROOT.length)}:${d.range.start.line + 1} ${String(d.code)}`);
  }
  return lines.sort();
}

export { fileURLToPath, pathToFileURL };
