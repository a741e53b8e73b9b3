import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixtures } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

/**
 * BEX014 asks the firewalls in the way to open less; a site with no firewall
 * has none to ask. (The same settings with a firewall get it: bex014.test.ts.)
 */
describe('BEX014 needs a firewall to talk to', () => {
  it('the remote agent range off and no firewall: no BEX014 (and no other finding)', async () => {
    const files = await fixtures(__dirname, ['valid-no-firewall.bexnet.yaml']);
    const { report } = await checkFiles(files, 'valid-no-firewall.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
