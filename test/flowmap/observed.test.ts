import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildFlowMap } from '../../server/src/engine/flowmap/buildFlowMap';
import { layoutFlowMap } from '../../server/src/engine/flowmap/layout';
import { FONT, textWidth } from '../../server/src/engine/flowmap/textSize';
import type { FlowMap } from '../../server/src/engine/flowmap/types';
import { FLOW_MAP_CSS, renderFlowMapSvg, renderReportHtml, renderReportMarkdown } from '../../server/src/engine';
import { checkFiles, loadFiles, sourceFolder, uriOf } from '../support/engine';
import { withObservations, type ProbeLine } from '../support/observed';
import { byClass, byName, pageOf, tableRows, text } from './htmlDom';
import { byAttribute, child, parseSvg, textOf, titleOf, withClass } from './svgDom';

const EXAMPLE = join(sourceFolder(__dirname), '..', '..', 'examples', 'site');
const SITE_FILES = ['site.bexnet.yaml', 'be01.fwrules.yaml', 'dmz.fwrules.yaml'];
const RESULTS = 'be01.probe.jsonl';

/**
 * examples/site with results as the probe engine reads them: NDMP verified
 * open; the agent's data range open on 50100, timed out on 50110 (which the
 * dmz allows: BEX300) and on 50149 (which it blocks: as expected); the
 * blocked Oracle job engine reached (BEX301); deduplication timed out, but
 * stale, so it contradicts nothing.
 */
export const LINES: readonly ProbeLine[] = [
  { service: 'remote-agent-control', from: 'be01', to: 'sql01', port: 10000, result: 'open', at: '2026-11-24T10:12:05+01:00', expected: 'allowed' },
  { service: 'remote-agent-data', from: 'be01', to: 'sql01', port: 50110, result: 'timeout', at: '2026-11-24T10:12:09+01:00', expected: 'allowed' },
  { service: 'remote-agent-data', from: 'be01', to: 'sql01', port: 50100, result: 'open', at: '2026-11-24T10:12:06+01:00', expected: 'allowed' },
  { service: 'remote-agent-data', from: 'be01', to: 'sql01', port: 50149, result: 'timeout', at: '2026-11-24T10:13:12+01:00', expected: 'blocked' },
  { service: 'job-engine-oracle', from: 'sql01', to: 'be01', port: 5633, result: 'refused', at: '2026-11-24T10:20:00+01:00', expected: 'blocked' },
  { service: 'dedup-engine', from: 'sql01', to: 'be01', port: 10082, result: 'timeout', at: '2026-10-01T08:00:00+01:00', expected: 'allowed', stale: true },
];

export async function observedSite(lines: readonly ProbeLine[] = LINES) {
  const { service, report } = await checkFiles(await loadFiles(EXAMPLE, SITE_FILES), 'site.bexnet.yaml');
  return { service, report: withObservations(report, service.catalog, RESULTS, lines) };
}

async function observedMap(lines?: readonly ProbeLine[]): Promise<FlowMap> {
  const { service, report } = await observedSite(lines);
  return buildFlowMap(report, service.catalog);
}

/** "be01.probe.jsonl:2:1-2:97" of a place. */
const lineOf = (place: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }) =>
  `${place.uri.slice(place.uri.lastIndexOf('/') + 1)}:${place.range.start.line + 1}:${place.range.start.character + 1}-${place.range.end.line + 1}:${place.range.end.character + 1}`;

describe('buildFlowMap with probe results', () => {
  it('gives each observed flow the summary, the newest time and host, the contradiction, and every port with its line in the results file', async () => {
    const map = await observedMap();
    const seen = map.flows.map((flow) => {
      const observed = flow.observed;
      if (!observed) return `${flow.id} -`;
      const ports = observed.ports.map((p) => `${p.port} ${p.result} ${p.expected}${p.stale ? ' stale' : ''} ${p.at} ${lineOf(p.place)}`);
      return `${flow.id} "${observed.text}" ${observed.at} ${observed.from} ${observed.contradicts ?? '-'} [${ports.join('; ')}]`;
    });
    assert.deepEqual(seen, [
      'remote-agent-control:be01>sql01 "verified open 2026-11-24 10:12 from be01" 2026-11-24T10:12:05+01:00 be01 - [10000 open allowed 2026-11-24T10:12:05+01:00 be01.probe.jsonl:1:1-1:108]',
      'remote-agent-data:be01>sql01 "observed 1 open, 2 timeout; latest 2026-11-24 10:13 from be01" 2026-11-24T10:13:12+01:00 be01 BEX300 [' +
        '50100 open allowed 2026-11-24T10:12:06+01:00 be01.probe.jsonl:3:1-3:108; 50110 timeout allowed 2026-11-24T10:12:09+01:00 be01.probe.jsonl:2:1-2:111; 50149 timeout blocked 2026-11-24T10:13:12+01:00 be01.probe.jsonl:4:1-4:111]',
      'server-dynamic-range:sql01>be01 -',
      'agent-browser:sql01>be01 -',
      'job-engine-oracle:sql01>be01 "reached (refused) 2026-11-24 10:20 from sql01" 2026-11-24T10:20:00+01:00 sql01 BEX301 [5633 refused blocked 2026-11-24T10:20:00+01:00 be01.probe.jsonl:5:1-5:110]',
      'dedup-engine:sql01>be01 "timed out 2026-10-01 08:00 from sql01 (stale)" 2026-10-01T08:00:00+01:00 sql01 - [10082 timeout allowed stale 2026-10-01T08:00:00+01:00 be01.probe.jsonl:6:1-6:111]',
      'dedup-manager:sql01>be01 -',
      'm365:be01>m365 -',
      'remote-admin-console:admin01>be01 -',
    ]);
  });

  it('counts a timeout where the files allow as BEX300 only while it is current, and a reached port only where they block it as BEX301', async () => {
    const only = (line: ProbeLine) => observedMap([line]).then((map) => map.flows.find((flow) => flow.observed)!.observed!.contradicts ?? '-');
    const [control] = LINES;
    assert.equal(await only({ ...control, result: 'timeout' }), 'BEX300');
    assert.equal(await only({ ...control, result: 'timeout', stale: true }), '-');
    assert.equal(await only({ ...control, result: 'refused' }), '-');
    assert.equal(await only({ ...control, result: 'refused', expected: 'blocked' }), 'BEX301');
    assert.equal(await only({ ...control, result: 'open', expected: 'blocked', stale: true }), '-');
    assert.equal(await only({ ...control, result: 'timeout', expected: 'blocked' }), '-');
    assert.equal(await only({ ...control, result: 'timeout', expected: 'unknown' }), '-');
    assert.equal(await only({ ...control, result: 'open', expected: 'unknown' }), '-');
  });

  it('reads the same from the engine\'s own matching of a results file (CheckSettings.observed)', async () => {
    const text = LINES.map(({ from, to, port, result, at }) => `${JSON.stringify({ from, to, protocol: 'tcp', port, result, at })}\n`).join('');
    const { service, report } = await checkFiles(await loadFiles(EXAMPLE, SITE_FILES), 'site.bexnet.yaml', {
      observed: [{ uri: uriOf(RESULTS), text, owned: true }],
      now: Date.parse('2026-11-25T00:00:00Z'),
    });
    const engine = buildFlowMap(report, service.catalog);
    const byHand = await observedMap();
    assert.deepEqual(engine.flows.map((flow) => flow.observed), byHand.flows.map((flow) => flow.observed));
  });

  it('leaves flows unobserved when the report has no observations', async () => {
    const { service, report } = await checkFiles(await loadFiles(EXAMPLE, SITE_FILES), 'site.bexnet.yaml');
    assert.deepEqual(buildFlowMap(report, service.catalog).flows.filter((flow) => 'observed' in flow), []);
  });
});

describe('the flow map SVG with probe results', () => {
  it('ends an observed flow\'s label with the observation, marks a contradiction with a glyph, and says both in the title and aria-label', async () => {
    const map = await observedMap();
    const svg = parseSvg(renderFlowMapSvg(map));
    const data = byAttribute(svg, 'data-flow', 'remote-agent-data:be01>sql01');
    assert.equal(data.attribs['data-observed'], 'mixed');
    assert.equal(data.attribs['data-contradicts'], 'BEX300');
    assert.equal(textOf(child(data, 'text', 'flow-label')), '◐ be01 → sql01: Remote Agent data connections TCP 50100-50149 · ⚠ observed 1 open, 2 timeout; latest 2026-11-24 10:13 from be01 (BEX300)');
    assert.equal(textOf(child(data, 'tspan', 'observed-mark')), '⚠');
    assert.equal(
      data.attribs['aria-label'],
      'Remote Agent data connections be01 → sql01 TCP 50100-50149: partly allowed; probe: observed 1 open, 2 timeout; latest 2026-11-24 10:13 from be01 — contradicts the rule files (BEX300)',
    );
    assert.equal(titleOf(data).split('\n').at(-1), 'probe: observed 1 open, 2 timeout; latest 2026-11-24 10:13 from be01 — contradicts the rule files (BEX300)');

    const oracle = byAttribute(svg, 'data-flow', 'job-engine-oracle:sql01>be01');
    assert.deepEqual([oracle.attribs['data-observed'], oracle.attribs['data-contradicts']], ['refused', 'BEX301']);

    const control = byAttribute(svg, 'data-flow', 'remote-agent-control:be01>sql01');
    assert.deepEqual([control.attribs['data-observed'], control.attribs['data-contradicts']], ['open', undefined]);
    assert.equal(textOf(child(control, 'text', 'flow-label')), '✓ be01 → sql01: Remote Agent control connection (NDMP) TCP 10000 · verified open 2026-11-24 10:12 from be01');
    assert.equal(withClass(control, 'observed-mark').length, 0);

    const stale = byAttribute(svg, 'data-flow', 'dedup-engine:sql01>be01');
    assert.deepEqual([stale.attribs['data-observed'], stale.attribs['data-contradicts']], ['timeout', undefined]);
    assert.equal(withClass(stale, 'observed-mark').length, 0);

    const unobserved = byAttribute(svg, 'data-flow', 'agent-browser:sql01>be01');
    assert.deepEqual([unobserved.attribs['data-observed'], unobserved.attribs['data-contradicts']], [undefined, undefined]);
    assert.match(unobserved.attribs['aria-label'], / sql01 → be01 TCP 6101: allowed$/);
    assert.doesNotMatch(titleOf(unobserved), /probe:/);
  });

  it('sizes the label it draws, observation included', async () => {
    const map = await observedMap();
    const svg = parseSvg(renderFlowMapSvg(map));
    for (const placement of layoutFlowMap(map).flows) {
      const drawn = textOf(child(byAttribute(svg, 'data-flow', placement.flow.id), 'text', 'flow-label'));
      assert.equal(placement.label.width, textWidth(drawn, FONT.flow), placement.flow.id);
    }
  });

  it('explains the mark in the legend of a map with observations, and only there', async () => {
    const legend = withClass(parseSvg(renderFlowMapSvg(await observedMap())), 'legend-contradiction');
    assert.deepEqual(legend.map(textOf), ['⚠ observed, contradicts the rule files']);
    const { service, report } = await checkFiles(await loadFiles(EXAMPLE, SITE_FILES), 'site.bexnet.yaml');
    assert.equal(withClass(parseSvg(renderFlowMapSvg(buildFlowMap(report, service.catalog))), 'legend-contradiction').length, 0);
  });
});

describe('the reports with probe results', () => {
  const relativePath = (uri: string) => uri.replace(uriOf(''), 'site/');

  it('Markdown: an Observed column with the summary, the contradiction spelled out, or —', async () => {
    const markdown = renderReportMarkdown([await observedMap()], { relativePath });
    const table = markdown.split('\n').filter((line) => line.startsWith('|'));
    assert.equal(table[0], '| Flow (service) | From → To | Ports | Firewall (direction) | State | Allowed by / Reported by | Observed |');
    assert.equal(table[1], '|---|---|---|---|---|---|---|');
    const observedCells = table.slice(2).map((row) => `${row.split(' | ')[3]} ${row.split(' | ').at(-1)}`);
    assert.deepEqual(observedCells, [
      'be01-host (outbound) verified open 2026-11-24 10:12 from be01 |',
      'dmz (inbound) verified open 2026-11-24 10:12 from be01 |',
      'be01-host (outbound) ⚠ observed 1 open, 2 timeout; latest 2026-11-24 10:13 from be01 — contradicts the rule files (BEX300) |',
      'dmz (inbound) ⚠ observed 1 open, 2 timeout; latest 2026-11-24 10:13 from be01 — contradicts the rule files (BEX300) |',
      'dmz (outbound) — |',
      'be01-host (inbound) — |',
      'dmz (outbound) — |',
      'be01-host (inbound) — |',
      'dmz (outbound) ⚠ reached (refused) 2026-11-24 10:20 from sql01 — contradicts the rule files (BEX301) |',
      'be01-host (inbound) ⚠ reached (refused) 2026-11-24 10:20 from sql01 — contradicts the rule files (BEX301) |',
      'dmz (outbound) timed out 2026-10-01 08:00 from sql01 (stale) |',
      'be01-host (inbound) timed out 2026-10-01 08:00 from sql01 (stale) |',
      'dmz (outbound) — |',
      'be01-host (inbound) — |',
      'be01-host (outbound) — |',
      'be01-host (inbound) — |',
    ]);
  });

  it('HTML: an Observed column and the mark in the legend; neither without observations', async () => {
    const options = { title: 'site', generatedAt: '2026-11-30T23:00:00Z', relativePath, version: '9.9.9', css: FLOW_MAP_CSS };
    const map = await observedMap();
    const page = pageOf(renderReportHtml([{ map, svg: renderFlowMapSvg(map) }], options));
    const table = byClass(page, 'table', 'flows')[0];
    assert.deepEqual(byName(byName(table, 'thead')[0], 'th').map(text).slice(-2), ['Allowed by / Reported by', 'Observed']);
    const rows = tableRows(table);
    assert.deepEqual(rows[2].slice(-1), ['⚠ observed 1 open, 2 timeout; latest 2026-11-24 10:13 from be01 — contradicts the rule files (BEX300)']);
    assert.deepEqual(rows[4].slice(-1), ['—']);
    const legend = tableRows(byClass(page, 'table', 'legend')[0]).slice(-2);
    assert.deepEqual(legend, [
      [
        'observed',
        '',
        'what a probe script saw, port by port: "verified open" connected; "reached (refused)" the host answered with a reset, so the network let it through and nothing listens (some firewalls reject with a reset too); "timed out" no answer in time, or an ICMP unreachable from a firewall on the way; "(stale)" older than the age setting',
      ],
      ['observed, contradicts the rule files', '⚠', 'what was observed contradicts the rule files: BEX300 timed out where they allow the port, BEX301 reached where they block it'],
    ]);

    const { service, report } = await checkFiles(await loadFiles(EXAMPLE, SITE_FILES), 'site.bexnet.yaml');
    const plain = buildFlowMap(report, service.catalog);
    const plainPage = pageOf(renderReportHtml([{ map: plain, svg: renderFlowMapSvg(plain) }], options));
    assert.equal(tableRows(byClass(plainPage, 'table', 'flows')[0])[0].length, 6);
    assert.deepEqual(tableRows(byClass(plainPage, 'table', 'legend')[0]).map((row) => row[0]).slice(-2), ['network firewall', 'host firewall']);
  });
});
