import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, assertRelated, fixRoundTrip, fixtures, range, spliced, theDiagnostic, withCode } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

const FIREWALL_NAME = range(15, 10, 15, 13);
const FACTS = [
  'Remote Agent data connections (TCP 50100-50149) from be01 (10.0.1.10) to sql01 (10.0.2.20)',
  'firewall "dmz" (inbound)',
  'rule "BE control and data to sql01" opens 50100-50120, but 50121-50149 stay closed',
];

describe('BEX101 required flow allowed only partly', () => {
  it('reports the rule that opens part of the agent range at its ports (from the first item to the last), its name related, and the firewall in the manifest', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const inRules = theDiagnostic(report, 'invalid-dmz.fwrules.yaml', 'BEX101');
    const ports = range(12, 6, 13, 19);
    const ruleName = range(6, 10, 6, 38);
    assertDiagnostic(files, 'invalid-dmz.fwrules.yaml', inRules, { range: ports, text: '- 10000                   # NDMP\n      - 50100-50120', facts: FACTS });
    assertRelated(inRules, [
      { file: 'invalid.bexnet.yaml', range: FIREWALL_NAME, message: 'firewall "dmz" in the manifest' },
      { file: 'invalid-dmz.fwrules.yaml', range: ruleName, message: 'opens part of it: rule "BE control and data to sql01"' },
      { file: 'invalid.bexnet.yaml', range: range(8, 10, 8, 14), message: 'source: be01' },
      { file: 'invalid.bexnet.yaml', range: range(11, 10, 11, 15), message: 'destination: sql01' },
    ]);
    const inManifest = theDiagnostic(report, 'invalid.bexnet.yaml', 'BEX101');
    assertDiagnostic(files, 'invalid.bexnet.yaml', inManifest, { range: FIREWALL_NAME, text: 'dmz', facts: FACTS });
    assertRelated(inManifest, [
      { file: 'invalid-dmz.fwrules.yaml', range: ports, message: 'rule file of "dmz"' },
      { file: 'invalid-dmz.fwrules.yaml', range: ruleName, message: 'opens part of it' },
    ]);
    assert.deepStrictEqual(summary(report), ['invalid-dmz.fwrules.yaml:13 BEX101', 'invalid.bexnet.yaml:16 BEX101']);
  });

  it('fix (block-style ports list): widens the item that stops short, its comment kept on its line', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    const { service, report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-dmz.fwrules.yaml', 'BEX101');
    const gone = ['invalid-dmz.fwrules.yaml:13 BEX101', 'invalid.bexnet.yaml:16 BEX101'];
    const { fix, fixed } = await fixRoundTrip({ files, manifest: 'invalid.bexnet.yaml', service, report, diagnostic, gone });
    assert.equal(fix.title, 'Widen 50100-50120 to 50100-50149 in rule "BE control and data to sql01"');
    const before = files['invalid-dmz.fwrules.yaml'];
    assert.equal(fixed['invalid-dmz.fwrules.yaml'], before.replace('      - 50100-50120             # written', '      - 50100-50149             # written'));
  });

  it('fix (flow-style "- { … }" rule): reported at the flow list, widened inside it', async () => {
    const files = await fixtures(__dirname, ['invalid-flow.bexnet.yaml', 'invalid-flow-dmz.fwrules.yaml']);
    const { service, report } = await checkFiles(files, 'invalid-flow.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-flow-dmz.fwrules.yaml', 'BEX101');
    assertDiagnostic(files, 'invalid-flow-dmz.fwrules.yaml', diagnostic, { range: range(5, 106, 5, 126), text: '[10000, 50100-50120]', facts: FACTS });
    assertRelated(diagnostic, [
      { file: 'invalid-flow.bexnet.yaml', range: range(15, 10, 15, 13), message: 'firewall "dmz" in the manifest' },
      { file: 'invalid-flow-dmz.fwrules.yaml', range: range(5, 12, 5, 40), message: 'opens part of it: rule "BE control and data to sql01"' },
      { file: 'invalid-flow.bexnet.yaml', range: range(8, 10, 8, 14), message: 'source: be01' },
      { file: 'invalid-flow.bexnet.yaml', range: range(11, 10, 11, 15), message: 'destination: sql01' },
    ]);
    const gone = ['invalid-flow-dmz.fwrules.yaml:6 BEX101', 'invalid-flow.bexnet.yaml:16 BEX101'];
    const { fix, fixed } = await fixRoundTrip({ files, manifest: 'invalid-flow.bexnet.yaml', service, report, diagnostic, gone });
    assert.equal(fix.title, 'Widen 50100-50120 to 50100-50149 in rule "BE control and data to sql01"');
    const before = files['invalid-flow-dmz.fwrules.yaml'];
    assert.equal(fixed['invalid-flow-dmz.fwrules.yaml'], before.replace('ports: [10000, 50100-50120] }', 'ports: [10000, 50100-50149] }'));
  });

  it('fix (an aliased list, ports: *backup-ports): reported at the alias; writes the list the alias stands for, widened, in its place, for this rule only', async () => {
    const files = await fixtures(__dirname, ['invalid-alias.bexnet.yaml', 'invalid-alias-dmz.fwrules.yaml']);
    const { service, report } = await checkFiles(files, 'invalid-alias.bexnet.yaml');
    const [sql01, sql02] = withCode(report, 'invalid-alias-dmz.fwrules.yaml', 'BEX101');
    assertDiagnostic(files, 'invalid-alias-dmz.fwrules.yaml', sql01, { range: range(6, 89, 6, 102), text: '*backup-ports', facts: ['rule "BE to sql01" opens 50100-50120, but 50121-50149 stay closed'] });
    assert.match(String(sql02.message), /from be01 \(10\.0\.1\.10\) to sql02/);
    const gone = ['invalid-alias-dmz.fwrules.yaml:7 BEX101', 'invalid-alias.bexnet.yaml:10 BEX101'];
    const { fix, fixed } = await fixRoundTrip({ files, manifest: 'invalid-alias.bexnet.yaml', service, report, diagnostic: sql01, gone });
    assert.equal(fix.title, 'Widen 50100-50120 to 50100-50149 in rule "BE to sql01"');
    const before = files['invalid-alias-dmz.fwrules.yaml'];
    assert.equal(fixed['invalid-alias-dmz.fwrules.yaml'], spliced(before, before.indexOf('*backup-ports }'), '*backup-ports'.length, '[10000, 50100-50149]'));
  });

  it('the valid fixture has no BEX101 (and no other finding)', async () => {
    const files = await fixtures(__dirname, ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
