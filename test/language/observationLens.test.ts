import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { observationLenses } from '../../server/src/engine/language/observationLens';
import type { CheckReport } from '../../server/src/engine/service';
import { LineIndex } from '../../server/src/engine/util/lineIndex';
import { checkFiles, loadFiles, sourceFolder, uriOf, type FileSet } from '../support/engine';

const EXAMPLE = join(sourceFolder(__dirname), '..', '..', 'examples', 'site');
const SITE_FILES = ['site.bexnet.yaml', 'be01.fwrules.yaml', 'dmz.fwrules.yaml'];
const RESULTS = 'be01.probe.jsonl';
const NOW = Date.parse('2026-11-25T00:00:00Z');

/** A results file line as the probe script writes it. */
const line = (from: string, to: string, port: number, result: string, at: string) => JSON.stringify({ from, to, protocol: 'tcp', port, result, at });

/**
 * Read by the engine with examples/site: NDMP open; the agent's data range
 * open on 50100, timed out on 50110 (the dmz allows it: BEX300) and on 50149
 * (the dmz blocks it); the Oracle job engine, which be01's host firewall
 * blocks, refused (BEX301); deduplication timed out, but 55 days ago (stale).
 */
const RESULT_LINES = [
  line('be01', 'sql01', 10000, 'open', '2026-11-24T10:12:05+01:00'),
  line('be01', 'sql01', 50110, 'timeout', '2026-11-24T10:12:09+01:00'),
  line('be01', 'sql01', 50100, 'open', '2026-11-24T10:12:06+01:00'),
  line('be01', 'sql01', 50149, 'timeout', '2026-11-24T10:13:12+01:00'),
  line('sql01', 'be01', 5633, 'refused', '2026-11-24T10:20:00+01:00'),
  line('sql01', 'be01', 10082, 'timeout', '2026-10-01T08:00:00+01:00'),
];

async function checked(results: readonly string[], files?: FileSet): Promise<{ report: CheckReport; files: FileSet }> {
  const site = files ?? (await loadFiles(EXAMPLE, SITE_FILES));
  const text = results.map((l) => `${l}\n`).join('');
  const { report } = await checkFiles(site, 'site.bexnet.yaml', { observed: [{ uri: uriOf(RESULTS), text, owned: true }], now: NOW });
  return { report, files: { ...site, [RESULTS]: text } };
}

/** Each lens of a file as "line:col-line:col title → file:line", 1-based as an editor shows it. */
function lensesOf(report: CheckReport, files: FileSet, name: string): string[] {
  const lines = new LineIndex(files[name]);
  return observationLenses(report, uriOf(name)).map((lens) => {
    const [start, end] = [lines.positionAt(lens.range[0]), lines.positionAt(lens.range[1])];
    const reveal = `${lens.reveal.uri.slice(lens.reveal.uri.lastIndexOf('/') + 1)}:${lens.reveal.range.start.line + 1}:${lens.reveal.range.start.character + 1}-${lens.reveal.range.end.character + 1}`;
    return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${lens.title} → ${reveal}`;
  });
}

describe('observation lenses', () => {
  it('in the manifest: one lens per host entry that observed flows end at, summing all their ports, opening the newest observation', async () => {
    const { report, files } = await checked(RESULT_LINES);
    assert.deepEqual(lensesOf(report, files, 'site.bexnet.yaml'), [
      '11:13-11:17 observed 1 refused, 1 timeout; latest 2026-11-24 10:20 from sql01 — contradicts the rule files (BEX301) → be01.probe.jsonl:5:1-110',
      '12:13-12:18 observed 2 open, 2 timeout; latest 2026-11-24 10:13 from be01 — contradicts the rule files (BEX300) → be01.probe.jsonl:4:1-111',
    ]);
  });

  it('in a rule file: one lens per allow rule, for the observed ports it lets through only', async () => {
    const { report, files } = await checked(RESULT_LINES);
    // 50149 is observed on the same flow, but this rule stops at 50120.
    assert.deepEqual(lensesOf(report, files, 'dmz.fwrules.yaml'), [
      '6:5-13:1 observed 2 open, 1 timeout; latest 2026-11-24 10:12 from be01 — contradicts the rule files (BEX300) → be01.probe.jsonl:2:1-111',
    ]);
    // The Oracle job engine has no allow rule here (it is blocked); the stale timeout contradicts nothing.
    assert.deepEqual(lensesOf(report, files, 'be01.fwrules.yaml'), ['13:5-19:1 timed out 2026-10-01 08:00 from sql01 (stale) → be01.probe.jsonl:6:1-111']);
  });

  it('counts a port once when two flows share it (an agent range holding the NDMP port 10000)', async () => {
    const site = await loadFiles(EXAMPLE, SITE_FILES);
    const shared = { ...site, 'site.bexnet.yaml': site['site.bexnet.yaml'].replace('range: 50100-50149', 'range: 9990-10010') };
    // 9990 is in the range but not in the dmz's rule: reached, though blocked.
    const both = await checked([line('be01', 'sql01', 10000, 'open', '2026-11-24T10:12:05+01:00'), line('be01', 'sql01', 9990, 'refused', '2026-11-24T10:12:06+01:00')], shared);
    assert.deepEqual(lensesOf(both.report, both.files, 'site.bexnet.yaml'), ['12:13-12:18 observed 1 open, 1 refused; latest 2026-11-24 10:12 from be01 — contradicts the rule files (BEX301) → be01.probe.jsonl:2:1-110']);
  });

  it('says an agreeing observation without a contradiction, and shows none without observations', async () => {
    const agreeing = await checked([RESULT_LINES[0]]);
    assert.deepEqual(lensesOf(agreeing.report, agreeing.files, 'site.bexnet.yaml'), ['12:13-12:18 verified open 2026-11-24 10:12 from be01 → be01.probe.jsonl:1:1-108']);
    assert.deepEqual(lensesOf(agreeing.report, agreeing.files, 'dmz.fwrules.yaml'), ['6:5-13:1 verified open 2026-11-24 10:12 from be01 → be01.probe.jsonl:1:1-108']);
    const none = await checked([]);
    assert.deepEqual(observationLenses(none.report, uriOf('site.bexnet.yaml')), []);
    assert.deepEqual(observationLenses(none.report, uriOf('dmz.fwrules.yaml')), []);
  });
});
