import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, assertRelated, fixtures, range, theDiagnostic } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

const INVALID = ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml'];
const VALID = ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml'];

describe('BEX013 server and agent ranges overlap', () => {
  it('reports the agent range with the overlap, pointing at the server range', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { service, report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid.bexnet.yaml', 'BEX013');
    assertDiagnostic(files, 'invalid.bexnet.yaml', diagnostic, {
      range: range(5, 35, 5, 46),
      text: '50040-50089',
      facts: ['agent range 50040-50089', 'server range 50000-50049', '(50040-50049)'],
    });
    assertRelated(diagnostic, [{ file: 'invalid.bexnet.yaml', range: range(4, 36, 4, 47), message: 'server range' }]);
    assert.deepStrictEqual(summary(report), ['invalid.bexnet.yaml:6 BEX013']);
    assert.deepStrictEqual(service.getQuickFixes(report, diagnostic), [], 'which range to move is the user\'s call');
  });

  it('a range that is off overlaps nothing: no BEX013 (and no other finding)', async () => {
    const files = await fixtures(__dirname, ['valid-server-off.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'valid-server-off.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });

  it('the valid fixture has no BEX013 (and no other finding)', async () => {
    const files = await fixtures(__dirname, VALID);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
