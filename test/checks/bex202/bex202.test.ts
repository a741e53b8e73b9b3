import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, assertRelated, fixtures, range, theDiagnostic } from '../../support/checkFixtures';
import { checkFiles, codesOf, summary } from '../../support/engine';

describe('BEX202 duplicate rule', () => {
  it('reports the later of two identical rules (lists in another order, scalar vs list), pointing at the first', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-dmz.fwrules.yaml', 'BEX202');
    assertDiagnostic(files, 'invalid-dmz.fwrules.yaml', diagnostic, {
      range: range(14, 10, 14, 30),
      text: 'Backup Exec to sql01',
      facts: ['Rule "Backup Exec to sql01" duplicates rule "BE control and data to sql01"'],
    });
    assertRelated(diagnostic, [{ file: 'invalid-dmz.fwrules.yaml', range: range(6, 10, 6, 38), message: 'rule "BE control and data to sql01"' }]);
  });

  it('a duplicate is not also reported as shadowed (BEX201), though the first-match file\'s earlier rule decides its traffic', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    assert.match(files['invalid-dmz.fwrules.yaml'], /^evaluation: first-match$/m);
    assert.ok(!codesOf(report).includes('BEX201'));
    assert.deepStrictEqual(summary(report), ['invalid-dmz.fwrules.yaml:15 BEX202']);
  });

  it('ports written in pieces that join up (50120-50149, 10000, 50100-50119) are the same ports: BEX202, not BEX201', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    const pieces = files['invalid-dmz.fwrules.yaml'].replace('ports: [50100-50149, 10000]', 'ports: [50120-50149, 10000, 50100-50119]');
    assert.notEqual(pieces, files['invalid-dmz.fwrules.yaml']);
    const set = { ...files, 'invalid-dmz.fwrules.yaml': pieces };
    const { report } = await checkFiles(set, 'invalid.bexnet.yaml');
    assertDiagnostic(set, 'invalid-dmz.fwrules.yaml', theDiagnostic(report, 'invalid-dmz.fwrules.yaml', 'BEX202'), {
      range: range(14, 10, 14, 30),
      text: 'Backup Exec to sql01',
      facts: ['duplicates rule "BE control and data to sql01"'],
    });
    assert.deepStrictEqual(summary(report), ['invalid-dmz.fwrules.yaml:15 BEX202']);
  });

  it('the valid fixture has no BEX202 (and no other finding)', async () => {
    const files = await fixtures(__dirname, ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
