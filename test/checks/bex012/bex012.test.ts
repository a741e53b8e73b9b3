import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, assertRelated, fixRoundTrip, fixtures, range, theDiagnostic } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

const INVALID = ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml'];
const VALID = ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml'];

describe('BEX012 dynamic range smaller than 2 x concurrentJobs', () => {
  it('reports a 30-port agent range for 20 concurrent jobs, pointing at concurrentJobs', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid.bexnet.yaml', 'BEX012');
    assertDiagnostic(files, 'invalid.bexnet.yaml', diagnostic, {
      range: range(5, 35, 5, 46),
      text: '50100-50129',
      facts: ['agent range 50100-50129', 'has 30 port(s)', 'the 40 that 20 concurrent job(s) need at a minimum of 2 ports per job'],
    });
    assertRelated(diagnostic, [{ file: 'invalid.bexnet.yaml', range: range(6, 18, 6, 20), message: 'concurrentJobs: 20' }]);
    // The 50-port server range is enough, and 30 ports are more than 25: no BEX011.
    assert.deepStrictEqual(summary(report), ['invalid.bexnet.yaml:6 BEX012']);
  });

  it('fix: widens the agent range to 40 ports; the rule file opens the whole 50100-50149 block', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { service, report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid.bexnet.yaml', 'BEX012');
    const { fix, fixed } = await fixRoundTrip({ files, manifest: 'invalid.bexnet.yaml', service, report, diagnostic, gone: ['invalid.bexnet.yaml:6 BEX012'] });
    assert.equal(fix.title, 'Change the range to 50100-50139');
    assert.ok(fixed['invalid.bexnet.yaml'].includes('\n    agent: { enabled: true, range: 50100-50139 }    # 30 ports: 20 jobs need 40\n'));
  });

  it('the threshold on both sides: for 20 jobs a 39-port range is reported, a 40-port range is not', async () => {
    const files = await fixtures(__dirname, INVALID);
    const withAgentRange = async (range: string) => {
      const text = files['invalid.bexnet.yaml'].replace('range: 50100-50129 }', `range: ${range} }`);
      assert.notEqual(text, files['invalid.bexnet.yaml']);
      const { report } = await checkFiles({ ...files, 'invalid.bexnet.yaml': text }, 'invalid.bexnet.yaml');
      return summary(report).filter((s) => s.endsWith('BEX012'));
    };
    assert.deepStrictEqual(await withAgentRange('50100-50138'), ['invalid.bexnet.yaml:6 BEX012']);
    assert.deepStrictEqual(await withAgentRange('50100-50139'), []);
  });

  it('the valid fixture has no BEX012 (and no other finding)', async () => {
    const files = await fixtures(__dirname, VALID);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
