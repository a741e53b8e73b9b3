import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, changedPart, fixRoundTrip, fixtures, range, theDiagnostic } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

const INVALID = ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml'];
const VALID = ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml'];

describe('BEX011 dynamic range has fewer than 25 ports', () => {
  it('reports a 10-port agent range at its value', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    assertDiagnostic(files, 'invalid.bexnet.yaml', theDiagnostic(report, 'invalid.bexnet.yaml', 'BEX011'), {
      range: range(4, 96, 4, 107),
      text: '50100-50109',
      facts: ['agent range 50100-50109', 'has 10 port(s)', 'at least 25'],
    });
    // Four jobs need 8 ports, which 10 ports are: BEX012 does not add to it.
    assert.deepStrictEqual(summary(report), ['invalid.bexnet.yaml:5 BEX011']);
  });

  it('fix: widens the range to 25 ports from its start, inside a flow mapping', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { service, report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid.bexnet.yaml', 'BEX011');
    const { fix, fixed } = await fixRoundTrip({ files, manifest: 'invalid.bexnet.yaml', service, report, diagnostic, gone: ['invalid.bexnet.yaml:5 BEX011'] });
    assert.equal(fix.title, 'Change the range to 50100-50124');
    const at = files['invalid.bexnet.yaml'].indexOf('50100-50109') + '50100-501'.length;
    assert.deepStrictEqual(changedPart(files['invalid.bexnet.yaml'], fixed['invalid.bexnet.yaml']), { at, removed: '09', inserted: '24' });
    assert.ok(fixed['invalid.bexnet.yaml'].includes('agent: { enabled: true, range: 50100-50124 } }   # only 10 agent ports\n'));
  });

  it('the threshold on both sides: a 24-port agent range is reported, a 25-port range is not', async () => {
    const files = await fixtures(__dirname, INVALID);
    const withAgentRange = async (range: string) => {
      const text = files['invalid.bexnet.yaml'].replace('range: 50100-50109 }', `range: ${range} }`);
      assert.notEqual(text, files['invalid.bexnet.yaml']);
      const { report } = await checkFiles({ ...files, 'invalid.bexnet.yaml': text }, 'invalid.bexnet.yaml');
      return summary(report).filter((s) => s.endsWith('BEX011'));
    };
    assert.deepStrictEqual(await withAgentRange('50100-50123'), ['invalid.bexnet.yaml:5 BEX011']);
    assert.deepStrictEqual(await withAgentRange('50100-50124'), []);
  });

  it('the valid fixture has no BEX011 (and no other finding)', async () => {
    const files = await fixtures(__dirname, VALID);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
