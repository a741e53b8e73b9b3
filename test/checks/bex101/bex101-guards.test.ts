import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, fixRoundTrip, fixtures, range, spliced, theDiagnostic, dataRuleText } from '../../support/checkFixtures';
import { applyFix, checkFiles, summary } from '../../support/engine';

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

  it('a port list that can no longer be edited in place when the fix is asked for (now merged from an anchor): a rule holding the closed ports is added instead', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-dmz.fwrules.yaml', 'BEX101');
    assert.equal((diagnostic.data as { fix: string }).fix, 'add-ports');
    const merged = files['invalid-dmz.fwrules.yaml']
      .replace('rules:\n', 'x-ports: &ports { ports: [10000, 50100-50120] }\nrules:\n')
      .replace('  - name: BE control and data to sql01\n', '  - <<: *ports\n    name: BE control and data to sql01\n')
      .replace(/    ports:\n(      - .*\n)+/, '');
    const changed = { ...files, 'invalid-dmz.fwrules.yaml': merged };
    const { service, report: now } = await checkFiles(changed, 'invalid.bexnet.yaml');
    const fixes = service.getQuickFixes(now, diagnostic);
    assert.deepEqual(fixes.map((f) => f.title), ['Add rule "Remote Agent data connections 50121-50149 from be01 to sql01"']);
    const fixed = applyFix(changed, fixes[0]);
    assert.equal(fixed['invalid-dmz.fwrules.yaml'], `${merged}${dataRuleText('50121-50149', 'Remote Agent data connections 50121-50149 from be01 to sql01')}`);
    assert.deepEqual(summary((await checkFiles(fixed, 'invalid.bexnet.yaml')).report), []);
  });

  it('a port list another rule takes by alias (*ports) is not widened, which would open the ports there too: a rule holding the closed ports is added', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    const shared = files['invalid-dmz.fwrules.yaml']
      .replace('    ports:\n', '    ports: &be-ports\n')
      .replace('    description: opened by change request CR-1187\n', '    description: opened by change request CR-1187\n  - name: BE to the test server\n    action: allow\n    protocol: tcp\n    from: [be01]\n    to: [10.0.9.9]\n    ports: *be-ports\n');
    const changed = { ...files, 'invalid-dmz.fwrules.yaml': shared };
    const { service, report } = await checkFiles(changed, 'invalid.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-dmz.fwrules.yaml', 'BEX101');
    const fixes = service.getQuickFixes(report, diagnostic);
    assert.deepEqual(fixes.map((f) => f.title), ['Add rule "Remote Agent data connections 50121-50149 from be01 to sql01"']);
    const fixed = applyFix(changed, fixes[0]);
    assert.equal(fixed['invalid-dmz.fwrules.yaml'], `${shared}${dataRuleText('50121-50149', 'Remote Agent data connections 50121-50149 from be01 to sql01')}`);
    assert.deepEqual(summary((await checkFiles(fixed, 'invalid.bexnet.yaml')).report), []);
  });
});
