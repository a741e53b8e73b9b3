import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INFORMATION, range, withCode } from '../../support/checkFixtures';
import { codesOf } from '../../support/engine';
import { checkProbed, probedSite } from '../bex300/probeSite';

const RESULTS = 'be01.probe.jsonl';
const files = () => probedSite(__dirname, { [RESULTS]: 'invalid.probe.jsonl' });

describe('BEX302: a probe result older than the age setting', () => {
  it('is information at its time, past 30 days by default: exactly 30 days old still counts, a minute more does not', async () => {
    const { report } = await checkProbed(files());
    const found = withCode(report, RESULTS, 'BEX302');
    assert.deepEqual(
      found.map((d) => [d.range, d.severity, d.message]),
      [
        [
          range(1, 80, 1, 100),
          INFORMATION,
          'TCP 50100 from "be01" to "sql01" was observed open just over 30 days ago (2026-10-31 11:59), more than the 30 days allowed: it decides nothing. Run the probe again on "be01".',
        ],
        [
          // The line is indented by two spaces and a tab: the place counts them.
          range(2, 83, 2, 108),
          INFORMATION,
          'TCP 50130 from "be01" to "sql01" was observed open 121 days ago (2026-08-01 09:30), more than the 30 days allowed: it decides nothing. Run the probe again on "be01".',
        ],
      ],
    );
    // The stale open port raises no BEX301, though "dmz" blocks 50130; the fresh one does not need to.
    assert.deepEqual(codesOf(report).filter((code) => code.startsWith('BEX30')), ['BEX302', 'BEX302']);
  });

  it('follows the setting: 200 days keeps all three, 1 day makes the first stale too', async () => {
    const longer = await checkProbed(files(), { observationMaxAgeDays: 200 });
    assert.deepEqual(codesOf(longer.report).filter((code) => code.startsWith('BEX30')), ['BEX301'], 'the 50130 open now decides: "dmz" blocks it');
    const shorter = await checkProbed(files(), { observationMaxAgeDays: 1 });
    assert.deepEqual(withCode(shorter.report, RESULTS, 'BEX302').length, 3);
    assert.match(String(withCode(shorter.report, RESULTS, 'BEX302')[0].message), /30 days ago .* more than the 1 days allowed/);
  });

  it('says nothing of results within the age, whatever their clock\'s offset (exactly 30 days: 13:00 at +01:00 is 12:00 UTC)', async () => {
    const { report } = await checkProbed(probedSite(__dirname, { [RESULTS]: 'valid.probe.jsonl' }));
    assert.deepEqual(codesOf(report, RESULTS), []);
    assert.deepEqual(report.observedFlows.flatMap((flow) => flow.ports.map((p) => p.stale)), [false, false]);
  });

  it('a result dated more than a day ahead of the check decides nothing and does not hide the one before it; within a day it counts', async () => {
    const { report } = await checkProbed(probedSite(__dirname, { [RESULTS]: 'ahead.probe.jsonl' }));
    assert.deepEqual(
      withCode(report, RESULTS, 'BEX302').map((d) => [d.range, d.message]),
      [
        [
          range(1, 83, 1, 108),
          'TCP 10000 from "be01" to "sql01" is dated 2026-12-05 08:00, 4 days after the time of this check: the clock of "be01" was wrong, or the line was edited. It decides nothing. Set that host\'s clock right and run the probe again.',
        ],
      ],
    );
    assert.deepEqual(codesOf(report).filter((code) => code.startsWith('BEX30')), ['BEX300', 'BEX302'], 'the 50100 timeout 23 hours ahead counts; the open 10000 before the misdated line decides');
    assert.deepEqual(report.observedFlows.flatMap((flow) => flow.ports.map((p) => [p.observation.port, p.observation.result])), [[10000, 'open'], [50100, 'timeout']]);
  });

  it('marks the stale ports of the observed flows', async () => {
    const { report } = await checkProbed(files());
    assert.deepEqual(
      report.observedFlows.flatMap((flow) => flow.ports.map((p) => [p.observation.port, p.stale])),
      [[10000, false], [50100, true], [50130, true]],
    );
  });
});
