import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, fixtures, range, theDiagnostic } from '../../support/checkFixtures';
import { checkFiles, summary, uriOf } from '../../support/engine';

const VALID = ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml'];

describe('BEX017 rule file missing or unreadable', () => {
  it('reports a rule path that leads nowhere at the path, with the reason and the flows it leaves unchecked', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml']);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid.bexnet.yaml', 'BEX017');
    assertDiagnostic(files, 'invalid.bexnet.yaml', diagnostic, {
      range: range(9, 11, 9, 42),
      text: 'firewalls/dmz-2024.fwrules.yaml',
      facts: [],
    });
    assert.equal(
      diagnostic.message,
      'The rule file of firewall "dmz" cannot be read: file not found: firewalls/dmz-2024.fwrules.yaml. Its 4 required flows are unchecked until it exists: ' +
        'create it with the rules the manifest calls for (a quick-fix in the editor, or befw generate), or correct the path.',
    );
    assert.deepStrictEqual(diagnostic.data, { fix: 'createRuleFile', firewall: 'dmz', ruleFileUri: uriOf('firewalls/dmz-2024.fwrules.yaml') });
    assert.deepStrictEqual(summary(report), ['invalid.bexnet.yaml:10 BEX017']);
    assert.deepStrictEqual(report.bindings.map((b) => [b.ruleFileUri, b.ruleFile]), [[uriOf('firewalls/dmz-2024.fwrules.yaml'), undefined]]);
  });

  it('the valid fixture has no BEX017 (and no other finding)', async () => {
    const files = await fixtures(__dirname, VALID);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
