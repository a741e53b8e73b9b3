import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CheckReport } from '../../server/src/engine/service';
import { checkFiles, memoryService, uriOf } from '../support/engine';

const RULES_OK = 'version: 1\nrules:\n  - { name: a, action: allow, protocol: tcp, from: any, to: any, ports: [10000] }\n';

/** Every diagnostic lies inside its document. */
function assertInside(report: CheckReport, texts: Record<string, string>): void {
  for (const [uri, diagnostics] of report.diagnostics) {
    const document = TextDocument.create(uri, 'yaml', 0, texts[uri.slice(uriOf('').length)] ?? '');
    for (const d of diagnostics) {
      const start = document.offsetAt(d.range.start);
      const end = document.offsetAt(d.range.end);
      assert.ok(start <= end && end <= document.getText().length, `${String(d.code)} range inside the document`);
      assert.deepEqual(document.positionAt(start), d.range.start, 'start is a real position');
    }
  }
}

const garbage = (size: number) => {
  const chars = 'abc:-[]{}#&*!|>\'"%@`, \n\t0123456789';
  let text = '';
  const bytes = randomBytes(size);
  for (let i = 0; i < size; i++) text += chars[bytes[i] % chars.length];
  return text;
};

const BAD_INPUTS: Record<string, string> = {
  'invalid YAML': 'version: 1\nhosts: [\n  - {',
  'wrong types everywhere': 'version: "one"\nsettings: 5\nhosts: { a: 1 }\nfirewalls: yes\n',
  'empty file': '',
  'only comments': '# nothing here\n# at all\n',
  'a list instead of a mapping': '- version: 1\n- hosts: []\n',
  'binary bytes': Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x00, 0x5b, 0xc3, 0x28, 0x0a, 0x3a]).toString('utf8'),
  'deep nesting': `${'['.repeat(2000)}${']'.repeat(2000)}\n`,
  'alias bomb': `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n`,
  'an alias inside its own anchor': 'a: &a [*a]\nversion: *a\n',
  '1 MB of garbage': garbage(1024 * 1024),
};

describe('bad input gives diagnostics, never a crash', () => {
  for (const [label, text] of Object.entries(BAD_INPUTS)) {
    it(`manifest: ${label}`, async () => {
      const files = { 'site.bexnet.yaml': text };
      const { report } = await checkFiles(files, 'site.bexnet.yaml');
      const codes = (report.diagnostics.get(uriOf('site.bexnet.yaml')) ?? []).map((d) => d.code);
      assert.ok(codes.includes('BEX001'), `BEX001 expected, got ${codes.join(',')}`);
      assertInside(report, files);
    });

    it(`rule file: ${label}`, () => {
      const report = memoryService({}).checkRuleFile({ uri: uriOf('x.fwrules.yaml'), text });
      const codes = (report.diagnostics.get(uriOf('x.fwrules.yaml')) ?? []).map((d) => d.code);
      assert.ok(codes.includes('BEX001'), `BEX001 expected, got ${codes.join(',')}`);
      assertInside(report, { 'x.fwrules.yaml': text });
    });
  }

  it('lone carriage returns as line breaks: a BEX001 that says so, at the first one, and no quick-fix into the file', async () => {
    const text = 'version: 1\revaluation: first-match\rrules:\r  - name: a\r';
    const report = memoryService({}).checkRuleFile({ uri: uriOf('cr.fwrules.yaml'), text });
    const said = report.diagnostics.get(uriOf('cr.fwrules.yaml'))!.filter((d) => /lone carriage return .* LF or CRLF/.test(String(d.message)));
    assert.equal(said.length, 1);
    assert.equal(said[0].code, 'BEX001');
    assert.deepEqual(said[0].range, { start: { line: 0, character: 10 }, end: { line: 1, character: 0 } });
    assert.ok(report.ruleFiles[0].problems.length > 0, 'fixes are withheld from files with problems');
  });

  it('a rule file that does not exist is BEX017 at the path', async () => {
    const manifest = 'version: 1\nhosts: []\nfirewalls:\n  - { name: f, rules: nowhere.fwrules.yaml, protects: [] }\n';
    const { report } = await checkFiles({ 'site.bexnet.yaml': manifest }, 'site.bexnet.yaml');
    const bex017 = report.diagnostics.get(uriOf('site.bexnet.yaml'))!.find((d) => d.code === 'BEX017')!;
    assert.match(String(bex017.message), /cannot be read: file not found: nowhere\.fwrules\.yaml/);
    assert.deepEqual(bex017.range, { start: { line: 3, character: 22 }, end: { line: 3, character: 42 } });
  });

  for (const [label, text] of [
    ['rules: []', 'version: 1\nrules: []\n'],
    ['rules: with no value', 'version: 1\nrules:\n'],
    ['a valid one-rule file', RULES_OK],
  ] as const) {
    it(`rule file with ${label} is accepted`, () => {
      const report = memoryService({}).checkRuleFile({ uri: uriOf('x.fwrules.yaml'), text });
      assert.deepEqual(report.diagnostics.get(uriOf('x.fwrules.yaml'))!.map((d) => d.code), label === 'rules: with no value' ? ['BEX001'] : []);
    });
  }
});
