import { parseArgs } from 'node:util';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { VERSION } from '../version';
import { FileTooLargeError, fileUri, type CheckReport } from '../engine';
import { FileReadError } from '../platform/textFiles';
import { parsed, quoted, UsageError, type Io } from './args';
import { formatJson, formatSarif, formatText, shownPath, type CheckedFiles, type FileDiagnostics, type OutputFormat } from './formats';
import { readSite, SITE_OPTIONS } from './readSite';

/** `befw check`: finds, reads (inside the folders given) and checks; 1 when a file has errors or could not be checked. */
export async function check(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parsed(() =>
    parseArgs({
      args: [...args],
      options: { format: { type: 'string', default: 'text' }, ...SITE_OPTIONS },
      allowPositionals: true,
      strict: true,
    }),
  );
  const format = values.format as OutputFormat;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not ${quoted(String(values.format))}`);
  const { found, read, service, settings, limit } = await readSite(positionals, values, io, 'manifests or rule files');
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
