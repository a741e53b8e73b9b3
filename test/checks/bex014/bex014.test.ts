import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, fixtures, range, theDiagnostic } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

const INVALID = ['invalid.bexnet.yaml', 'invalid-unset.bexnet.yaml', 'invalid-shared.bexnet.yaml', 'invalid-dmz.fwrules.yaml'];
const HARDENING = ['hardening.bexnet.yaml', 'hardening-dmz.fwrules.yaml'];
const VALID = ['valid.bexnet.yaml', 'valid-server-off.bexnet.yaml', 'valid-dmz.fwrules.yaml'];
const FACTS = ['remote agent range is off', '"Enable remote agent TCP dynamic port range"', 'all of 1025-65535', 'settings.dynamicPorts.agent'];

describe('BEX014 dynamic port ranges disabled (hardening)', () => {
  it('reports the remote agent range\'s "enabled: false" at its value, whatever the server range\'s flag', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    assertDiagnostic(files, 'invalid.bexnet.yaml', theDiagnostic(report, 'invalid.bexnet.yaml', 'BEX014'), {
      range: range(5, 22, 5, 27),
      text: 'false',
      facts: FACTS,
    });
    assert.deepStrictEqual(summary(report), ['invalid.bexnet.yaml:6 BEX014']);
  });

  it('reports the older shared "enabled: false" at its value (and BEX021 at the flag)', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid-shared.bexnet.yaml');
    assertDiagnostic(files, 'invalid-shared.bexnet.yaml', theDiagnostic(report, 'invalid-shared.bexnet.yaml', 'BEX014'), {
      range: range(4, 13, 4, 18),
      text: 'false',
      facts: FACTS,
    });
    assert.deepStrictEqual(summary(report), ['invalid-shared.bexnet.yaml:5 BEX014', 'invalid-shared.bexnet.yaml:5 BEX021']);
  });

  it('reports a manifest without dynamicPorts at its "hosts" key', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid-unset.bexnet.yaml');
    assertDiagnostic(files, 'invalid-unset.bexnet.yaml', theDiagnostic(report, 'invalid-unset.bexnet.yaml', 'BEX014'), {
      range: range(2, 0, 2, 5),
      text: 'hosts',
      facts: FACTS,
    });
  });

  it('hardening: false drops BEX014 and BEX203 and nothing else', async () => {
    const files = await fixtures(__dirname, HARDENING);
    const { report } = await checkFiles(files, 'hardening.bexnet.yaml');
    const all = summary(report);
    assert.deepStrictEqual(all, [
      'hardening-dmz.fwrules.yaml:22 BEX201',
      'hardening-dmz.fwrules.yaml:25 BEX205',
      'hardening-dmz.fwrules.yaml:9 BEX203',
      'hardening.bexnet.yaml:5 BEX014',
    ]);
    const bex203 = theDiagnostic(report, 'hardening-dmz.fwrules.yaml', 'BEX203');
    assert.ok(String(bex203.message).includes('spans the whole dynamic range 1025-65535'), bex203.message as string);
    const { report: relaxed } = await checkFiles(files, 'hardening.bexnet.yaml', { hardening: false });
    assert.deepStrictEqual(summary(relaxed), ['hardening-dmz.fwrules.yaml:22 BEX201', 'hardening-dmz.fwrules.yaml:25 BEX205']);
  });

  it('severity can be overridden, or the code turned off', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml', { severities: { BEX014: 'warning' } });
    assert.equal(theDiagnostic(report, 'invalid.bexnet.yaml', 'BEX014').severity, 2);
    const { report: off } = await checkFiles(files, 'invalid.bexnet.yaml', { severities: { BEX014: 'off' } });
    assert.deepStrictEqual(summary(off), []);
  });

  it('the valid fixtures have no BEX014 (and no other finding): a server range that is off does not matter', async () => {
    const files = await fixtures(__dirname, VALID);
    for (const manifest of ['valid.bexnet.yaml', 'valid-server-off.bexnet.yaml']) {
      const { report } = await checkFiles(files, manifest);
      assert.deepStrictEqual(summary(report), [], manifest);
    }
  });
});
