import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, assertRelated, fixtures, range, withCode } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

const INVALID = ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml'];
const VALID = ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml'];

describe('BEX016 duplicate host name or address', () => {
  it('reports the second host with a name in use, pointing at the first', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const [name] = withCode(report, 'invalid.bexnet.yaml', 'BEX016');
    assertDiagnostic(files, 'invalid.bexnet.yaml', name, {
      range: range(8, 12, 8, 17),
      text: 'sql01',
      facts: ['Host "sql01" has the same name as host "sql01"'],
    });
    assertRelated(name, [{ file: 'invalid.bexnet.yaml', range: range(7, 12, 7, 17), message: 'first defined here' }]);
  });

  it('reports the host with an address in use at the address, pointing at the first', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const [, address] = withCode(report, 'invalid.bexnet.yaml', 'BEX016');
    assertDiagnostic(files, 'invalid.bexnet.yaml', address, {
      range: range(9, 51, 9, 60),
      text: '10.0.2.20',
      facts: ['Host "ora01" has the same address as host "sql01": 10.0.2.20'],
    });
    assertRelated(address, [{ file: 'invalid.bexnet.yaml', range: range(7, 51, 7, 60), message: 'first defined here' }]);
    assert.deepStrictEqual(summary(report), ['invalid.bexnet.yaml:10 BEX016', 'invalid.bexnet.yaml:9 BEX016']);
  });

  it('the valid fixture has no BEX016 (and no other finding)', async () => {
    const files = await fixtures(__dirname, VALID);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
