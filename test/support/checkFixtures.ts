import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { CHECKS } from '../../server/src/engine/checks/registry';
import type { CheckReport, CheckSettings, FirewallService, QuickFix } from '../../server/src/engine/service';
import { applyFix, checkFiles, codesOf, diagnosticsOf, loadFiles, sourceFolder, summary, uriOf, type FileSet } from './engine';

/**
 * Helpers for the per-code tests under test/checks/bexNNN/: exact diagnostic
 * assertions and the quick-fix round-trip (apply, compare bytes, re-check).
 */

export const { Error: ERROR, Warning: WARNING, Information: INFORMATION } = DiagnosticSeverity;

/** An LSP range from 0-based line and character numbers. */
export function range(startLine: number, startCharacter: number, endLine: number, endCharacter: number): Range {
  return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

/** Loads fixtures that sit beside the (source of the) compiled test in `compiledDir`. */
export function fixtures(compiledDir: string, names: string[]): Promise<FileSet> {
  return loadFiles(sourceFolder(compiledDir), names);
}

/** The text `range` covers in file `name` of `files`. */
export function textAt(files: FileSet, name: string, at: Range): string {
  return TextDocument.create(uriOf(name), 'yaml', 0, files[name]).getText(at);
}

/** Every diagnostic of `code` in file `name`. */
export function withCode(report: CheckReport, name: string, code: string): Diagnostic[] {
  return diagnosticsOf(report, name).filter((d) => d.code === code);
}

/** The one diagnostic of `code` in file `name`; fails, listing what was found, if there is not exactly one. */
export function theDiagnostic(report: CheckReport, name: string, code: string): Diagnostic {
  const found = withCode(report, name, code);
  assert.equal(found.length, 1, `exactly one ${code} expected in ${name}; found: ${summary(report).join(', ') || 'nothing'}`);
  return found[0];
}

export interface Expected {
  readonly range: Range;
  /** The text under the range, a second guard that the range is the intended token. */
  readonly text: string;
  readonly severity?: DiagnosticSeverity;
  /** Substrings the message must contain: ports, host names, rule names. */
  readonly facts: readonly string[];
}

/** Asserts a diagnostic's exact range, the text there, its severity (default: the check's own) and message facts. */
export function assertDiagnostic(files: FileSet, name: string, diagnostic: Diagnostic, expected: Expected): void {
  assert.deepStrictEqual(diagnostic.range, expected.range);
  assert.equal(textAt(files, name, diagnostic.range), expected.text);
  const check = CHECKS.find((c) => c.code === diagnostic.code);
  assert.ok(check, `registered code ${String(diagnostic.code)}`);
  const defaultSeverity = { error: ERROR, warning: WARNING, information: INFORMATION, hint: DiagnosticSeverity.Hint }[check.severity];
  assert.equal(diagnostic.severity, expected.severity ?? defaultSeverity);
  assert.equal(diagnostic.source, 'befw');
  const message = String(diagnostic.message);
  for (const fact of expected.facts) assert.ok(message.includes(fact), `message has "${fact}": ${message}`);
}

/** Asserts that the diagnostic's relatedInformation points at exactly these places (file name, range, message part). */
export function assertRelated(diagnostic: Diagnostic, expected: ReadonlyArray<{ file: string; range: Range; message: string }>): void {
  const related = diagnostic.relatedInformation ?? [];
  assert.deepStrictEqual(
    related.map((r) => ({ file: r.location.uri.slice(uriOf('').length), range: r.location.range })),
    expected.map((e) => ({ file: e.file, range: e.range })),
  );
  related.forEach((r, i) => assert.ok(r.message.includes(expected[i].message), `related message "${r.message}" has "${expected[i].message}"`));
}

/** Checks `manifest` and asserts that no file has a diagnostic of `code`; returns the report. */
export async function assertNoCode(files: FileSet, manifest: string, code: string, settings?: CheckSettings): Promise<CheckReport> {
  const { report } = await checkFiles(files, manifest, settings);
  assert.ok(!codesOf(report).includes(code), `no ${code} expected; found: ${summary(report).join(', ')}`);
  return report;
}

/** `list` without one occurrence of each of `gone` (each must be there). */
export function without(list: readonly string[], gone: readonly string[]): string[] {
  const rest = [...list];
  for (const item of gone) {
    const index = rest.indexOf(item);
    assert.ok(index >= 0, `"${item}" is among ${JSON.stringify(list)}`);
    rest.splice(index, 1);
  }
  return rest;
}

/** The part of `after` that differs from `before`: where, what was removed and what was inserted. */
export function changedPart(before: string, after: string): { at: number; removed: string; inserted: string } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { at: start, removed: before.slice(start, before.length - end), inserted: after.slice(start, after.length - end) };
}

/** `text` with `removed` characters at `at` replaced by `inserted`: the expected result of an edit. */
export function spliced(text: string, at: number, removed: number, inserted: string): string {
  assert.ok(at >= 0 && at + removed <= text.length, `offset ${at} inside the text`);
  return text.slice(0, at) + inserted + text.slice(at + removed);
}

function comments(text: string): string[] {
  return text.match(/#[^\r\n]*/g) ?? [];
}

export interface RoundTrip {
  readonly fix: QuickFix;
  readonly fixed: FileSet;
  readonly after: CheckReport;
}

/**
 * Applies the one quick-fix offered for `diagnostic` and asserts: only the
 * files it names change; every byte before its first edit and after its last
 * is unchanged; every comment is kept but `removedComments` (which must go);
 * a CRLF file stays CRLF; re-checked, the findings are exactly those before
 * minus `gone` ("file:line CODE" entries of summary(): the fixed diagnostic
 * and its twin in the other file).
 */
export async function fixRoundTrip(options: {
  files: FileSet;
  manifest: string;
  service: FirewallService;
  report: CheckReport;
  diagnostic: Diagnostic;
  gone: readonly string[];
  /** Comments the fix deletes on purpose, with what they are written beside. */
  removedComments?: readonly string[];
  settings?: CheckSettings;
}): Promise<RoundTrip> {
  const { files, manifest, service, report, diagnostic, gone, removedComments = [], settings } = options;
  const fixes = service.getQuickFixes(report, diagnostic);
  assert.equal(fixes.length, 1, `one quick-fix for ${String(diagnostic.code)}`);
  const [fix] = fixes;
  assert.equal(fix.code, diagnostic.code);
  assert.equal(fix.isPreferred, true);
  const fixed = applyFix(files, fix);
  const changed = Object.keys(fix.changes).map((uri) => uri.slice(uriOf('').length));
  assert.ok(changed.length > 0, 'the fix edits a file');
  for (const name of Object.keys(files)) if (!changed.includes(name)) assert.equal(fixed[name], files[name], `${name} untouched`);
  for (const name of changed) {
    const before = files[name];
    const after = fixed[name];
    assert.notEqual(after, before, `${name} changed`);
    const document = TextDocument.create(uriOf(name), 'yaml', 0, before);
    const edits = fix.changes[uriOf(name)];
    const start = Math.min(...edits.map((e) => document.offsetAt(e.range.start)));
    const end = Math.max(...edits.map((e) => document.offsetAt(e.range.end)));
    const suffix = before.slice(end);
    assert.ok(after.length >= start + suffix.length, 'prefix and suffix do not overlap');
    assert.equal(after.slice(0, start), before.slice(0, start), `${name}: bytes before the edit unchanged`);
    assert.equal(after.slice(after.length - suffix.length), suffix, `${name}: bytes after the edit unchanged`);
    const kept = comments(after);
    for (const comment of without(comments(before), removedComments)) {
      const index = kept.indexOf(comment);
      assert.ok(index >= 0, `${name}: comment kept: ${comment}`);
      kept.splice(index, 1);
    }
    for (const comment of removedComments) assert.ok(!kept.includes(comment), `${name}: comment removed: ${comment}`);
    if (before.includes('\r\n')) assert.doesNotMatch(after, /(^|[^\r])\n/, `${name}: a CRLF file stays CRLF`);
  }
  const { report: afterReport } = await checkFiles(fixed, manifest, settings);
  assert.deepStrictEqual(summary(afterReport), without(summary(report), gone), 'exactly the fixed findings are gone');
  const same = (d: Diagnostic) => d.code === diagnostic.code && d.message === diagnostic.message;
  assert.ok(![...afterReport.diagnostics.values()].flat().some(same), 'the fixed diagnostic is gone');
  return { fix, fixed, after: afterReport };
}


/** The block-style rule the BEX100/BEX101 quick-fixes write for the agent's data range from be01 to sql01, as the tests expect it word for word. */
export function dataRuleText(ports: string, name = 'Remote Agent data connections from be01 to sql01'): string {
  return [`  - name: ${name}`, '    action: allow', '    protocol: tcp', '    from: [be01]', '    to: [sql01]', `    ports: [${ports}]`, ''].join('\n');
}
