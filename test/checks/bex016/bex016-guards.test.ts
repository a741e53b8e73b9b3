import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, assertRelated, fixtures, range, withCode } from '../../support/checkFixtures';
import { checkFiles } from '../../support/engine';

/** Addresses are compared by what they mean, not by how they are written. */
describe('BEX016 compares addresses, not their spelling', () => {
  it('10.0.2.20/32 is the address 10.0.2.20: reported at the /32, pointing at sql01; the /31 is not', async () => {
    const files = await fixtures(__dirname, ['invalid-cidr.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'invalid-cidr.bexnet.yaml');
    const found = withCode(report, 'invalid-cidr.bexnet.yaml', 'BEX016');
    assert.equal(found.length, 1, found.map((d) => d.message).join('\n'));
    assertDiagnostic(files, 'invalid-cidr.bexnet.yaml', found[0], {
      range: range(10, 55, 10, 67),
      text: '10.0.2.20/32',
      facts: ['Host "sql01-ilo" has the same address as host "sql01": 10.0.2.20/32'],
    });
    assertRelated(found[0], [{ file: 'invalid-cidr.bexnet.yaml', range: range(9, 51, 9, 60), message: 'first defined here' }]);
  });
});
