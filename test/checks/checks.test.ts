import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { CHECKS } from '../../server/src/engine/checks/registry';
import { applyFix, checkFiles, loadFiles, sourceFolder, uriOf, type FileSet } from '../support/engine';

/**
 * One folder per case under cases/: a manifest, its rule file, and case.json
 * naming the code it must produce, where (exact range and the text there),
 * and whether its quick-fix is applied and re-checked.
 */
interface Case {
  code: string | null;
  file: string;
  fix: boolean;
  range?: Range;
  text?: string;
}

const casesRoot = join(sourceFolder(__dirname), 'cases');
const caseNames = readdirSync(casesRoot).sort();

async function load(name: string): Promise<{ files: FileSet; expected: Case }> {
  const folder = join(casesRoot, name);
  const files = await loadFiles(folder, readdirSync(folder).filter((f) => f.endsWith('.yaml')));
  return { files, expected: JSON.parse(readFileSync(join(folder, 'case.json'), 'utf8')) as Case };
}

const key = (file: string, d: Diagnostic) => `${file} ${String(d.code)} ${String(d.message)}`;

function allFindings(report: Awaited<ReturnType<typeof checkFiles>>['report']): string[] {
  return [...report.diagnostics].flatMap(([uri, list]) => list.map((d) => key(uri, d)));
}

describe('checks: each code from its invalid fixture, at its exact range', () => {
  it('the valid fixture is clean', async () => {
    const { files } = await load('valid');
    const { report } = await checkFiles(files, 'site.bexnet.yaml');
    assert.deepEqual(allFindings(report), []);
  });

  it('every registered code has an invalid fixture', () => {
    const covered = new Set(caseNames.map((n) => n.split('-')[0].toUpperCase()));
    assert.deepEqual(CHECKS.map((c) => c.code).filter((code) => !covered.has(code)), []);
  });

  for (const name of caseNames.filter((n) => n !== 'valid')) {
    it(name, async () => {
      const { files, expected } = await load(name);
      const { report } = await checkFiles(files, 'site.bexnet.yaml');
      const diagnostics = (report.diagnostics.get(uriOf(expected.file)) ?? []).filter((d) => d.code === expected.code);
      assert.ok(diagnostics.length > 0, `${expected.code} expected in ${expected.file}; got ${allFindings(report).join('\n')}`);
      const [first] = diagnostics;
      assert.deepEqual(first.range, expected.range);
      const document = TextDocument.create('x', 'yaml', 0, files[expected.file]);
      assert.equal(document.getText(first.range), expected.text);
      const check = CHECKS.find((c) => c.code === expected.code)!;
      assert.equal(first.severity, { error: 1, warning: 2, information: 3, hint: 4 }[check.severity]);
      assert.match(String(first.codeDescription?.href), new RegExp(`#${String(expected.code).toLowerCase()}$`));
      assert.ok(String(first.message).length > 30);
      if (/^BEX1\d\d$/.test(String(expected.code))) {
        assert.ok(first.relatedInformation && first.relatedInformation.length > 0, 'flow findings point at the other file');
      }
    });
  }
});

const fixCases = caseNames.filter((n) => (JSON.parse(readFileSync(join(casesRoot, n, 'case.json'), 'utf8')) as Case).fix);

describe('quick-fixes: applied, re-checked, nothing else touched', () => {
  it('every code with a fix has a fix case', () => {
    const covered = new Set(fixCases.map((n) => n.split('-')[0].toUpperCase()));
    assert.deepEqual(CHECKS.filter((c) => c.fix).map((c) => c.code).filter((code) => !covered.has(code)), []);
  });

  for (const name of fixCases) {
    it(name, async () => {
      const { files, expected } = await load(name);
      const { service, report } = await checkFiles(files, 'site.bexnet.yaml');
      const target = (report.diagnostics.get(uriOf(expected.file)) ?? []).find((d) => d.code === expected.code)!;
      const [fix, ...others] = service.getQuickFixes(report, target);
      assert.ok(fix, 'a quick-fix is offered');
      assert.equal(others.length, 0);
      assert.equal(fix.isPreferred, true);
      const fixed = applyFix(files, fix);
      for (const [uri, edits] of Object.entries(fix.changes)) {
        const fileName = uri.slice(uriOf('').length);
        const before = files[fileName];
        const after = fixed[fileName];
        const document = TextDocument.create(uri, 'yaml', 0, before);
        const start = Math.min(...edits.map((e) => document.offsetAt(e.range.start)));
        const end = Math.max(...edits.map((e) => document.offsetAt(e.range.end)));
        assert.equal(after.slice(0, start), before.slice(0, start), 'bytes before the edit are unchanged');
        assert.equal(after.slice(after.length - (before.length - end)), before.slice(end), 'bytes after the edit are unchanged');
        for (const comment of before.match(/#.*$/gm) ?? []) assert.ok(after.includes(comment), `comment kept: ${comment}`);
        if (before.includes('\r\n')) assert.equal(after.replace(/\r\n/g, '').includes('\n'), false, 'CRLF file stays CRLF');
      }
      const { report: after } = await checkFiles(fixed, 'site.bexnet.yaml');
      const beforeFindings = new Set(allFindings(report));
      const afterFindings = allFindings(after);
      assert.ok(!afterFindings.includes(key(uriOf(expected.file), target)), 'the finding is gone');
      assert.deepEqual(afterFindings.filter((f) => !beforeFindings.has(f)), [], 'no new finding appears');
    });
  }
});
