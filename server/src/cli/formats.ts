import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { CHECKS, docsUrl, escapeControls, excerpt, filePath } from '../engine';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface FileDiagnostics {
  readonly uri: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** What a run found: diagnostics per file, how many files were checked and how many could not be. */
export interface CheckedFiles {
  readonly files: readonly FileDiagnostics[];
  readonly checked: number;
  readonly unchecked: number;
}

/**
 * The longest message printed. The engine quotes at most 80 characters of a
 * token, but a parser's own message may quote a whole line of garbage; no
 * output line may grow with the file.
 */
const MAX_MESSAGE_LENGTH = 1000;

const SEVERITY_NAMES: Record<number, 'error' | 'warning' | 'information' | 'hint'> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

/** A diagnostic's message as printed: bounded, control characters escaped (LSP 3.18 allows Markdown messages; the engine only writes plain text). */
export function messageText(diagnostic: Pick<Diagnostic, 'message'>): string {
  return excerpt(typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value, MAX_MESSAGE_LENGTH);
}

export function severityName(diagnostic: Diagnostic): 'error' | 'warning' | 'information' | 'hint' {
  return SEVERITY_NAMES[diagnostic.severity ?? DiagnosticSeverity.Error];
}

/** A path as the output shows it: relative to the current folder. */
export function shownPath(path: string, cwd: string): string {
  return relative(cwd, path) || '.';
}

function displayPath(uri: string, cwd: string): string {
  return shownPath(filePath(uri), cwd);
}

/**
 * Compiler-style lines, "file:line:col severity CODE message", then a count.
 * A file name with a line break or ESC is printed escaped: it can neither
 * drive the terminal nor forge a line for a problem matcher.
 */
export function formatText({ files, checked, unchecked }: CheckedFiles, cwd: string): string {
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const file of files) {
    for (const d of file.diagnostics) {
      const severity = severityName(d);
      counts[severity]++;
      lines.push(`${escapeControls(displayPath(file.uri, cwd))}:${d.range.start.line + 1}:${d.range.start.character + 1} ${severity} ${String(d.code)} ${messageText(d)}`);
    }
  }
  const uncheckedNote = unchecked > 0 ? `; ${unchecked} file(s) could not be checked` : '';
  lines.push(`${checked} file(s) checked: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.information + counts.hint} information${uncheckedNote}.`);
  return lines.join('\n') + '\n';
}

/** A path relative to the SARIF base as a URI reference: each segment percent-encoded, so `#`, `%20` or a space stay part of the name. */
function artifactLocation(uri: string, cwd: string): Sarif.ArtifactLocation {
  const path = filePath(uri);
  const below = relative(cwd, path);
  // Another drive (Windows) has no relative path: an absolute URI then.
  if (isAbsolute(below)) return { uri: pathToFileURL(path).href };
  return { uri: below.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

export function formatJson({ files }: CheckedFiles, cwd: string): string {
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
export function formatSarif({ files }: CheckedFiles, cwd: string, version: string): string {
  const ruleIndex = new Map(CHECKS.map((check, index) => [check.code, index]));
  const location = (uri: string, range: Diagnostic['range']): Sarif.Location => ({
    physicalLocation: {
      artifactLocation: artifactLocation(uri, cwd),
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
        ? { relatedLocations: d.relatedInformation.map((r, id) => ({ id, ...location(r.location.uri, r.location.range), message: { text: messageText(r) } })) }
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
