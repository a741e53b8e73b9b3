import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changedPart, fixRoundTrip, fixtures, theDiagnostic, dataRuleText } from '../../support/checkFixtures';
import { checkFiles } from '../../support/engine';

const FILES = ['range.bexnet.yaml', 'range-dmz.fwrules.yaml'];

describe('BEX100 fix for a flow on a port range', () => {
  it('inserts the whole range, first and last port included, and the flow passes on re-check', async () => {
    const files = await fixtures(__dirname, FILES);
    const { service, report } = await checkFiles(files, 'range.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'range-dmz.fwrules.yaml', 'BEX100');
    assert.match(String(diagnostic.message), /Remote Agent data connections \(TCP 50100-50149\)/);
    const { fixed } = await fixRoundTrip({ files, manifest: 'range.bexnet.yaml', service, report, diagnostic, gone: ['range-dmz.fwrules.yaml:5 BEX100', 'range.bexnet.yaml:10 BEX100'] });
    const before = files['range-dmz.fwrules.yaml'];
    assert.deepStrictEqual(changedPart(before, fixed['range-dmz.fwrules.yaml']), {
      at: before.length,
      removed: '',
      inserted: dataRuleText('50100-50149'),
    });
  });
});
