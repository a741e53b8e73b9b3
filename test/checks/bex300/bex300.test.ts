import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR, range, theDiagnostic, withCode } from '../../support/checkFixtures';
import { codesOf, summary, uriOf } from '../../support/engine';
import { checkProbed, DMZ, probedSite, SITE } from './probeSite';

const RESULTS = 'be01.probe.jsonl';

describe('BEX300: the rule files allow a port, the probe timed out', () => {
  it('reports a timeout through a firewall whose rule allows the port, on that rule', async () => {
    const { report } = await checkProbed(probedSite(__dirname, { [RESULTS]: 'invalid.probe.jsonl' }));
    const found = withCode(report, DMZ, 'BEX300');
    assert.equal(found.length, 1, summary(report).join(', '));
    const [diagnostic] = found;
    assert.deepEqual(diagnostic.range, range(5, 10, 5, 38), 'the allowing rule\'s name');
    assert.equal(diagnostic.severity, ERROR);
    assert.equal(diagnostic.codeDescription?.href, 'https://github.com/befw/backup-exec-firewall-assistant/blob/main/docs/codes.md#bex300');
    assert.equal(
      diagnostic.message,
      'TCP 10000 from "be01" to "sql01" timed out when probed (2026-11-24 10:12, be01.probe.jsonl), but the rule files allow it (rule "BE control and data to sql01" of firewall "dmz" lets it through). ' +
        'Something the manifest does not describe drops it: another firewall on the way, a host firewall not listed, or rules that differ from this file. Find it, or collect the firewall\'s rules again.',
    );
    assert.deepEqual(
      diagnostic.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.location.range.start.character, r.message]),
      [
        [uriOf(RESULTS), 0, 68, 'observed timing out at 2026-11-24 10:12 from "be01"'],
        [uriOf(DMZ), 5, 10, 'allowed by: rule "BE control and data to sql01"'],
        [uriOf(SITE), 9, 10, 'firewall "dmz" in the manifest'],
        [uriOf(SITE), 5, 12, 'source host'],
        [uriOf(SITE), 6, 12, 'destination host'],
      ],
    );
  });

  it('reports a timeout where no firewall of the manifest lies between the hosts, on the destination host', async () => {
    const { report } = await checkProbed(probedSite(__dirname, { [RESULTS]: 'invalid.probe.jsonl' }));
    const diagnostic = theDiagnostic(report, SITE, 'BEX300');
    assert.deepEqual(diagnostic.range, range(7, 12, 7, 16));
    assert.equal(
      diagnostic.message,
      'TCP 10000 from "be01" to "fs01" timed out when probed (2026-11-24 10:12, be01.probe.jsonl; the system said "HostUnreachable"), and no firewall of the manifest lies between the hosts: ' +
        'a firewall the manifest does not list drops it. Add that firewall to the manifest with its rules, or open the port on it.',
    );
    assert.deepEqual(diagnostic.relatedInformation?.map((r) => r.message), ['observed timing out at 2026-11-24 10:12 from "be01"', 'source host', 'destination host']);
  });

  it('says nothing when the newest observation of each port agrees with the rule files (open, refused, a timeout on a blocked port)', async () => {
    const { report } = await checkProbed(probedSite(__dirname, { [RESULTS]: 'valid.probe.jsonl' }));
    assert.deepEqual(codesOf(report).filter((code) => code.startsWith('BEX3')), []);
    // The older timeout of 10000 is history: the newer open decides.
    const ports = report.observedFlows.flatMap((flow) => flow.ports.map((p) => `${flow.to}:${p.observation.port}:${p.observation.result}:${p.expected}`));
    assert.deepEqual(ports.sort(), ['fs01:10000:open:allowed', 'sql01:10000:open:allowed', 'sql01:50100:refused:allowed', 'sql01:50149:timeout:blocked']);
  });

  it('is not raised by a stale observation, nor without results files', async () => {
    const stale = await checkProbed(probedSite(__dirname, { [RESULTS]: 'invalid.probe.jsonl' }), { now: Date.parse('2027-01-01T00:00:00Z') });
    assert.deepEqual(codesOf(stale.report).filter((code) => code.startsWith('BEX30')), ['BEX302', 'BEX302', 'BEX302']);
    const none = await checkProbed(probedSite(__dirname, {}));
    assert.deepEqual(codesOf(none.report).filter((code) => code.startsWith('BEX30')), []);
    assert.deepEqual(none.report.observationFiles, []);
  });
});
