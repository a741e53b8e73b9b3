import { describe, it } from 'node:test';
import { assertDiagnostic, fixtures, range, theDiagnostic } from '../../support/checkFixtures';
import { checkFiles } from '../../support/engine';

/**
 * The message gives the file's size and the limit as two different numbers
 * (bex019.test.ts uses sizes that both print as 0.0 MB).
 */
const LIMIT = 100_000;

describe('BEX019 says how large the file is and what the limit is', () => {
  it('a 0.3 MB rule file over a 0.1 MB limit', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    // Padded with a comment to about 300,000 characters: 0.3 MB, three times the limit.
    const big = { ...files, 'invalid-dmz.fwrules.yaml': `${files['invalid-dmz.fwrules.yaml']}#${'x'.repeat(300_000)}\n` };
    const { report } = await checkFiles(big, 'invalid.bexnet.yaml', { maxFileSize: LIMIT });
    assertDiagnostic(big, 'invalid-dmz.fwrules.yaml', theDiagnostic(report, 'invalid-dmz.fwrules.yaml', 'BEX019'), {
      range: range(0, 0, 0, 0),
      text: '',
      facts: ['This file is 0.3 MB, over the 0.1 MB limit (befw.maxFileSize in the editor'],
    });
  });
});
