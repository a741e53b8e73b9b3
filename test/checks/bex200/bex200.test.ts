import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, fixtures, range, withCode } from '../../support/checkFixtures';
import { checkFiles, memoryService, summary, uriOf } from '../../support/engine';

const INVALID = ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml'];

describe('BEX200 port out of 1-65535 or malformed range', () => {
  it('reports each bad port item at the item: too high, reversed, not a number', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const [high, reversed, letters] = withCode(report, 'invalid-dmz.fwrules.yaml', 'BEX200');
    assertDiagnostic(files, 'invalid-dmz.fwrules.yaml', high, { range: range(19, 18, 19, 24), text: '100000', facts: ['Rule "Legacy app"', '100000 is outside 1-65535'] });
    assertDiagnostic(files, 'invalid-dmz.fwrules.yaml', reversed, {
      range: range(19, 26, 19, 35),
      text: '9100-9000',
      facts: ['Rule "Legacy app"', '9100-9000 is reversed'],
    });
    assertDiagnostic(files, 'invalid-dmz.fwrules.yaml', letters, {
      range: range(19, 37, 19, 43),
      text: '"14OO"',
      facts: ['Rule "Legacy app"', '"14OO" is neither a port'],
    });
    // The good item (8080) and the Backup Exec rule are unaffected.
    assert.deepStrictEqual(summary(report), ['invalid-dmz.fwrules.yaml:20 BEX200', 'invalid-dmz.fwrules.yaml:20 BEX200', 'invalid-dmz.fwrules.yaml:20 BEX200']);
  });

  it('is reported for a rule file checked on its own', async () => {
    const files = await fixtures(__dirname, INVALID);
    const report = memoryService(files).checkRuleFile({ uri: uriOf('invalid-dmz.fwrules.yaml'), text: files['invalid-dmz.fwrules.yaml'] });
    assert.deepStrictEqual(summary(report), ['invalid-dmz.fwrules.yaml:20 BEX200', 'invalid-dmz.fwrules.yaml:20 BEX200', 'invalid-dmz.fwrules.yaml:20 BEX200']);
  });

  it('the valid fixture has no BEX200 (and no other finding)', async () => {
    const files = await fixtures(__dirname, ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
