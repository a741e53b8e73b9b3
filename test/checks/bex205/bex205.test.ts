import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, assertRelated, fixtures, range, withCode } from '../../support/checkFixtures';
import { checkFiles, memoryService, summary, uriOf } from '../../support/engine';

const INVALID = ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml'];
const HOSTS_KEY = range(5, 0, 5, 5);

describe('BEX205 unknown host name in a rule', () => {
  it('reports each unknown name in from and to at the name, pointing at the manifest hosts', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const [source, destination] = withCode(report, 'invalid-dmz.fwrules.yaml', 'BEX205');
    assertDiagnostic(files, 'invalid-dmz.fwrules.yaml', source, {
      range: range(16, 11, 16, 15),
      text: 'be02',
      facts: ['Rule "BE02 to sql01" names "be02"', 'not a manifest host (be01, sql01)'],
    });
    assertRelated(source, [{ file: 'invalid.bexnet.yaml', range: HOSTS_KEY, message: 'manifest hosts' }]);
    assertDiagnostic(files, 'invalid-dmz.fwrules.yaml', destination, {
      range: range(17, 16, 17, 22),
      text: 'sql-01',
      facts: ['Rule "BE02 to sql01" names "sql-01"', 'not a manifest host (be01, sql01)'],
    });
    assertRelated(destination, [{ file: 'invalid.bexnet.yaml', range: HOSTS_KEY, message: 'manifest hosts' }]);
    // The CIDR and the known host of the same rule are fine.
    assert.deepStrictEqual(summary(report), ['invalid-dmz.fwrules.yaml:17 BEX205', 'invalid-dmz.fwrules.yaml:18 BEX205']);
  });

  it('needs a manifest: a rule file checked on its own has no hosts to compare with', async () => {
    const files = await fixtures(__dirname, INVALID);
    const report = memoryService(files).checkRuleFile({ uri: uriOf('invalid-dmz.fwrules.yaml'), text: files['invalid-dmz.fwrules.yaml'] });
    assert.deepStrictEqual(summary(report), []);
  });

  it('the valid fixture (addresses, a CIDR, IPv6, any) has no BEX205 (and no other finding)', async () => {
    const files = await fixtures(__dirname, ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
