import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, fixtures, range, theDiagnostic } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

/** Predefined Windows rules obey block-wins as ports do: a rule turned on and also blocked does not count. */
describe('BEX104 for predefined Windows rules', () => {
  it('WMI-In allowed and blocked: the console flow is reported at the block rule', async () => {
    const manifest = 'invalid-rac.bexnet.yaml';
    const rules = 'invalid-rac-be01.fwrules.yaml';
    const files = await fixtures(__dirname, [manifest, rules]);
    const { report } = await checkFiles(files, manifest);
    assertDiagnostic(files, rules, theDiagnostic(report, rules, 'BEX104'), {
      range: range(18, 10, 18, 27),
      text: 'Baseline - no WMI',
      facts: ['Remote Administration Console management', 'block rule "Baseline - no WMI" takes precedence over allow rule "Remote Administration Console"', 'block-wins'],
    });
    assert.deepStrictEqual(summary(report), [`${rules}:19 BEX104`, `${manifest}:11 BEX104`]);
  });
});
