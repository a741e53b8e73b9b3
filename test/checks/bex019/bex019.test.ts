import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, fixtures, range, theDiagnostic } from '../../support/checkFixtures';
import { checkFiles, memoryService, summary, uriOf } from '../../support/engine';

/** A small limit, so the fixture can stay small: the default is 20 MB. */
const LIMIT = 2_000;

describe('BEX019 file too large to check', () => {
  it('a rule file over the limit gets one diagnostic at its start, and the manifest says why its flows are unchecked', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    assert.ok(files['invalid-dmz.fwrules.yaml'].length > LIMIT);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml', { maxFileSize: LIMIT });
    const diagnostic = theDiagnostic(report, 'invalid-dmz.fwrules.yaml', 'BEX019');
    assert.deepEqual(diagnostic.range, range(0, 0, 0, 0));
    assert.match(String(diagnostic.message), /^This file is 0\.0 MB, over the 0\.0 MB limit \(befw\.maxFileSize in the editor, --max-file-size on the command line\), so it is not checked\.$/);
    assert.deepEqual(summary(report), ['invalid-dmz.fwrules.yaml:1 BEX019', 'invalid.bexnet.yaml:10 BEX017']);
    assert.equal(report.ruleFiles.length, 0, 'nothing parsed');
  });

  it('a manifest or a lone rule file over the limit is not parsed at all', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    const service = memoryService(files);
    const lone = service.checkRuleFile({ uri: uriOf('invalid-dmz.fwrules.yaml'), text: files['invalid-dmz.fwrules.yaml'] }, { maxFileSize: LIMIT });
    assert.deepEqual([...lone.diagnostics].map(([uri, list]) => [uri, list.map((d) => d.code)]), [[uriOf('invalid-dmz.fwrules.yaml'), ['BEX019']]]);
    const big = `${files['invalid.bexnet.yaml']}${'#'.repeat(LIMIT)}\n`;
    const manifest = await service.checkManifest({ uri: uriOf('big.bexnet.yaml'), text: big }, { maxFileSize: LIMIT });
    assert.equal(manifest.manifest, undefined);
    assertDiagnostic({ 'big.bexnet.yaml': big }, 'big.bexnet.yaml', manifest.diagnostics.get(uriOf('big.bexnet.yaml'))![0], { range: range(0, 0, 0, 0), text: '', facts: ['over the', 'not checked'] });
  });

  it('under the limit (the valid fixture), the files are checked as usual', async () => {
    const files = await fixtures(__dirname, ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml', { maxFileSize: LIMIT });
    assert.deepEqual(summary(report), []);
  });
});
