import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, fixRoundTrip, fixtures, range, spliced, theDiagnostic, dataRuleText } from '../../support/checkFixtures';
import { checkFiles } from '../../support/engine';

describe('BEX101 fixes that stand up to what is around the rule', () => {
  it('a block rule above the opener: the fix adds an allow above the block rule, since ports added to the opener would stay blocked', async () => {
    const manifest = 'invalid-block-first.bexnet.yaml';
    const rules = 'invalid-block-first-dmz.fwrules.yaml';
    const files = await fixtures(__dirname, [manifest, rules]);
    const { service, report } = await checkFiles(files, manifest);
    const diagnostic = theDiagnostic(report, rules, 'BEX101');
    assertDiagnostic(files, rules, diagnostic, {
      range: range(18, 10, 18, 26),
      text: 'BE data to sql01',
      facts: ['rule "BE data to sql01" opens 50100-50120, but 50121-50149 stay closed.'],
    });
    const { fix, fixed } = await fixRoundTrip({ files, manifest, service, report, diagnostic, gone: [`${rules}:19 BEX101`, `${manifest}:10 BEX101`] });
    assert.equal(fix.title, 'Add rule "Remote Agent data connections from be01 to sql01" above rule "Block top agent ports"');
    const inserted = dataRuleText('50121-50149');
    assert.equal(fixed[rules], spliced(files[rules], files[rules].indexOf('  - name: Block top agent ports'), 0, inserted));
  });

  it('in a CRLF file, the comment after the last port stays on its line and the new port follows on a line of its own', async () => {
    const lf = await fixtures(__dirname, ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    // The block-style fixture of bex101.test.ts, saved with Windows line ends.
    const files = { ...lf, 'invalid-dmz.fwrules.yaml': lf['invalid-dmz.fwrules.yaml'].replace(/\n/g, '\r\n') };
    const { service, report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-dmz.fwrules.yaml', 'BEX101');
    const gone = ['invalid-dmz.fwrules.yaml:7 BEX101', 'invalid.bexnet.yaml:16 BEX101'];
    const { fixed } = await fixRoundTrip({ files, manifest: 'invalid.bexnet.yaml', service, report, diagnostic, gone });
    const before = files['invalid-dmz.fwrules.yaml'];
    const lastItem = '      - 50100-50120             # written before the agent range grew to 50149';
    assert.equal(fixed['invalid-dmz.fwrules.yaml'], spliced(before, before.indexOf(lastItem) + lastItem.length, 0, '\r\n      - 50121-50149'));
  });
});
