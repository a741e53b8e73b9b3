import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, assertRelated, fixRoundTrip, fixtures, range, spliced, theDiagnostic } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

const FIREWALL_NAME = range(9, 12, 9, 15);
const FACTS = [
  'Remote Agent control connection (NDMP) (TCP 10000) from be01 (10.0.1.10) to sql01 (10.0.2.20)',
  'rule "NDMP" opens 10000 from sql01 to be01, the opposite direction',
];
const NEW_RULE = ['  - name: Remote Agent control connection (NDMP) from be01 to sql01', '    action: allow', '    protocol: tcp', '    from: [be01]', '    to: [sql01]', '    ports: [10000]', ''];

describe('BEX103 right ports, wrong direction', () => {
  it('reports the reversed rule at its "from", and the firewall in the manifest', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-dmz.fwrules.yaml', 'BEX103');
    assertDiagnostic(files, 'invalid-dmz.fwrules.yaml', diagnostic, { range: range(17, 10, 17, 17), text: '[sql01]', facts: FACTS });
    assertRelated(diagnostic, [
      { file: 'invalid.bexnet.yaml', range: FIREWALL_NAME, message: 'firewall "dmz" in the manifest' },
      { file: 'invalid-dmz.fwrules.yaml', range: range(14, 10, 14, 14), message: 'reversed rule: rule "NDMP"' },
      { file: 'invalid.bexnet.yaml', range: range(6, 12, 6, 16), message: 'source: be01' },
      { file: 'invalid.bexnet.yaml', range: range(7, 12, 7, 17), message: 'destination: sql01' },
    ]);
    assertDiagnostic(files, 'invalid.bexnet.yaml', theDiagnostic(report, 'invalid.bexnet.yaml', 'BEX103'), { range: FIREWALL_NAME, text: 'dmz', facts: FACTS });
    assert.deepStrictEqual(summary(report), ['invalid-dmz.fwrules.yaml:18 BEX103', 'invalid.bexnet.yaml:10 BEX103']);
  });

  it('fix (block-style rules): adds a rule in the right direction and leaves the reversed one alone', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    const { service, report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-dmz.fwrules.yaml', 'BEX103');
    const gone = ['invalid-dmz.fwrules.yaml:18 BEX103', 'invalid.bexnet.yaml:10 BEX103'];
    const { fix, fixed } = await fixRoundTrip({ files, manifest: 'invalid.bexnet.yaml', service, report, diagnostic, gone });
    assert.equal(fix.title, 'Add rule "Remote Agent control connection (NDMP) from be01 to sql01"');
    const before = files['invalid-dmz.fwrules.yaml'];
    // The file separates its rules with blank lines, so the new rule follows one.
    assert.equal(fixed['invalid-dmz.fwrules.yaml'], spliced(before, before.length, 0, ['', ...NEW_RULE].join('\n')));
  });

  it('fix (flow-style "- { … }" rules with scalar endpoints): adds a flow-style rule', async () => {
    const files = await fixtures(__dirname, ['invalid-flow.bexnet.yaml', 'invalid-flow-dmz.fwrules.yaml']);
    const { service, report } = await checkFiles(files, 'invalid-flow.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-flow-dmz.fwrules.yaml', 'BEX103');
    assertDiagnostic(files, 'invalid-flow-dmz.fwrules.yaml', diagnostic, { range: range(6, 54, 6, 59), text: 'sql01', facts: FACTS });
    const gone = ['invalid-flow-dmz.fwrules.yaml:7 BEX103', 'invalid-flow.bexnet.yaml:10 BEX103'];
    const { fixed } = await fixRoundTrip({ files, manifest: 'invalid-flow.bexnet.yaml', service, report, diagnostic, gone });
    const before = files['invalid-flow-dmz.fwrules.yaml'];
    const added = '  - { name: Remote Agent control connection (NDMP) from be01 to sql01, action: allow, protocol: tcp, from: [be01], to: [sql01], ports: [10000] }\n';
    assert.equal(fixed['invalid-flow-dmz.fwrules.yaml'], spliced(before, before.length, 0, added));
  });

  it('the valid fixture has no BEX103 (and no other finding)', async () => {
    const files = await fixtures(__dirname, ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
