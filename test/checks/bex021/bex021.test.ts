import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveRequiredFlows, describeFlow } from '../../../server/src/engine/flows/requiredFlows';
import type { CheckReport, FirewallService } from '../../../server/src/engine/service';
import { assertDiagnostic, fixRoundTrip, fixtures, range, theDiagnostic } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

const INVALID = ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml'];
const INVALID_MIXED = ['invalid-mixed.bexnet.yaml', 'invalid-dmz.fwrules.yaml'];
const VALID = ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml'];
const BOTH_NAMES = ['"Enable media server TCP dynamic port range"', '"Enable remote agent TCP dynamic port range"', 'TN255831'];

/** The flows a report's manifest requires, described without positions: a fix that keeps the meaning keeps them. */
function requiredFlows(service: FirewallService, report: CheckReport): string[] {
  return deriveRequiredFlows(report.manifest!, service.catalog).map(describeFlow).sort();
}

describe('BEX021 one enabled flag for both dynamic ranges', () => {
  it('reports the shared "enabled: true" at its key and value, quoting both settings and showing a range with its own flag', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { service, report } = await checkFiles(files, 'invalid.bexnet.yaml');
    assertDiagnostic(files, 'invalid.bexnet.yaml', theDiagnostic(report, 'invalid.bexnet.yaml', 'BEX021'), {
      range: range(6, 4, 6, 17),
      text: 'enabled: true',
      facts: [...BOTH_NAMES, 'one flag per range', 'server: { enabled: true, range: 50000-50049 }'],
    });
    assert.deepStrictEqual(summary(report), ['invalid.bexnet.yaml:7 BEX021']);
    // The older form still means what it meant: both ranges on, as in the valid fixture.
    const valid = await checkFiles(await fixtures(__dirname, VALID), 'valid.bexnet.yaml');
    assert.deepStrictEqual(requiredFlows(service, report), requiredFlows(valid.service, valid.report));
  });

  it('fix: gives each range its own flag and deletes the shared line with its comment; every other comment and the order stay', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { service, report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid.bexnet.yaml', 'BEX021');
    const { fix, fixed, after } = await fixRoundTrip({
      files,
      manifest: 'invalid.bexnet.yaml',
      service,
      report,
      diagnostic,
      gone: ['invalid.bexnet.yaml:7 BEX021'],
      removedComments: ['# one flag for both ranges'],
    });
    assert.equal(fix.title, 'Write one enabled flag per range');
    const before = files['invalid.bexnet.yaml'];
    assert.equal(
      fixed['invalid.bexnet.yaml'],
      before.replace(
        [
          '    enabled: true               # one flag for both ranges\n',
          '    server: 50000-50049         # Backup Exec server range\n',
          '    agent: "50100-50149"        # remote agent range, quoted\n',
        ].join(''),
        [
          '    server: { enabled: true, range: 50000-50049 }         # Backup Exec server range\n',
          '    agent: { enabled: true, range: "50100-50149" }        # remote agent range, quoted\n',
        ].join(''),
      ),
    );
    assert.ok(fixed['invalid.bexnet.yaml'].includes('  dynamicPorts:\n    # as set in Backup Exec Settings > Network and Security\n    server: {'));
    assert.deepStrictEqual(requiredFlows(service, after), requiredFlows(service, report));
  });

  it('fix in a CRLF file where one range already has its own flag: only the text range changes, CRLF stays', async () => {
    const files = await fixtures(__dirname, INVALID_MIXED);
    const { service, report } = await checkFiles(files, 'invalid-mixed.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-mixed.bexnet.yaml', 'BEX021');
    assertDiagnostic(files, 'invalid-mixed.bexnet.yaml', diagnostic, {
      range: range(5, 4, 5, 17),
      text: 'enabled: true',
      facts: [...BOTH_NAMES, 'agent: { enabled: true, range: 50100-50149 }'],
    });
    const { fixed, after } = await fixRoundTrip({ files, manifest: 'invalid-mixed.bexnet.yaml', service, report, diagnostic, gone: ['invalid-mixed.bexnet.yaml:6 BEX021'] });
    assert.equal(
      fixed['invalid-mixed.bexnet.yaml'],
      files['invalid-mixed.bexnet.yaml'].replace(
        '    enabled: true\r\n    agent: 50100-50149          # remote agent range\r\n',
        '    agent: { enabled: true, range: 50100-50149 }          # remote agent range\r\n',
      ),
    );
    assert.deepStrictEqual(requiredFlows(service, after), requiredFlows(service, report));
  });

  it('reports the flag in a flow mapping, but offers no fix: its line holds the ranges too', async () => {
    const files = await fixtures(__dirname, ['invalid-flow.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    const { service, report } = await checkFiles(files, 'invalid-flow.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-flow.bexnet.yaml', 'BEX021');
    assertDiagnostic(files, 'invalid-flow.bexnet.yaml', diagnostic, { range: range(3, 18, 3, 31), text: 'enabled: true', facts: BOTH_NAMES });
    assert.deepStrictEqual(summary(report), ['invalid-flow.bexnet.yaml:4 BEX021']);
    assert.deepStrictEqual(service.getQuickFixes(report, diagnostic), []);
  });

  it('reports the flag alone, but offers no fix: deleting it would leave dynamicPorts empty', async () => {
    const files = await fixtures(__dirname, ['invalid-no-range.bexnet.yaml', 'valid-dmz.fwrules.yaml']);
    const { service, report } = await checkFiles(files, 'invalid-no-range.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-no-range.bexnet.yaml', 'BEX021');
    assertDiagnostic(files, 'invalid-no-range.bexnet.yaml', diagnostic, {
      range: range(4, 4, 4, 18),
      text: 'enabled: false',
      facts: [...BOTH_NAMES, 'agent: { enabled: false, range: low-high }'],
    });
    assert.deepStrictEqual(service.getQuickFixes(report, diagnostic), []);
  });

  it('the valid fixture has no BEX021 (and no other finding)', async () => {
    const files = await fixtures(__dirname, VALID);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
