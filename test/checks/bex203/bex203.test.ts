import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, assertRelated, fixRoundTrip, fixtures, range, spliced, textAt, theDiagnostic } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

const INVALID = ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml'];
const INVALID_FLOW = ['invalid-flow.bexnet.yaml', 'invalid-flow-dmz.fwrules.yaml'];
const CONFIGURED = 'wider than the configured Backup Exec ranges (50000-50049, 50100-50149)';
const SERVERS = 'Restrict the source to 10.0.1.10, 10.0.1.11';

describe('BEX203 over-permissive allow (hardening)', () => {
  it('reports "any" in a block-style "from" list, pointing at the wide port range', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-dmz.fwrules.yaml', 'BEX203');
    assertDiagnostic(files, 'invalid-dmz.fwrules.yaml', diagnostic, {
      range: range(10, 8, 10, 11),
      text: 'any',
      facts: ['Rule "Backup Exec high ports" allows any source to 50000-50199', CONFIGURED, SERVERS],
    });
    assertRelated(diagnostic, [{ file: 'invalid-dmz.fwrules.yaml', range: range(12, 19, 12, 30), message: 'the wide port range' }]);
    assert.deepStrictEqual(summary(report), ['invalid-dmz.fwrules.yaml:11 BEX203']);
  });

  it('fix (block-style list): the first server address replaces "any" on its line, comment and all; the second follows', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { service, report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-dmz.fwrules.yaml', 'BEX203');
    const { fix, fixed } = await fixRoundTrip({ files, manifest: 'invalid.bexnet.yaml', service, report, diagnostic, gone: ['invalid-dmz.fwrules.yaml:11 BEX203'] });
    assert.equal(fix.title, 'Restrict the source of rule "Backup Exec high ports" to 10.0.1.10, 10.0.1.11');
    const before = files['invalid-dmz.fwrules.yaml'];
    const line = '      - any                     # TODO: narrow down\n';
    const after = '      - 10.0.1.10                     # TODO: narrow down\n      - 10.0.1.11\n';
    assert.equal(fixed['invalid-dmz.fwrules.yaml'], spliced(before, before.indexOf(line), line.length, after));
  });

  it('fix (flow-style "- { … }" rule, "from: any" scalar): becomes a flow list of the server addresses', async () => {
    const files = await fixtures(__dirname, INVALID_FLOW);
    const { service, report } = await checkFiles(files, 'invalid-flow.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-flow-dmz.fwrules.yaml', 'BEX203');
    assertDiagnostic(files, 'invalid-flow-dmz.fwrules.yaml', diagnostic, {
      range: range(5, 69, 5, 72),
      text: 'any',
      facts: ['Rule "Agent from anywhere" allows any source to 1025-65535', CONFIGURED, SERVERS],
    });
    const { fixed } = await fixRoundTrip({ files, manifest: 'invalid-flow.bexnet.yaml', service, report, diagnostic, gone: ['invalid-flow-dmz.fwrules.yaml:6 BEX203'] });
    const before = files['invalid-flow-dmz.fwrules.yaml'];
    assert.equal(fixed['invalid-flow-dmz.fwrules.yaml'], spliced(before, before.indexOf('from: any') + 'from: '.length, 3, '[10.0.1.10, 10.0.1.11]'));
  });

  it('fix (an aliased list, from: *monitoring): writes the list the alias stands for in its place, "any" replaced, the rest kept', async () => {
    const files = await fixtures(__dirname, INVALID);
    const rules = files['invalid-dmz.fwrules.yaml']
      .replace('rules:\n', 'x-monitoring: &monitoring [10.0.9.5, any]\nrules:\n')
      .replace('    from:\n      - any                     # TODO: narrow down\n', '    from: *monitoring\n');
    const set = { ...files, 'invalid-dmz.fwrules.yaml': rules };
    const { service, report } = await checkFiles(set, 'invalid.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-dmz.fwrules.yaml', 'BEX203');
    assert.equal(textAt(set, 'invalid-dmz.fwrules.yaml', diagnostic.range), '*monitoring');
    const { fixed } = await fixRoundTrip({ files: set, manifest: 'invalid.bexnet.yaml', service, report, diagnostic, gone: ['invalid-dmz.fwrules.yaml:11 BEX203'] });
    assert.equal(fixed['invalid-dmz.fwrules.yaml'], spliced(rules, rules.indexOf('*monitoring\n'), '*monitoring'.length, '[10.0.9.5, 10.0.1.10, 10.0.1.11]'));
  });

  it('no fix for a list another rule repeats by alias (from: &sources, and from: *sources elsewhere): narrowing it would narrow that rule too', async () => {
    const files = await fixtures(__dirname, INVALID);
    const rules = files['invalid-dmz.fwrules.yaml'].replace('    from:\n      - any ', '    from: &sources\n      - any ') + '  - name: Monitoring from the same sources\n    action: allow\n    protocol: tcp\n    from: *sources\n    to: [sql01]\n    ports: [161]\n';
    const set = { ...files, 'invalid-dmz.fwrules.yaml': rules };
    const { service, report } = await checkFiles(set, 'invalid.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-dmz.fwrules.yaml', 'BEX203');
    assert.equal(textAt(set, 'invalid-dmz.fwrules.yaml', diagnostic.range), 'any');
    assert.deepEqual(service.getQuickFixes(report, diagnostic), []);
  });

  it('hardening: false drops it', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml', { hardening: false });
    assert.deepStrictEqual(summary(report), []);
  });

  it('severities: { BEX203: "error" } raises it; "off" drops it', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml', { severities: { BEX203: 'error' } });
    assert.equal(theDiagnostic(report, 'invalid-dmz.fwrules.yaml', 'BEX203').severity, 1);
    const { report: off } = await checkFiles(files, 'invalid.bexnet.yaml', { severities: { BEX203: 'off' } });
    assert.deepStrictEqual(summary(off), []);
  });

  it('the valid fixture (any source only to the configured agent range) has no BEX203 (and no other finding)', async () => {
    const files = await fixtures(__dirname, ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
