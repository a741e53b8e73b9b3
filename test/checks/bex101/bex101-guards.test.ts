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
      range: range(23, 11, 23, 24),
      text: '[50100-50120]',
      facts: ['rule "BE data to sql01" opens 50100-50120, but 50121-50149 stay closed.'],
    });
    const { fix, fixed } = await fixRoundTrip({ files, manifest, service, report, diagnostic, gone: [`${rules}:24 BEX101`, `${manifest}:10 BEX101`] });
    // The new rule holds only the ports that stay closed, and its name says which.
    assert.equal(fix.title, 'Add rule "Remote Agent data connections 50121-50149 from be01 to sql01" above rule "Block top agent ports"');
    const inserted = dataRuleText('50121-50149', 'Remote Agent data connections 50121-50149 from be01 to sql01');
    assert.equal(fixed[rules], spliced(files[rules], files[rules].indexOf('  - name: Block top agent ports'), 0, inserted));
  });

  it('in a CRLF file, the widened item keeps its comment and the file its line ends', async () => {
    const lf = await fixtures(__dirname, ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    // The block-style fixture of bex101.test.ts, saved with Windows line ends.
    const files = { ...lf, 'invalid-dmz.fwrules.yaml': lf['invalid-dmz.fwrules.yaml'].replace(/\n/g, '\r\n') };
    const { service, report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-dmz.fwrules.yaml', 'BEX101');
    const gone = ['invalid-dmz.fwrules.yaml:13 BEX101', 'invalid.bexnet.yaml:16 BEX101'];
    const { fixed } = await fixRoundTrip({ files, manifest: 'invalid.bexnet.yaml', service, report, diagnostic, gone });
    const before = files['invalid-dmz.fwrules.yaml'];
    assert.equal(fixed['invalid-dmz.fwrules.yaml'], before.replace('      - 50100-50120             # written', '      - 50100-50149             # written'));
  });
});
