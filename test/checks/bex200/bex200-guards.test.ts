import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, fixtures, range, withCode } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

/**
 * A disabled rule is still a rule the admin may turn on: its bad ports are
 * reported as for any other (they would be ignored the moment it is enabled).
 */
describe('BEX200 in a disabled rule', () => {
  it('"enabled: false" on the Legacy app rule hides none of its three bad ports', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    const rules = files['invalid-dmz.fwrules.yaml'].replace('  - name: Legacy app\n', '  - name: Legacy app\n    enabled: false\n');
    assert.notEqual(rules, files['invalid-dmz.fwrules.yaml']);
    const disabled = { ...files, 'invalid-dmz.fwrules.yaml': rules };
    const { report } = await checkFiles(disabled, 'invalid.bexnet.yaml');
    const [high] = withCode(report, 'invalid-dmz.fwrules.yaml', 'BEX200');
    assertDiagnostic(disabled, 'invalid-dmz.fwrules.yaml', high, { range: range(20, 18, 20, 24), text: '100000', facts: ['Rule "Legacy app"', '100000 is outside 1-65535'] });
    assert.deepStrictEqual(summary(report), ['invalid-dmz.fwrules.yaml:21 BEX200', 'invalid-dmz.fwrules.yaml:21 BEX200', 'invalid-dmz.fwrules.yaml:21 BEX200']);
  });
});
