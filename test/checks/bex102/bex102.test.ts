import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, assertRelated, fixRoundTrip, fixtures, range, spliced, withCode } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

const FIREWALL_NAME = range(9, 12, 9, 15);
const CONTROL = ['Remote Agent control connection (NDMP) (TCP 10000) from be01 (10.0.1.10) to sql01 (10.0.2.20)', 'rule "BE control and data to sql01" opens 10000 for UDP, but Backup Exec uses TCP'];
const DATA = ['Remote Agent data connections (TCP 50100-50149)', 'rule "BE control and data to sql01" opens 50100-50149 for UDP, but Backup Exec uses TCP'];

describe('BEX102 wrong protocol', () => {
  it('reports each flow the UDP rule fails at its protocol value, and at the firewall in the manifest', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const [control, data] = withCode(report, 'invalid-dmz.fwrules.yaml', 'BEX102');
    const protocol = range(8, 14, 8, 17);
    assertDiagnostic(files, 'invalid-dmz.fwrules.yaml', control, { range: protocol, text: 'udp', facts: CONTROL });
    assertDiagnostic(files, 'invalid-dmz.fwrules.yaml', data, { range: protocol, text: 'udp', facts: DATA });
    assertRelated(control, [
      { file: 'invalid.bexnet.yaml', range: FIREWALL_NAME, message: 'firewall "dmz" in the manifest' },
      { file: 'invalid-dmz.fwrules.yaml', range: range(6, 10, 6, 38), message: 'wrong protocol: rule "BE control and data to sql01"' },
      { file: 'invalid.bexnet.yaml', range: range(6, 12, 6, 16), message: 'source: be01' },
      { file: 'invalid.bexnet.yaml', range: range(7, 12, 7, 17), message: 'destination: sql01' },
    ]);
    const inManifest = withCode(report, 'invalid.bexnet.yaml', 'BEX102');
    assert.equal(inManifest.length, 2);
    for (const d of inManifest) assertDiagnostic(files, 'invalid.bexnet.yaml', d, { range: FIREWALL_NAME, text: 'dmz', facts: ['Backup Exec uses TCP'] });
    assert.deepStrictEqual(summary(report), [
      'invalid-dmz.fwrules.yaml:9 BEX102',
      'invalid-dmz.fwrules.yaml:9 BEX102',
      'invalid.bexnet.yaml:10 BEX102',
      'invalid.bexnet.yaml:10 BEX102',
    ]);
  });

  it('fix (block-style rule): sets the protocol to tcp, keeping the comment; both flows then pass', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    const { service, report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const [control] = withCode(report, 'invalid-dmz.fwrules.yaml', 'BEX102');
    const gone = ['invalid-dmz.fwrules.yaml:9 BEX102', 'invalid-dmz.fwrules.yaml:9 BEX102', 'invalid.bexnet.yaml:10 BEX102', 'invalid.bexnet.yaml:10 BEX102'];
    const { fix, fixed } = await fixRoundTrip({ files, manifest: 'invalid.bexnet.yaml', service, report, diagnostic: control, gone });
    assert.equal(fix.title, 'Set the protocol of rule "BE control and data to sql01" to tcp');
    const before = files['invalid-dmz.fwrules.yaml'];
    assert.equal(fixed['invalid-dmz.fwrules.yaml'], spliced(before, before.indexOf('udp   '), 3, 'tcp'));
    assert.ok(fixed['invalid-dmz.fwrules.yaml'].includes('\n    protocol: tcp               # copied from the SNMP rule below\n'));
    assert.ok(fixed['invalid-dmz.fwrules.yaml'].includes('\n    protocol: udp\n'), 'the SNMP rule keeps UDP');
  });

  it('fix (flow-style "- { … }" rule): sets the protocol inside the flow map', async () => {
    const files = await fixtures(__dirname, ['invalid-flow.bexnet.yaml', 'invalid-flow-dmz.fwrules.yaml']);
    const { service, report } = await checkFiles(files, 'invalid-flow.bexnet.yaml');
    const [, data] = withCode(report, 'invalid-flow-dmz.fwrules.yaml', 'BEX102');
    assertDiagnostic(files, 'invalid-flow-dmz.fwrules.yaml', data, { range: range(5, 67, 5, 70), text: 'udp', facts: DATA });
    const gone = ['invalid-flow-dmz.fwrules.yaml:6 BEX102', 'invalid-flow-dmz.fwrules.yaml:6 BEX102', 'invalid-flow.bexnet.yaml:10 BEX102', 'invalid-flow.bexnet.yaml:10 BEX102'];
    const { fixed } = await fixRoundTrip({ files, manifest: 'invalid-flow.bexnet.yaml', service, report, diagnostic: data, gone });
    const before = files['invalid-flow-dmz.fwrules.yaml'];
    assert.equal(fixed['invalid-flow-dmz.fwrules.yaml'], spliced(before, before.indexOf('protocol: udp') + 'protocol: '.length, 3, 'tcp'));
  });

  it('the valid fixture has no BEX102 (and no other finding)', async () => {
    const files = await fixtures(__dirname, ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
