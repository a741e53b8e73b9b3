import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, assertRelated, fixRoundTrip, fixtures, range, spliced, theDiagnostic } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

const FIREWALL_NAME = range(9, 12, 9, 15);
const FACTS = [
  'Remote Agent control connection (NDMP) (TCP 10000) from be01 (10.0.1.10) to sql01 (10.0.2.20)',
  'rule "NDMP" opens 10000 from sql01 to be01, the opposite direction',
];
/** The NDMP rule also opens 6101 and the server range from sql01 to be01, which those flows need. */
const RELIED_ON = '(rule "NDMP" stays: flow "Backup Exec server dynamic port range from sql01 to be01" relies on it)';
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

  it('fix (block-style rules), the reversed rule relied on by another flow: adds a rule in the right direction, leaves the reversed one alone and says why', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    const { service, report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-dmz.fwrules.yaml', 'BEX103');
    const gone = ['invalid-dmz.fwrules.yaml:18 BEX103', 'invalid.bexnet.yaml:10 BEX103'];
    const { fix, fixed } = await fixRoundTrip({ files, manifest: 'invalid.bexnet.yaml', service, report, diagnostic, gone });
    assert.equal(fix.title, `Add rule "Remote Agent control connection (NDMP) from be01 to sql01" ${RELIED_ON}`);
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
    const { fix, fixed } = await fixRoundTrip({ files, manifest: 'invalid-flow.bexnet.yaml', service, report, diagnostic, gone });
    assert.equal(fix.title, `Add rule "Remote Agent control connection (NDMP) from be01 to sql01" ${RELIED_ON}`);
    const before = files['invalid-flow-dmz.fwrules.yaml'];
    const added = '  - { name: Remote Agent control connection (NDMP) from be01 to sql01, action: allow, protocol: tcp, from: [be01], to: [sql01], ports: [10000] }\n';
    assert.equal(fixed['invalid-flow-dmz.fwrules.yaml'], spliced(before, before.length, 0, added));
  });

  it('fix, the reversed rule serving nothing else: turns it around in place, each value with its comment, block and flow style kept', async () => {
    const files = await fixtures(__dirname, ['invalid-reversible.bexnet.yaml', 'invalid-reversible-dmz.fwrules.yaml']);
    const { service, report } = await checkFiles(files, 'invalid-reversible.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-reversible-dmz.fwrules.yaml', 'BEX103');
    // At the block list of "from", up to its last item: not over the line break after it.
    assertDiagnostic(files, 'invalid-reversible-dmz.fwrules.yaml', diagnostic, { range: range(26, 6, 26, 13), text: '- sql01', facts: FACTS });
    const gone = ['invalid-reversible-dmz.fwrules.yaml:27 BEX103', 'invalid-reversible.bexnet.yaml:10 BEX103'];
    const { fix, fixed } = await fixRoundTrip({ files, manifest: 'invalid-reversible.bexnet.yaml', service, report, diagnostic, gone });
    assert.equal(fix.title, 'Turn rule "NDMP" around: from be01 to sql01');
    const before = files['invalid-reversible-dmz.fwrules.yaml'];
    assert.equal(
      fixed['invalid-reversible-dmz.fwrules.yaml'],
      before.replace(
        '    from:                     # the database server\n      - sql01\n    to: [be01]                # the Backup Exec server\n',
        '    from: [be01]                # the Backup Exec server\n    to:                     # the database server\n      - sql01\n',
      ),
    );
  });

  it('fix, the reversed rule serving nothing else, in a flow map with scalar ends: the two values change places', async () => {
    const loaded = await fixtures(__dirname, ['invalid-reversible.bexnet.yaml', 'invalid-reversible-dmz.fwrules.yaml']);
    const rules = loaded['invalid-reversible-dmz.fwrules.yaml'].replace(/  - name: NDMP\n[\s\S]*$/, '  - { name: NDMP, action: allow, protocol: tcp, from: sql01, to: be01, ports: [10000] }   # the wrong way round\n');
    const files = { ...loaded, 'invalid-reversible-dmz.fwrules.yaml': rules };
    const { service, report } = await checkFiles(files, 'invalid-reversible.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-reversible-dmz.fwrules.yaml', 'BEX103');
    const gone = ['invalid-reversible-dmz.fwrules.yaml:23 BEX103', 'invalid-reversible.bexnet.yaml:10 BEX103'];
    const { fix, fixed } = await fixRoundTrip({ files, manifest: 'invalid-reversible.bexnet.yaml', service, report, diagnostic, gone });
    assert.equal(fix.title, 'Turn rule "NDMP" around: from be01 to sql01');
    assert.equal(fixed['invalid-reversible-dmz.fwrules.yaml'], rules.replace('from: sql01, to: be01,', 'from: be01, to: sql01,'));
  });

  it('fix, the reversed rule serving nothing else but a block rule denying the flow above it: turned around it would still be blocked, so a rule goes above the block rule', async () => {
    const loaded = await fixtures(__dirname, ['invalid-reversible.bexnet.yaml', 'invalid-reversible-dmz.fwrules.yaml']);
    const block = '  - { name: No NDMP from outside, action: block, protocol: tcp, from: any, to: [sql01], ports: [10000] }\n\n';
    const rules = loaded['invalid-reversible-dmz.fwrules.yaml'].replace('  # "NDMP for Backup Exec"', `${block}  # "NDMP for Backup Exec"`);
    const files = { ...loaded, 'invalid-reversible-dmz.fwrules.yaml': rules };
    const { service, report } = await checkFiles(files, 'invalid-reversible.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-reversible-dmz.fwrules.yaml', 'BEX103');
    const gone = ['invalid-reversible-dmz.fwrules.yaml:29 BEX103', 'invalid-reversible.bexnet.yaml:10 BEX103'];
    const { fix, fixed } = await fixRoundTrip({ files, manifest: 'invalid-reversible.bexnet.yaml', service, report, diagnostic, gone });
    assert.equal(
      fix.title,
      'Add rule "Remote Agent control connection (NDMP) from be01 to sql01" above rule "No NDMP from outside" (rule "NDMP" turned around would still be blocked by rule "No NDMP from outside")',
    );
    // In the style of the rule it goes above, and a blank line after it as between the file's rules.
    const added = '  - { name: Remote Agent control connection (NDMP) from be01 to sql01, action: allow, protocol: tcp, from: [be01], to: [sql01], ports: [10000] }\n\n';
    assert.equal(fixed['invalid-reversible-dmz.fwrules.yaml'], rules.replace(block, `${added}${block}`));
  });

  it('fix, the reversed rule taking its ends from an anchor: the anchor (other rules may merge it) is left alone, a rule is added, and the title says why', async () => {
    const loaded = await fixtures(__dirname, ['invalid-reversible.bexnet.yaml', 'invalid-reversible-dmz.fwrules.yaml']);
    const rules = loaded['invalid-reversible-dmz.fwrules.yaml']
      .replace('rules:\n', 'x-wrong-way: &wrong-way { from: [sql01], to: [be01] }\nrules:\n')
      .replace('  - name: NDMP\n', '  - <<: *wrong-way\n    name: NDMP\n')
      .replace('    from:                     # the database server\n      - sql01\n    to: [be01]                # the Backup Exec server\n', '');
    const files = { ...loaded, 'invalid-reversible-dmz.fwrules.yaml': rules };
    const { service, report } = await checkFiles(files, 'invalid-reversible.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-reversible-dmz.fwrules.yaml', 'BEX103');
    // Reported where the anchor writes "from", which is where the rule takes it from.
    const gone = ['invalid-reversible-dmz.fwrules.yaml:5 BEX103', 'invalid-reversible.bexnet.yaml:10 BEX103'];
    const { fix, fixed } = await fixRoundTrip({ files, manifest: 'invalid-reversible.bexnet.yaml', service, report, diagnostic, gone });
    assert.equal(fix.title, 'Add rule "Remote Agent control connection (NDMP) from be01 to sql01" (rule "NDMP" cannot be turned around in place)');
    // Written in the key order of the rule above it, whose from and to come last, from the anchor.
    const added = ['', '  - name: Remote Agent control connection (NDMP) from be01 to sql01', '    action: allow', '    protocol: tcp', '    ports: [10000]', '    from: [be01]', '    to: [sql01]', ''];
    assert.equal(fixed['invalid-reversible-dmz.fwrules.yaml'], `${rules}${added.join('\n')}`);
  });

  it('the valid fixture has no BEX103 (and no other finding)', async () => {
    const files = await fixtures(__dirname, ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
