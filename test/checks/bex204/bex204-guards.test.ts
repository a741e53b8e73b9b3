import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixtures } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

/** BEX204 is about ports a rule opens; the same ports in a block rule are what the check would ask for. */
describe('BEX204 and block rules', () => {
  it('a block rule on 5633, 10082 and 10102 (unneeded here) gets no BEX204 (and no other finding)', async () => {
    const files = await fixtures(__dirname, ['valid-block.bexnet.yaml', 'valid-block-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'valid-block.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
