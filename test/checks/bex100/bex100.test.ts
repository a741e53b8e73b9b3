import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, assertRelated, changedPart, fixRoundTrip, fixtures, range, spliced, theDiagnostic } from '../../support/checkFixtures';
import { checkFiles, summary, uriOf } from '../../support/engine';

const RULES_KEY = range(4, 0, 4, 5);
const FIREWALL_NAME = range(10, 12, 10, 15);
const NDMP_FACTS = ['Remote Agent control connection (NDMP) (TCP 10000)', 'from be01 (10.0.1.10) to sql01 (10.0.2.20)', 'firewall "dmz" (inbound)'];
const NEW_RULE = [
  '  - name: Remote Agent control connection (NDMP) from be01 to sql01',
  '    action: allow',
  '    protocol: tcp',
  '    from: [be01]',
  '    to: [sql01]',
  '    ports: [10000]',
  '',
];

/** The block-style case: manifest, its rule file, and the BEX100 of each. */
async function blockStyle() {
  const files = await fixtures(__dirname, ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
  const { service, report } = await checkFiles(files, 'invalid.bexnet.yaml');
  return { files, service, report, inRules: theDiagnostic(report, 'invalid-dmz.fwrules.yaml', 'BEX100'), inManifest: theDiagnostic(report, 'invalid.bexnet.yaml', 'BEX100') };
}
const BLOCK_STYLE_FINDINGS = ['invalid-dmz.fwrules.yaml:5 BEX100', 'invalid.bexnet.yaml:11 BEX100'];

describe('BEX100 required flow not allowed', () => {
  it('reports the missing control connection at "rules" and at the firewall in the manifest, each pointing at the other', async () => {
    const { files, report, inRules, inManifest } = await blockStyle();
    assertDiagnostic(files, 'invalid-dmz.fwrules.yaml', inRules, {
      range: RULES_KEY,
      text: 'rules',
      facts: [...NDMP_FACTS, 'no rule allows TCP 10000 and the inbound default is block', 'Add an allow rule from be01 to sql01'],
    });
    assertRelated(inRules, [
      { file: 'invalid.bexnet.yaml', range: FIREWALL_NAME, message: 'firewall "dmz" in the manifest' },
      { file: 'invalid.bexnet.yaml', range: range(7, 12, 7, 16), message: 'source: be01 (10.0.1.10)' },
      { file: 'invalid.bexnet.yaml', range: range(8, 12, 8, 17), message: 'destination: sql01 (10.0.2.20)' },
    ]);
    assertDiagnostic(files, 'invalid.bexnet.yaml', inManifest, { range: FIREWALL_NAME, text: 'dmz', facts: NDMP_FACTS });
    assertRelated(inManifest, [{ file: 'invalid-dmz.fwrules.yaml', range: RULES_KEY, message: 'rule file of "dmz"' }]);
    assert.deepStrictEqual(summary(report), BLOCK_STYLE_FINDINGS);
  });

  it('fix (block-style rules): appends the rule after the last one, with the blank line the file puts between rules', async () => {
    const { files, service, report, inRules } = await blockStyle();
    const { fix, fixed } = await fixRoundTrip({ files, manifest: 'invalid.bexnet.yaml', service, report, diagnostic: inRules, gone: BLOCK_STYLE_FINDINGS });
    assert.equal(fix.title, 'Add rule "Remote Agent control connection (NDMP) from be01 to sql01"');
    const before = files['invalid-dmz.fwrules.yaml'];
    assert.deepStrictEqual(changedPart(before, fixed['invalid-dmz.fwrules.yaml']), { at: before.length, removed: '', inserted: ['', ...NEW_RULE].join('\n') });
  });

  it('fix from the manifest-side diagnostic edits the rule file the same way', async () => {
    const { files, service, report, inRules, inManifest } = await blockStyle();
    const { fix, fixed } = await fixRoundTrip({ files, manifest: 'invalid.bexnet.yaml', service, report, diagnostic: inManifest, gone: BLOCK_STYLE_FINDINGS });
    assert.deepStrictEqual(Object.keys(fix.changes), [uriOf('invalid-dmz.fwrules.yaml')]);
    assert.deepStrictEqual(fix.changes, service.getQuickFixes(report, inRules)[0].changes);
    assert.equal(fixed['invalid.bexnet.yaml'], files['invalid.bexnet.yaml']);
  });

  it('fix (flow-style "- { … }" rules): appends one more flow-style rule', async () => {
    const files = await fixtures(__dirname, ['invalid-flow.bexnet.yaml', 'invalid-flow-dmz.fwrules.yaml']);
    const { service, report } = await checkFiles(files, 'invalid-flow.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-flow-dmz.fwrules.yaml', 'BEX100');
    assertDiagnostic(files, 'invalid-flow-dmz.fwrules.yaml', diagnostic, { range: RULES_KEY, text: 'rules', facts: NDMP_FACTS });
    const gone = ['invalid-flow-dmz.fwrules.yaml:5 BEX100', 'invalid-flow.bexnet.yaml:11 BEX100'];
    const { fixed } = await fixRoundTrip({ files, manifest: 'invalid-flow.bexnet.yaml', service, report, diagnostic, gone });
    const before = files['invalid-flow-dmz.fwrules.yaml'];
    assert.deepStrictEqual(changedPart(before, fixed['invalid-flow-dmz.fwrules.yaml']), {
      at: before.length,
      removed: '',
      inserted: '  - { name: Remote Agent control connection (NDMP) from be01 to sql01, action: allow, protocol: tcp, from: [be01], to: [sql01], ports: [10000] }\n',
    });
  });

  it('fix on a CRLF rule file writes CRLF line ends', async () => {
    const files = await fixtures(__dirname, ['invalid-crlf.bexnet.yaml', 'invalid-crlf-dmz.fwrules.yaml']);
    assert.ok(files['invalid-crlf-dmz.fwrules.yaml'].endsWith('    ports: [161]\r\n'), 'the fixture is stored with CRLF line ends');
    assert.ok(files['invalid-crlf.bexnet.yaml'].includes('\r\n'), 'the fixture is stored with CRLF line ends');
    const { service, report } = await checkFiles(files, 'invalid-crlf.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-crlf-dmz.fwrules.yaml', 'BEX100');
    assertDiagnostic(files, 'invalid-crlf-dmz.fwrules.yaml', diagnostic, { range: RULES_KEY, text: 'rules', facts: NDMP_FACTS });
    assertDiagnostic(files, 'invalid-crlf.bexnet.yaml', theDiagnostic(report, 'invalid-crlf.bexnet.yaml', 'BEX100'), { range: FIREWALL_NAME, text: 'dmz', facts: NDMP_FACTS });
    const gone = ['invalid-crlf-dmz.fwrules.yaml:5 BEX100', 'invalid-crlf.bexnet.yaml:11 BEX100'];
    const { fixed } = await fixRoundTrip({ files, manifest: 'invalid-crlf.bexnet.yaml', service, report, diagnostic, gone });
    const before = files['invalid-crlf-dmz.fwrules.yaml'];
    assert.deepStrictEqual(changedPart(before, fixed['invalid-crlf-dmz.fwrules.yaml']), { at: before.length, removed: '', inserted: ['', ...NEW_RULE].join('\r\n') });
  });

  it('names the block rule in the way, and inserts the allow above it and above the comment that leads it', async () => {
    const files = await fixtures(__dirname, ['invalid-blocked.bexnet.yaml', 'invalid-blocked-dmz.fwrules.yaml']);
    const { service, report } = await checkFiles(files, 'invalid-blocked.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-blocked-dmz.fwrules.yaml', 'BEX100');
    assertDiagnostic(files, 'invalid-blocked-dmz.fwrules.yaml', diagnostic, {
      range: RULES_KEY,
      text: 'rules',
      facts: [...NDMP_FACTS, 'rule "Block NDMP" blocks TCP 10000'],
    });
    assertRelated(diagnostic, [
      { file: 'invalid-blocked.bexnet.yaml', range: FIREWALL_NAME, message: 'firewall "dmz"' },
      { file: 'invalid-blocked-dmz.fwrules.yaml', range: range(12, 10, 12, 20), message: 'blocked by: rule "Block NDMP"' },
      { file: 'invalid-blocked.bexnet.yaml', range: range(7, 12, 7, 16), message: 'source: be01' },
      { file: 'invalid-blocked.bexnet.yaml', range: range(8, 12, 8, 17), message: 'destination: sql01' },
    ]);
    const gone = ['invalid-blocked-dmz.fwrules.yaml:5 BEX100', 'invalid-blocked.bexnet.yaml:11 BEX100'];
    const { fix, fixed } = await fixRoundTrip({ files, manifest: 'invalid-blocked.bexnet.yaml', service, report, diagnostic, gone });
    assert.equal(fix.title, 'Add rule "Remote Agent control connection (NDMP) from be01 to sql01" above rule "Block NDMP"');
    const before = files['invalid-blocked-dmz.fwrules.yaml'];
    assert.equal(fixed['invalid-blocked-dmz.fwrules.yaml'], spliced(before, before.indexOf('  # NDMP is closed'), 0, NEW_RULE.join('\n')));
  });

  it('reports missing Remote Administration Console Windows rules on the server\'s host firewall, and the fix adds them', async () => {
    const files = await fixtures(__dirname, ['invalid-rac.bexnet.yaml', 'invalid-rac-be01.fwrules.yaml']);
    const { service, report } = await checkFiles(files, 'invalid-rac.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-rac-be01.fwrules.yaml', 'BEX100');
    const facts = [
      'Remote Administration Console management',
      'from admin01 (10.0.3.5) to be01 (10.0.1.10)',
      'firewall "be01-host" (inbound)',
      'no rule enables the predefined Windows rule(s) "Remote Service Management (RPC-EPMAP)" and "Windows Management Instrumentation (WMI-In)"',
    ];
    assertDiagnostic(files, 'invalid-rac-be01.fwrules.yaml', diagnostic, { range: RULES_KEY, text: 'rules', facts });
    assertDiagnostic(files, 'invalid-rac.bexnet.yaml', theDiagnostic(report, 'invalid-rac.bexnet.yaml', 'BEX100'), { range: range(10, 12, 10, 21), text: 'be01-host', facts });
    const gone = ['invalid-rac-be01.fwrules.yaml:5 BEX100', 'invalid-rac.bexnet.yaml:11 BEX100'];
    const { fixed } = await fixRoundTrip({ files, manifest: 'invalid-rac.bexnet.yaml', service, report, diagnostic, gone });
    const before = files['invalid-rac-be01.fwrules.yaml'];
    assert.deepStrictEqual(changedPart(before, fixed['invalid-rac-be01.fwrules.yaml']), {
      at: before.length,
      removed: '',
      inserted: [
        '  - name: Remote Administration Console management from admin01 to be01',
        '    action: allow',
        '    from: [admin01]',
        '    to: [be01]',
        '    windowsRules: [Remote Service Management (RPC-EPMAP), Windows Management Instrumentation (WMI-In)]',
        '',
      ].join('\n'),
    });
  });

  it('does not ask a network firewall for the Windows rules: the sources name them for the server\'s own firewall only', async () => {
    const files = await fixtures(__dirname, ['invalid-rac.bexnet.yaml', 'invalid-rac-be01.fwrules.yaml']);
    const network = { ...files, 'invalid-rac.bexnet.yaml': files['invalid-rac.bexnet.yaml'].replace('host: be01 }', 'protects: [be01] }') };
    assert.notEqual(network['invalid-rac.bexnet.yaml'], files['invalid-rac.bexnet.yaml']);
    const { report } = await checkFiles(network, 'invalid-rac.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });

  for (const [manifest, ruleFile] of [
    ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml'],
    ['valid-rac.bexnet.yaml', 'valid-rac-be01.fwrules.yaml'],
  ]) {
    it(`the valid fixture ${manifest} has no BEX100 (and no other finding)`, async () => {
      const files = await fixtures(__dirname, [manifest, ruleFile]);
      const { report } = await checkFiles(files, manifest);
      assert.deepStrictEqual(summary(report), []);
    });
  }
});
