import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { CHECKS, docsUrl, filePath } from '../engine';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface FileDiagnostics {
  readonly uri: string;
  readonly diagnostics: readonly Diagnostic[];
}

const SEVERITY_NAMES: Record<number, 'error' | 'warning' | 'information' | 'hint'> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

/** LSP 3.18 allows Markdown messages; the engine only writes plain text. */
export function messageText(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

export function severityName(diagnostic: Diagnostic): 'error' | 'warning' | 'information' | 'hint' {
  return SEVERITY_NAMES[diagnostic.severity ?? DiagnosticSeverity.Error];
}

function displayPath(uri: string, cwd: string): string {
  const path = relative(cwd, filePath(uri));
  return path === '' ? '.' : path;
}

/** Compiler-style lines, "file:line:col severity CODE message", then a count. */
export function formatText(files: readonly FileDiagnostics[], cwd: string): string {
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const file of files) {
    for (const d of file.diagnostics) {
      const severity = severityName(d);
      counts[severity]++;
      lines.push(`${displayPath(file.uri, cwd)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${severity} ${String(d.code)} ${messageText(d)}`);
    }
  }
  lines.push(`${files.length} file(s) checked: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.information + counts.hint} information.`);
  return lines.join('\n') + '\n';
}

export function formatJson(files: readonly FileDiagnostics[], cwd: string): string {
  const diagnostics = files.flatMap((file) =>
    file.diagnostics.map((d) => ({
      file: displayPath(file.uri, cwd),
      range: d.range,
      severity: severityName(d),
      code: String(d.code),
      message: messageText(d),
    })),
  );
  return JSON.stringify({ diagnostics }, null, 2) + '\n';
}

const SARIF_LEVELS: Record<string, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** SARIF 2.1.0: one rule per code with its helpUri, one result per diagnostic, paths relative to %SRCROOT%. */
export function formatSarif(files: readonly FileDiagnostics[], cwd: string, version: string): string {
  const ruleIndex = new Map(CHECKS.map((check, index) => [check.code, index]));
  const location = (uri: string, range: Diagnostic['range']): Sarif.Location => ({
    physicalLocation: {
      artifactLocation: { uri: displayPath(uri, cwd).split('\\').join('/'), uriBaseId: '%SRCROOT%' },
      region: { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 },
    },
  });
  const results: Sarif.Result[] = files.flatMap((file) =>
    file.diagnostics.map((d) => ({
      ruleId: String(d.code),
      ruleIndex: ruleIndex.get(String(d.code)),
      level: SARIF_LEVELS[severityName(d)],
      message: { text: messageText(d) },
      locations: [location(file.uri, d.range)],
      ...(d.relatedInformation?.length
        ? { relatedLocations: d.relatedInformation.map((r, id) => ({ id, ...location(r.location.uri, r.location.range), message: { text: r.message } })) }
        : {}),
    })),
  );
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'befw',
            fullName: 'Backup Exec Firewall Assistant',
            version,
            informationUri: docsUrl('').replace(/#$/, ''),
            rules: CHECKS.map((check) => ({
              id: check.code,
              name: check.title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')),
              shortDescription: { text: check.title },
              fullDescription: { text: check.docs },
              helpUri: docsUrl(check.code),
              defaultConfiguration: { level: SARIF_LEVELS[check.severity] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd).toString().replace(/\/?$/, '/') } },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
