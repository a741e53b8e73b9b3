import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, fixtures, range, withCode } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

const INVALID = ['invalid.bexnet.yaml', 'dmz.fwrules.yaml'];
const VALID = ['valid.bexnet.yaml', 'dmz.fwrules.yaml'];

describe('BEX022 Agent for Linux: a required flow no source documents for it', () => {
  it('reports each Linux host once at its name, naming the flows whose Linux behaviour is undocumented and the source tier', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const [web, ora] = withCode(report, 'invalid.bexnet.yaml', 'BEX022');
    assertDiagnostic(files, 'invalid.bexnet.yaml', web, {
      range: range(7, 12, 7, 17),
      text: 'web01',
      facts: ['web01 runs the Agent for Linux', 'community source, not Veritas', 'No source documents these required flows for it: Remote Agent data connections.', 'as for the Agent for Windows'],
    });
    assertDiagnostic(files, 'invalid.bexnet.yaml', ora, {
      range: range(8, 12, 8, 17),
      text: 'ora01',
      facts: ['ora01 runs the Agent for Linux', 'Remote Agent data connections, Backup Exec Job Engine (Agent for Oracle).'],
    });
    // The control connection and the Agent Browser are documented for Linux (community source): not listed.
    assert.doesNotMatch(String(web.message), /control connection|Agent Browser/);
    assert.deepStrictEqual(summary(report), ['invalid.bexnet.yaml:8 BEX022', 'invalid.bexnet.yaml:9 BEX022']);
  });

  it('the valid fixture (Windows agents only, the default included) has no BEX022 (and no other finding)', async () => {
    const files = await fixtures(__dirname, VALID);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
