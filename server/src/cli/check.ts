import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { VERSION } from '../version';
import { DEFAULT_MAX_FILE_SIZE, FileTooLargeError, filePath, fileUri, getFirewallService, type CheckReport, type CheckSettings } from '../engine';
import { OutsideScopeError, ReadScope } from '../platform/readScope';
import { FileReadError, readTextFile } from '../platform/textFiles';
import { maxFileSize, parsed, quoted, UsageError, type Io } from './args';
import { discover } from './discover';
import { formatJson, formatSarif, formatText, shownPath, type CheckedFiles, type FileDiagnostics, type OutputFormat } from './formats';

/** `befw check`: finds, reads (inside the folders given) and checks; 1 when a file has errors or could not be checked. */
export async function check(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parsed(() =>
    parseArgs({
      args: [...args],
      options: {
        format: { type: 'string', default: 'text' },
        'no-hardening': { type: 'boolean', default: false },
        'max-file-size': { type: 'string' },
        'allow-outside': { type: 'string', multiple: true, default: [] },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  const format = values.format as OutputFormat;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not ${quoted(String(values.format))}`);
  const limit = maxFileSize(values['max-file-size']) ?? DEFAULT_MAX_FILE_SIZE;
  const settings: CheckSettings = { hardening: !values['no-hardening'], maxFileSize: limit };
  const found = await discover(positionals.length > 0 ? positionals : ['.'], io.cwd);
  for (const { folder, reason } of found.skipped) io.err(`befw: skipped the folder ${quoted(shownPath(folder, io.cwd))}: ${reason}\n`);
  if (found.manifests.length === 0 && found.ruleFiles.length === 0) {
    throw new UsageError(`no manifests (*.bexnet.yaml) or rule files (*.fwrules.yaml) found in ${positionals.map(quoted).join(', ') || 'the current folder'}`);
  }
  const read = await scopedReader(found.folders, values['allow-outside'], io.cwd);
  const service = getFirewallService({ fileSystem: { readFile: (uri, maxBytes) => read(filePath(uri), maxBytes) } });
  const byFile = new Map<string, FileDiagnostics['diagnostics']>();
  const unchecked = new Set<string>();
  const collect = (report: CheckReport) => {
    for (const [uri, diagnostics] of report.diagnostics) byFile.set(uri, [...(byFile.get(uri) ?? []), ...diagnostics]);
    for (const binding of report.bindings) if (binding.loadError !== undefined) unchecked.add(binding.ruleFileUri);
  };
  /** The text of a file named on the command line or found in a folder; undefined (and a report or a note) when it cannot be checked. */
  const textOf = async (path: string): Promise<string | undefined> => {
    try {
      return await read(path, limit);
    } catch (error) {
      if (error instanceof FileTooLargeError) collect(service.unchecked({ uri: fileUri(path), size: error.size, limit: error.limit }, settings));
      else if (error instanceof FileReadError) io.err(`befw: cannot check ${quoted(shownPath(path, io.cwd))}: ${error.message}\n`);
      else throw error;
      unchecked.add(fileUri(path));
      return undefined;
    }
  };
  const referenced = new Set<string>();
  for (const path of found.manifests) {
    const text = await textOf(path);
    if (text === undefined) continue;
    const report = await service.checkManifest({ uri: fileUri(path), text }, settings);
    report.bindings.forEach((b) => referenced.add(b.ruleFileUri));
    collect(report);
  }
  for (const path of found.ruleFiles) {
    if (referenced.has(fileUri(path))) continue;
    const text = await textOf(path);
    if (text !== undefined) collect(service.checkRuleFile({ uri: fileUri(path), text }, settings));
  }
  const files = [...byFile].map(([uri, diagnostics]) => ({ uri, diagnostics: dedupe(diagnostics) })).sort((a, b) => a.uri.localeCompare(b.uri));
  const result: CheckedFiles = { files, checked: files.filter((f) => !unchecked.has(f.uri)).length, unchecked: unchecked.size };
  io.out(format === 'json' ? formatJson(result, io.cwd) : format === 'sarif' ? formatSarif(result, io.cwd, VERSION) : formatText(result, io.cwd));
  return unchecked.size > 0 || files.some((f) => f.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)) ? 1 : 0;
}

/** Reads files inside the folders found and those of --allow-outside, never more than the size limit. */
async function scopedReader(folders: readonly string[], allowOutside: readonly string[], cwd: string): Promise<(path: string, maxBytes: number) => Promise<string>> {
  const scope = new ReadScope();
  for (const folder of folders) await scope.add(folder);
  for (const folder of allowOutside) {
    await scope.add(resolve(cwd, folder)).catch((error: Error) => {
      throw new UsageError(`--allow-outside ${quoted(folder)}: ${error.message}`);
    });
  }
  return async (path, maxBytes) => {
    const real = await scope.realPathOf(path).catch((error: unknown) => {
      throw error instanceof OutsideScopeError ? new FileReadError(`${error.message} (to allow it: --allow-outside <folder>)`) : error;
    });
    return readTextFile(real, maxBytes);
  };
}

/** A rule file shared by two manifests is checked twice; report each finding once. */
function dedupe(diagnostics: FileDiagnostics['diagnostics']): FileDiagnostics['diagnostics'] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.range.start.line}:${d.range.start.character}:${String(d.code)}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
