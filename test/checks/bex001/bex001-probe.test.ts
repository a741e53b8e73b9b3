import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixtures, textAt, withCode } from '../../support/checkFixtures';
import { checkFiles } from '../../support/engine';

const MANIFEST = 'valid.bexnet.yaml';
const RESULTS = 'be01.probe.jsonl';

describe('BEX001 in a probe results file', () => {
  it('reports each line that is not one valid result at the value concerned, and reads the rest (byte-order mark, CRLF, blank lines)', async () => {
    const files = await fixtures(__dirname, [MANIFEST, 'valid-dmz.fwrules.yaml']);
    files[RESULTS] = (await fixtures(__dirname, ['invalid.probe.jsonl']))['invalid.probe.jsonl'];
    const { report } = await checkFiles(files, MANIFEST, { now: Date.parse('2026-11-30T12:00:00Z') });
    const found = withCode(report, RESULTS, 'BEX001');
    assert.deepEqual(
      found.map((d) => [d.range.start.line, textAt(files, RESULTS, d.range), d.message]),
      [
        [1, '"', 'not a JSON line: the line ends where a } closing an object should come'],
        [3, 'udp', 'protocol: expected "tcp"; found text "udp"'],
        [3, '0', 'port: expected a whole number from 1 to 65535; found 0'],
        [3, 'blocked', 'result: expected one of open, refused, timeout; found text "blocked"'],
        [4, '2026-11-24', 'at: text "2026-11-24" is not in the expected form (When, in ISO 8601 with the offset of the probing host\'s clock: 2026-11-24T10:12:05+01:00.)'],
        [4, 'x', 'the line: unknown key "service"; expected one of from, to, protocol, port, result, at, address, detail'],
        [5, '2026-13-24T10:12:05Z', 'at: "2026-13-24T10:12:05Z" is not a date and time that exists'],
        // Date.parse would roll it over to 2 March.
        [6, '2026-02-30T10:00:00Z', 'at: "2026-02-30T10:00:00Z" is not a date and time that exists'],
        [7, '[', 'the line: expected a mapping; found a list'],
      ],
    );
    assert.deepEqual(
      report.observationFiles[0].observations.map((o) => [o.port, o.result]),
      [
        [10000, 'open'],
        [50100, 'refused'],
      ],
    );
  });

  it('stops saying the same after 200 problems, and never throws on hostile lines', async () => {
    const files = await fixtures(__dirname, [MANIFEST, 'valid-dmz.fwrules.yaml']);
    files[RESULTS] = ['{"port":', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[', '\u0000\u001b[31m', '{"__proto__":{"x":1}}', ...Array(500).fill('{}')].join('\n');
    const { report } = await checkFiles(files, MANIFEST);
    assert.equal(withCode(report, RESULTS, 'BEX001').length, 200);
    assert.deepEqual(report.observationFiles[0].observations, []);
  });
});
