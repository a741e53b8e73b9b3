import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fixAll } from '../../server/src/engine/fixes/fixAll';
import { getSuppressionFix } from '../../server/src/engine/service';
import { isSuppressed, suppressedCodes, suppressionEdit } from '../../server/src/engine/language/suppression';
import { dialectById } from '../../server/src/engine/dialects/registry';
import { applyEdits, checkFiles, codesOf, loadFiles, memoryService, summary, uriOf } from '../support/engine';

const SITE = join(__dirname, '..', '..', '..', 'examples', 'site');
const NAMES = ['site.bexnet.yaml', 'dmz.fwrules.yaml', 'be01.fwrules.yaml'];

describe('suppression comments', () => {
  it('read the codes on the line above, any case, with or without a reason', () => {
    const text = '# befw-disable-next-line BEX203, bex204 -- accepted: vendor appliance\nfrom: any\n#befw-disable-next-line BEX100\nx: 1\n';
    assert.deepEqual(suppressedCodes(text, text.indexOf('from')), ['BEX203', 'BEX204']);
    assert.deepEqual(suppressedCodes(text, text.indexOf('x: 1')), ['BEX100']);
    assert.ok(isSuppressed(text, text.indexOf('from') + 3, 'BEX204'));
    assert.deepEqual(suppressedCodes(text, 0), [], 'the first line has no line above');
    assert.deepEqual(suppressedCodes('# befw-disable-next-line\nfrom: any', 26), [], 'no code, no effect');
  });

  it('in scripts: REM or :: in batch files, and the whole command, continuation lines included', () => {
    const batch = 'REM befw-disable-next-line BEX018 -- vendor script\nnetsh advfirewall firewall add rule name="x" ^\n    remoteip=LocalSubnet\n';
    assert.ok(isSuppressed(batch, batch.indexOf('LocalSubnet'), 'BEX018', dialectById('netsh')!));
    assert.ok(!isSuppressed(batch, batch.indexOf('LocalSubnet'), 'BEX018', dialectById('yaml')!), 'YAML has no continuation lines');
    assert.ok(isSuppressed(':: befw-disable-next-line BEX100\nnetsh x', 33, 'BEX100', dialectById('netsh')!));
    const powershell = "New-NetFirewallRule -DisplayName 'x' `\n    -LocalPort $p\n";
    const edit = suppressionEdit(powershell, powershell.indexOf('$p'), 'BEX018', '\n', dialectById('powershell')!);
    assert.deepEqual(edit, { range: [0, 0], newText: '# befw-disable-next-line BEX018 -- reason\n' });
    assert.equal(suppressionEdit('netsh a ^\n b', 12, 'BEX100', '\r\n', dialectById('netsh')!).newText, 'REM befw-disable-next-line BEX100 -- reason\r\n');
  });

  it('the engine drops a suppressed finding and keeps the others', async () => {
    const files = await loadFiles(SITE, NAMES);
    files['be01.fwrules.yaml'] = files['be01.fwrules.yaml'].replace('    from: [any]', '    # befw-disable-next-line BEX203 -- a reason\n    from: [any]');
    const { report } = await checkFiles(files, 'site.bexnet.yaml');
    assert.deepEqual(codesOf(report, 'be01.fwrules.yaml'), ['BEX100']);
  });

  it('a directive hides only the codes it names: BEX204 named above a BEX203 leaves the BEX203', async () => {
    const files = await loadFiles(SITE, NAMES);
    files['be01.fwrules.yaml'] = files['be01.fwrules.yaml'].replace('    from: [any]', '    # befw-disable-next-line BEX204 -- a reason\n    from: [any]');
    const { report } = await checkFiles(files, 'site.bexnet.yaml');
    assert.deepEqual(codesOf(report, 'be01.fwrules.yaml'), ['BEX100', 'BEX203']);
  });

  it('a directive hides the next line only, where lines end with a lone CR too (as editors count lines)', () => {
    const crLines = 'x: 1\r# befw-disable-next-line BEX001\ry: 2\rz: 3\r\n# befw-disable-next-line BEX002\r\nw: 4';
    assert.ok(isSuppressed(crLines, crLines.indexOf('y: 2'), 'BEX001'));
    assert.ok(!isSuppressed(crLines, crLines.indexOf('z: 3'), 'BEX001'));
    assert.ok(!isSuppressed(crLines, crLines.indexOf('x: 1'), 'BEX001'));
    assert.deepEqual(suppressedCodes(crLines, crLines.indexOf('w: 4')), ['BEX002']);
    const body = 'version: 1\revaluation: first-match\rrules:\r  - name: a\r    action: permit\r';
    const diagnostics = (text: string) => memoryService({}).checkRuleFile({ uri: uriOf('cr.fwrules.yaml'), text }).diagnostics.get(uriOf('cr.fwrules.yaml'))!;
    const unsuppressed = diagnostics(body);
    assert.ok(unsuppressed.filter((d) => d.range.start.line === 0).length > 0 && unsuppressed.filter((d) => d.range.start.line > 0).length >= 3);
    const suppressed = diagnostics(`# befw-disable-next-line BEX001 -- reviewed\n${body}`);
    const lines = (list: typeof unsuppressed) => list.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}`);
    assert.deepStrictEqual(lines(suppressed), lines(unsuppressed.filter((d) => d.range.start.line > 0).map((d) => ({ ...d, range: { ...d.range, start: { ...d.range.start, line: d.range.start.line + 1 } } }))));
  });

  it('"disable for this line" indents the directive like the line, and adds to an existing one', async () => {
    const files = await loadFiles(SITE, NAMES);
    const { report } = await checkFiles(files, 'site.bexnet.yaml');
    const [bex203] = report.diagnostics.get(uriOf('be01.fwrules.yaml'))!.filter((d) => d.code === 'BEX203');
    const fix = getSuppressionFix(uriOf('be01.fwrules.yaml'), files['be01.fwrules.yaml'], bex203)!;
    const once = applyEdits(files['be01.fwrules.yaml'], fix.changes[uriOf('be01.fwrules.yaml')]);
    assert.match(once, /\n {4}# befw-disable-next-line BEX203 -- reason\n {4}from: \[any\]/);
    const again = getSuppressionFix(uriOf('be01.fwrules.yaml'), once, { ...bex203, code: 'BEX204', range: { start: { line: bex203.range.start.line + 1, character: 11 }, end: { line: bex203.range.start.line + 1, character: 14 } } })!;
    assert.match(applyEdits(once, again.changes[uriOf('be01.fwrules.yaml')]), /# befw-disable-next-line BEX203, BEX204 -- reason\n {4}from: \[any\]/);
  });
});

describe('fix all', () => {
  for (const [when, open] of [['every file is open', NAMES], ['the rule files are closed (read from disk)', ['site.bexnet.yaml']]] as const) {
    it(`applies every BEX1xx fix of a file, re-checking between them, as one minimal edit per file, when ${when}`, async () => {
      const files = await loadFiles(SITE, NAMES);
      const { service } = await checkFiles(files, 'site.bexnet.yaml');
      const settings = { documents: (uri: string) => (open.some((name) => uriOf(name) === uri) ? files[uri.slice('file:///fixture/'.length)] : undefined) };
      const changes = await fixAll(service, { uri: uriOf('site.bexnet.yaml'), text: files['site.bexnet.yaml'] }, settings, uriOf('site.bexnet.yaml'), (d) => /^BEX1/.test(String(d.code)));
      assert.deepEqual(Object.keys(changes).sort(), [uriOf('be01.fwrules.yaml'), uriOf('dmz.fwrules.yaml')]);
      const fixed = { ...files };
      for (const [uri, edits] of Object.entries(changes)) {
        assert.equal(edits.length, 1);
        const name = uri.slice('file:///fixture/'.length);
        fixed[name] = applyEdits(files[name], edits);
        for (const comment of files[name].match(/#.*$/gm) ?? []) assert.ok(fixed[name].includes(comment), `kept: ${comment}`);
      }
      const { report } = await checkFiles(fixed, 'site.bexnet.yaml');
      assert.deepEqual(summary(report), ['be01.fwrules.yaml:23 BEX203']);
    });
  }
});
