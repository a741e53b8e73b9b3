import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, assertRelated, fixtures, range, withCode } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

const INVALID = ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml', 'invalid-be01.fwrules.yaml'];
const VALID = ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml', 'valid-be01.fwrules.yaml'];
const HOSTS_KEY = range(5, 0, 5, 5);

describe('BEX015 unknown host name in the manifest', () => {
  it('reports a misspelt "protects" entry and a misspelt "host", each at the name', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const [protects, host] = withCode(report, 'invalid.bexnet.yaml', 'BEX015');
    assertDiagnostic(files, 'invalid.bexnet.yaml', protects, {
      range: range(12, 22, 12, 26),
      text: 'ora1',
      facts: ['Firewall "dmz"', 'host "ora1"', 'known: be01, sql01, ora01'],
    });
    assertRelated(protects, [{ file: 'invalid.bexnet.yaml', range: HOSTS_KEY, message: 'hosts are defined here' }]);
    assertDiagnostic(files, 'invalid.bexnet.yaml', host, {
      range: range(15, 10, 15, 13),
      text: 'be1',
      facts: ['Firewall "be01-host"', 'host "be1"'],
    });
    assertRelated(host, [{ file: 'invalid.bexnet.yaml', range: HOSTS_KEY, message: 'hosts are defined here' }]);
    assert.deepStrictEqual(summary(report), ['invalid.bexnet.yaml:13 BEX015', 'invalid.bexnet.yaml:16 BEX015']);
  });

  it('the valid fixture has no BEX015 (and no other finding)', async () => {
    const files = await fixtures(__dirname, VALID);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
