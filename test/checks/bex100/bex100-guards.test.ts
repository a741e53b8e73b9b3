import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, assertRelated, fixRoundTrip, fixtures, range, spliced, theDiagnostic, dataRuleText } from '../../support/checkFixtures';
import { checkFiles } from '../../support/engine';

/**
 * Under first-match the first block rule a flow meets is the one in its way:
 * the message names it, and the added allow goes above it, whatever the
 * style of the rules (block or flow mappings). The added rule opens the
 * flow's whole range, last port included.
 */
describe('BEX100 with block rules in the way', () => {
  it('two block rules close the agent range in halves: the first is named, and the rule for the whole range goes above it', async () => {
    const manifest = 'invalid-two-blocks.bexnet.yaml';
    const rules = 'invalid-two-blocks-dmz.fwrules.yaml';
    const files = await fixtures(__dirname, [manifest, rules]);
    const { service, report } = await checkFiles(files, manifest);
    const diagnostic = theDiagnostic(report, rules, 'BEX100');
    assertDiagnostic(files, rules, diagnostic, {
      range: range(5, 0, 5, 5),
      text: 'rules',
      facts: ['Remote Agent data connections (TCP 50100-50149) from be01 (10.0.1.10) to sql01 (10.0.2.20)', 'rule "Block lower agent ports" blocks TCP 50100-50149.'],
    });
    assertRelated(diagnostic, [
      { file: manifest, range: range(9, 12, 9, 15), message: 'firewall "dmz"' },
      { file: rules, range: range(12, 10, 12, 33), message: 'blocked by: rule "Block lower agent ports"' },
      { file: manifest, range: range(6, 12, 6, 16), message: 'source: be01' },
      { file: manifest, range: range(7, 12, 7, 17), message: 'destination: sql01' },
    ]);
    const { fix, fixed } = await fixRoundTrip({ files, manifest, service, report, diagnostic, gone: [`${rules}:6 BEX100`, `${manifest}:10 BEX100`] });
    assert.equal(fix.title, 'Add rule "Remote Agent data connections from be01 to sql01" above rule "Block lower agent ports"');
    const inserted = dataRuleText('50100-50149');
    assert.equal(fixed[rules], spliced(files[rules], files[rules].indexOf('  - name: Block lower agent ports'), 0, inserted));
  });

  it('flow-style rules: the new flow-style rule goes above the block rule, not after the last rule', async () => {
    const manifest = 'invalid-flow-blocked.bexnet.yaml';
    const rules = 'invalid-flow-blocked-dmz.fwrules.yaml';
    const files = await fixtures(__dirname, [manifest, rules]);
    const { service, report } = await checkFiles(files, manifest);
    const diagnostic = theDiagnostic(report, rules, 'BEX100');
    assertDiagnostic(files, rules, diagnostic, { range: range(4, 0, 4, 5), text: 'rules', facts: ['rule "Block NDMP" blocks TCP 10000.'] });
    const { fix, fixed } = await fixRoundTrip({ files, manifest, service, report, diagnostic, gone: [`${rules}:5 BEX100`, `${manifest}:11 BEX100`] });
    assert.equal(fix.title, 'Add rule "Remote Agent control connection (NDMP) from be01 to sql01" above rule "Block NDMP"');
    const inserted = '  - { name: Remote Agent control connection (NDMP) from be01 to sql01, action: allow, protocol: tcp, from: [be01], to: [sql01], ports: [10000] }\n';
    assert.equal(fixed[rules], spliced(files[rules], files[rules].indexOf('  - { name: Block NDMP'), 0, inserted));
  });
});
