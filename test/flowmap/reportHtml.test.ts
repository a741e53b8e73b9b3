import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { docsUrl, FLOW_MAP_CSS, renderFlowMapSvg, renderReportHtml, type FlowMap } from '../../server/src/engine';
import { byClass, byName, pageOf, selfContainmentProblems, tableRows, text } from './htmlDom';
import { HOSTILE_HOST, relativePath, reportMap } from './reportMaps';
import { sampleMap } from './sampleMaps';

const OPTIONS = { title: 'Flow map of <site>', generatedAt: '2026-11-30T23:00:00Z', relativePath, version: '9.9.9', css: FLOW_MAP_CSS };
const MAP_SVG = '<svg xmlns="http://www.w3.org/2000/svg" class="befw-flow-map" data-test="map"><title>the map</title></svg>';

const pageWith = (maps: readonly FlowMap[]) => pageOf(renderReportHtml(maps.map((map) => ({ map, svg: MAP_SVG })), OPTIONS));

describe('renderReportHtml', () => {
  it('is one self-contained page: inline style only, no script, nothing fetched; the real map inside', () => {
    const html = renderReportHtml([{ map: reportMap(), svg: renderFlowMapSvg(reportMap()) }], OPTIONS);
    assert.deepEqual(selfContainmentProblems(html), []);
    const page = pageOf(html);
    assert.equal(byName(page, 'style').length, 1);
    assert.equal(byClass(page, 'svg', 'befw-flow-map').length, 1);
    assert.equal(byName(page, 'g').filter((g) => g.attribs['data-flow'] !== undefined).length, 5);
    // The map's own stylesheet is in the page, after the palette it reads.
    assert.ok(html.includes(FLOW_MAP_CSS));
  });

  it('(the self-containment check sees what it must)', () => {
    const bad = '<style>@import "x.css"; p { background: url(https://x/y.png) }</style><img src="https://x/y.png"><svg><use href="https://x/s.svg#a"/></svg><p onclick="x()">t</p><script></script><a href="https://ok">ok</a><path marker-end="url(#m)"/>';
    assert.deepEqual(selfContainmentProblems(bad), [
      'a <img> element',
      'src="https://x/y.png" on <img>',
      'a <use> element',
      'href="https://x/s.svg#a" on <use>',
      'an event handler onclick on <p>',
      'a <script> element',
      'a CSS @import or @font-face',
      'url(https://x/y.png)',
    ]);
  });

  it('defines the whole palette for light and, by prefers-color-scheme, for dark', () => {
    const style = text(byName(pageWith([reportMap()]), 'style')[0]);
    const light = /^:root \{([^}]*)\}/.exec(style)?.[1] ?? '';
    const dark = /@media \(prefers-color-scheme: dark\) \{ :root \{([^}]*)\} \}/.exec(style)?.[1] ?? '';
    for (const block of [light, dark]) {
      const names = [...block.matchAll(/--befw-([a-z]+): #[0-9a-f]{6};/g)].map((m) => m[1]);
      assert.deepEqual(names.sort(), ['allowed', 'bg', 'blocked', 'boundary', 'fg', 'muted', 'partial', 'unknown']);
    }
    assert.notEqual(light, dark);
  });

  it('shows names, messages and titles from users\' files as text, never as markup', () => {
    const html = renderReportHtml([{ map: reportMap(), svg: MAP_SVG }], OPTIONS);
    const page = pageOf(html);
    assert.deepEqual([byName(page, 'img').length, byName(page, 'script').length, byName(page, 'b').length], [0, 0, 0]);
    assert.equal(text(byName(page, 'title')[0]), 'Flow map of <site>');
    assert.equal(text(byName(page, 'h1')[0]), 'Flow map of <site>');
    assert.ok(html.includes(`be01 → ${HOSTILE_HOST.replace('<', '&lt;').replace('>', '&gt;')}`));
    // A source's link that is not http(s) is not a link.
    assert.ok(byName(page, 'a').every((a) => /^(#|https:)/.test(a.attribs.href)));
  });

  it('heads each manifest with its path and the counts, and puts its map in a figure as given', () => {
    const page = pageWith([reportMap()]);
    assert.equal(text(byName(page, 'h2')[0]), 'site/site.bexnet.yaml');
    assert.equal(text(byClass(page, 'p', 'counts')[0]), '5 required flows: 1 allowed, 1 partly allowed, 1 blocked, 2 unknown.');
    const figure = byClass(page, 'figure', 'map')[0];
    assert.deepEqual(byName(figure, 'svg').map((svg) => svg.attribs['data-test']), ['map']);
  });

  it('has one row per flow per firewall it crosses, the state in a glyph and a word, and what allows or reports it', () => {
    const table = byClass(pageWith([reportMap()]), 'table', 'flows')[0];
    const control = `be01 → ${HOSTILE_HOST}`;
    const unknownHere = 'not checked: rule file be01.fwrules.yaml is missing';
    const rule = 'BE `to`\\u000aagents (site/dmz.fwrules.yaml:5:5)';
    assert.deepEqual(tableRows(table), [
      ['Remote Agent control connection (NDMP)', control, 'TCP 10000', 'be01-host (outbound)', '? unknown', unknownHere],
      ['Remote Agent control connection (NDMP)', control, 'TCP 10000', 'dmz (inbound)', '✓ allowed', rule],
      ['Remote Agent data connections', 'be01 → db|02', 'TCP 50100-50149', 'be01-host (outbound)', '? unknown', unknownHere],
      ['Remote Agent data connections', 'be01 → db|02', 'TCP 50100-50149', 'dmz (inbound)', '◐ partly allowed', `${rule} BEX101 (site/dmz.fwrules.yaml:11:12)`],
      ['Backup Exec Job Engine (Agent for Oracle)', 'db|02 → be01', 'TCP 5633', 'dmz (outbound)', '✕ blocked', 'BEX104 (site/dmz.fwrules.yaml:3:1)'],
      ['Backup Exec Job Engine (Agent for Oracle)', 'db|02 → be01', 'TCP 5633', 'be01-host (inbound)', '? unknown', unknownHere],
      ['Backup Exec Agent Browser (advertising)', `${HOSTILE_HOST} → be01`, 'TCP 6101', 'dmz (outbound)', '✓ allowed', 'allowed by the outbound default'],
      ['Backup Exec Agent Browser (advertising)', `${HOSTILE_HOST} → be01`, 'TCP 6101', 'be01-host (inbound)', '? unknown', unknownHere],
      ['Deduplication Manager (spad)', `${HOSTILE_HOST} → db|02`, 'TCP 10102', 'no firewall between them', '✓ allowed', '—'],
    ]);
    const states = byName(byName(table, 'tbody')[0], 'td').filter((td) => /\bstate\b/.test(td.attribs.class ?? '')).map((td) => td.attribs.class);
    assert.deepEqual(states.slice(0, 5), ['state state-unknown', 'state state-allowed', 'state state-unknown', 'state state-partial', 'state state-blocked']);
    const reported = byName(table, 'a').map((a) => [text(a), a.attribs.href]);
    assert.deepEqual(reported, [
      ['BEX101', docsUrl('BEX101')],
      ['BEX104', docsUrl('BEX104')],
    ]);
  });

  it('is a table a screen reader can walk: a caption, column headers, and each row headed by its flow', () => {
    const table = byClass(pageWith([reportMap()]), 'table', 'flows')[0];
    assert.equal(text(byName(table, 'caption')[0]), 'Each required flow of site/site.bexnet.yaml at every firewall it crosses');
    const headers = byName(byName(table, 'thead')[0], 'th');
    assert.deepEqual(headers.map((th) => [text(th), th.attribs.scope]), [
      ['Flow (service)', 'col'],
      ['From → To', 'col'],
      ['Ports', 'col'],
      ['Firewall (direction)', 'col'],
      ['State', 'col'],
      ['Allowed by / Reported by', 'col'],
    ]);
    const rowHeads = byName(byName(table, 'tbody')[0], 'tr').map((tr) => byName(tr, 'th').map((th) => th.attribs.scope));
    assert.ok(rowHeads.length === 9 && rowHeads.every((heads) => heads.length === 1 && heads[0] === 'row'));
  });

  it('lists the findings with their code (linked when it is befw\'s), severity, file:line:col and message', () => {
    const table = byClass(pageWith([reportMap()]), 'table', 'findings')[0];
    assert.deepEqual(tableRows(table), [
      ['yaml-lint', 'information', 'site/site.bexnet.yaml:1:1', 'Not one of ours.'],
      ['BEX020', 'warning', 'site/site.bexnet.yaml:7:5', `Host "${HOSTILE_HOST}": the range starts at 1024.`],
      ['BEX104', 'error', 'site/dmz.fwrules.yaml:3:1', 'TCP 5633 is dropped by block rule "<script>alert(1)</script>".'],
      ['BEX101', 'error', 'site/dmz.fwrules.yaml:11:12', 'Remote Agent data connections (TCP 50100-50149) from be01 to db|02 does not get through firewall "dmz" (inbound): rule "BE `to`\\u000aagents" opens 50100-50120.'],
    ]);
    assert.deepEqual(byName(table, 'a').map((a) => [text(a), a.attribs.href]), ['BEX020', 'BEX104', 'BEX101'].map((code) => [code, docsUrl(code)]));
  });

  it('gives each flow its sources, linked when they have a web address', () => {
    const list = byClass(pageWith([reportMap()]), 'ul', 'sources')[0];
    const items = byName(list, 'li');
    const sources = 'Veritas KB 100017208; A <b>bold</b> claim; A book without a link';
    assert.deepEqual(items.map(text), [
      `Remote Agent control connection (NDMP) be01 → ${HOSTILE_HOST} (TCP 10000): ${sources}`,
      `Remote Agent data connections be01 → db|02 (TCP 50100-50149): ${sources}`,
      `Backup Exec Job Engine (Agent for Oracle) db|02 → be01 (TCP 5633): ${sources}`,
      `Backup Exec Agent Browser (advertising) ${HOSTILE_HOST} → be01 (TCP 6101): ${sources}`,
      `Deduplication Manager (spad) ${HOSTILE_HOST} → db|02 (TCP 10102): ${sources}`,
    ]);
    assert.deepEqual(
      items.map((li) => byName(li, 'a').map((a) => a.attribs.href)),
      items.map(() => ['https://www.veritas.com/support/en_US/article.100017208']),
    );
  });

  it('explains each state in words for a printout: glyph and line style beside the word', () => {
    const legend = byClass(pageWith([reportMap()]), 'table', 'legend')[0];
    assert.deepEqual(tableRows(legend), [
      ['allowed', '✓', 'solid line, filled arrowhead'],
      ['partly allowed', '◐', 'long dashes, open arrowhead'],
      ['blocked', '✕', 'short dashes, arrowhead with a stop bar'],
      ['unknown', '?', 'dotted line, open diamond'],
      ['network firewall', '', 'a boundary around the hosts it protects'],
      ['host firewall', '', 'a band on its host'],
    ]);
  });

  it('gives several manifests a section each, with a contents list, and says when a map holds only the first flows', () => {
    const big = { ...sampleMap({ hosts: ['be01', 'fs01'], flows: [{ from: 'be01', to: 'fs01' }] }), manifestUri: 'file:///site/big.bexnet.yaml', truncated: { flows: 6000, limit: 1 } };
    const page = pageWith([reportMap(), big]);
    assert.deepEqual(byName(page, 'section').map((s) => s.attribs.id), ['manifest-1', 'manifest-2']);
    const contents = byName(byName(page, 'nav')[0], 'li');
    assert.deepEqual(contents.map((li) => [text(li), byName(li, 'a')[0].attribs.href]), [
      ['site/site.bexnet.yaml: 5 required flows: 1 allowed, 1 partly allowed, 1 blocked, 2 unknown', '#manifest-1'],
      ['site/big.bexnet.yaml: 6000 required flows, too many to show; of the first 1: 1 allowed, 0 partly allowed, 0 blocked, 0 unknown', '#manifest-2'],
    ]);
    assert.equal(byName(pageWith([reportMap()]), 'nav').length, 0);
  });

  it('says so when a manifest has no required flow, instead of an empty table', () => {
    const page = pageWith([{ manifestUri: 'file:///site/broken.bexnet.yaml', hosts: [], firewalls: [], flows: [], findings: [] }]);
    assert.equal(byClass(page, 'table', 'flows').length, 0);
    assert.match(text(byName(page, 'main')[0]), /No required flows: .* No findings\./);
  });
});
