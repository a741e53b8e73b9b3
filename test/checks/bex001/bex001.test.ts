import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, fixtures, range, theDiagnostic } from '../../support/checkFixtures';
import { checkFiles, memoryService, summary, uriOf } from '../../support/engine';

const INVALID = ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml'];
const VALID = ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml'];

describe('BEX001 invalid YAML or schema violation', () => {
  it('reports a wrongly typed manifest setting at its value', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    assertDiagnostic(files, 'invalid.bexnet.yaml', theDiagnostic(report, 'invalid.bexnet.yaml', 'BEX001'), {
      range: range(7, 18, 7, 22),
      text: 'four',
      facts: ['settings.concurrentJobs', 'expected a whole number', '"four"'],
    });
  });

  it('reports a rule action outside the schema at its value, in the referenced rule file', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    assertDiagnostic(files, 'invalid-dmz.fwrules.yaml', theDiagnostic(report, 'invalid-dmz.fwrules.yaml', 'BEX001'), {
      range: range(15, 12, 15, 18),
      text: 'permit',
      facts: ['rules[1].action', 'allow, block', '"permit"'],
    });
    // The unreadable rule is left out of the other checks: nothing else is reported.
    assert.deepStrictEqual(summary(report), ['invalid-dmz.fwrules.yaml:16 BEX001', 'invalid.bexnet.yaml:8 BEX001']);
  });

  it('reports the same problem when the rule file is checked on its own', async () => {
    const files = await fixtures(__dirname, INVALID);
    const report = memoryService(files).checkRuleFile({ uri: uriOf('invalid-dmz.fwrules.yaml'), text: files['invalid-dmz.fwrules.yaml'] });
    assertDiagnostic(files, 'invalid-dmz.fwrules.yaml', theDiagnostic(report, 'invalid-dmz.fwrules.yaml', 'BEX001'), {
      range: range(15, 12, 15, 18),
      text: 'permit',
      facts: ['rules[1].action', '"permit"'],
    });
  });

  it('the valid fixture has no BEX001 (and no other finding)', async () => {
    const files = await fixtures(__dirname, VALID);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
