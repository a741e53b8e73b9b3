import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, fixtures, range, withCode } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

const INVALID = ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml'];

describe('BEX204 Backup Exec port that nothing in the manifest needs (hardening)', () => {
  it('reports the Oracle and deduplication ports of a host without those features, each at its item', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const [oracle, spoold, spad] = withCode(report, 'invalid-dmz.fwrules.yaml', 'BEX204');
    const rule = 'Rule "sql01 to BE"';
    assertDiagnostic(files, 'invalid-dmz.fwrules.yaml', oracle, { range: range(18, 18, 18, 22), text: '5633', facts: [rule, 'opens 5633 (Backup Exec Job Engine (Agent for Oracle))'] });
    assertDiagnostic(files, 'invalid-dmz.fwrules.yaml', spoold, { range: range(18, 24, 18, 29), text: '10082', facts: [rule, 'opens 10082 (Deduplication Engine (spoold))'] });
    assertDiagnostic(files, 'invalid-dmz.fwrules.yaml', spad, { range: range(18, 31, 18, 36), text: '10102', facts: [rule, 'opens 10102 (Deduplication Manager (spad))'] });
    // 6101 and the server range in the same list are needed.
    assert.deepStrictEqual(summary(report), ['invalid-dmz.fwrules.yaml:19 BEX204', 'invalid-dmz.fwrules.yaml:19 BEX204', 'invalid-dmz.fwrules.yaml:19 BEX204']);
  });

  it('hardening: false drops it', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml', { hardening: false });
    assert.deepStrictEqual(summary(report), []);
  });

  it('the valid fixture (features declared; undocumented ports 3527, 6106, 50104) has no BEX204 (and no other finding)', async () => {
    const files = await fixtures(__dirname, ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
