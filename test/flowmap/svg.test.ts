import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { buildFlowMap, FLOW_MAP_CSS, FLOW_STATES, renderFlowMapSvg, type FlowMap, type FlowState } from '../../server/src/engine';
import { checkFiles, loadFiles, sourceFolder } from '../support/engine';
import { contains, describeBox, onOutline } from './geometry';
import { sampleMap } from './sampleMaps';
import { byAttribute, child, classesOf, parseSvg, pathPoints, rectBox, textOf, titleOf, withClass, type SvgElement } from './svgDom';

/**
 * Issue 18: the map's SVG, read back with an XML parser. Its structure is the
 * contract the report and the editor's webview rely on (classes, data
 * attributes, roles); states must differ by more than colour.
 */
const SITE = sampleMap({
  hosts: [{ name: 'be01', role: 'backup-exec-server' }, 'sql01', { name: 'admin01', role: 'remote-administration-console' }, { name: 'nfs01', agent: 'linux' }],
  firewalls: [
    { name: 'dmz', hosts: ['sql01', 'nfs01'] },
    { name: 'be01-host', kind: 'host', hosts: ['be01'] },
  ],
  flows: [
    { from: 'be01', to: 'sql01', state: 'allowed', through: ['be01-host', 'dmz'] },
    { from: 'be01', to: 'sql01', service: 'Remote Agent data connections', ports: 'TCP 50100-50149', state: 'partial', through: [{ firewall: 'be01-host', state: 'allowed' }, 'dmz'] },
    { from: 'sql01', to: 'be01', service: 'Backup Exec Job Engine (Agent for Oracle)', ports: 'TCP 5633', state: 'blocked', through: [{ firewall: 'dmz', state: 'allowed' }, 'be01-host'] },
    { from: 'admin01', to: 'be01', service: 'Remote Administration Console', ports: '"Remote Service Management (RPC-EPMAP)"', state: 'unknown', through: ['be01-host'] },
    { from: 'be01', to: 'nfs01', state: 'allowed', through: ['be01-host', 'dmz'] },
  ],
});

const flowsOf = (svg: SvgElement) => withClass(svg, 'flow');
const hostBox = (svg: SvgElement, host: string) => rectBox(child(byAttribute(svg, 'data-host', host, 'host'), 'rect', 'host-box'));
const boundaryBox = (svg: SvgElement, firewall: string) => rectBox(child(byAttribute(svg, 'data-firewall', firewall, 'network'), 'rect', 'boundary'));

describe('the flow map SVG', () => {
  const svg = parseSvg(renderFlowMapSvg(SITE));

  it('is a standalone group, named as its title counts the flows by state', () => {
    assert.equal(svg.attribs.xmlns, 'http://www.w3.org/2000/svg');
    // Not an img: an img hides its children, the flows, from screen readers.
    assert.equal(svg.attribs.role, 'group');
    assert.equal(svg.attribs['aria-label'], titleOf(svg));
    assert.deepEqual(classesOf(svg), ['befw-flow-map']);
    assert.match(svg.attribs.viewBox, /^0 0 \d+ \d+$/);
    assert.equal(titleOf(svg), 'Flow map of site.bexnet.yaml: 5 required flows, 2 allowed, 1 partly allowed, 1 blocked, 1 unknown');
  });

  it('draws each flow once, as a focusable button named by its service, hosts, ports and state', () => {
    const flows = flowsOf(svg);
    assert.deepEqual(
      flows.map((g) => [g.attribs['data-flow'], g.attribs.class, g.attribs.tabindex, g.attribs.role, g.attribs['aria-label']]),
      [
        ['remote-agent-control-connection-ndmp-:be01>sql01', 'flow state-allowed', '0', 'button', 'Remote Agent control connection (NDMP) be01 → sql01 TCP 10000: allowed'],
        ['remote-agent-data-connections:be01>sql01', 'flow state-partial', '0', 'button', 'Remote Agent data connections be01 → sql01 TCP 50100-50149: partly allowed'],
        ['backup-exec-job-engine-agent-for-oracle-:sql01>be01', 'flow state-blocked', '0', 'button', 'Backup Exec Job Engine (Agent for Oracle) sql01 → be01 TCP 5633: blocked'],
        ['remote-administration-console:admin01>be01', 'flow state-unknown', '0', 'button', 'Remote Administration Console admin01 → be01 "Remote Service Management (RPC-EPMAP)": unknown'],
        ['remote-agent-control-connection-ndmp-:be01>nfs01', 'flow state-allowed', '0', 'button', 'Remote Agent control connection (NDMP) be01 → nfs01 TCP 10000: allowed'],
      ],
    );
  });

  it('draws flows as named graphics, not buttons, for a page where a click does nothing (the report)', () => {
    const flows = flowsOf(parseSvg(renderFlowMapSvg(SITE, { interactive: false })));
    assert.equal(flows.length, 5);
    for (const g of flows) {
      assert.deepEqual([g.attribs.tabindex, g.attribs.role], [undefined, 'img']);
      assert.match(g.attribs['aria-label'], /: (allowed|partly allowed|blocked|unknown)$/);
    }
  });

  it('tells states apart by dashes, arrowhead and glyph as attributes, not by colour alone', () => {
    const expected: Record<FlowState, { dasharray: string; glyph: string; head: string; fill: 'state' | 'background' }> = {
      allowed: { dasharray: 'none', glyph: '✓', head: 'M0,0 L10,5 L0,10 Z', fill: 'state' },
      partial: { dasharray: '10 4', glyph: '◐', head: 'M0,0 L10,5 L0,10 Z', fill: 'background' },
      blocked: { dasharray: '4 3', glyph: '✕', head: 'M0,1 L6,5 L0,9 Z M9,0 L9,10', fill: 'state' },
      unknown: { dasharray: '1 4', glyph: '?', head: 'M0,5 L5,0 L10,5 L5,10 Z', fill: 'background' },
    };
    for (const state of FLOW_STATES) {
      const { dasharray, glyph, head, fill } = expected[state];
      for (const g of withClass(svg, 'flow', `state-${state}`)) {
        const line = child(g, 'path', 'flow-line');
        assert.equal(line.attribs['stroke-dasharray'], dasharray, `${state} dashes`);
        assert.equal(line.attribs['marker-end'], `url(#befw-arrow-${state})`, `${state} arrowhead`);
        assert.equal(line.attribs['marker-start'], undefined, 'no head at the connecting side');
        assert.equal(textOf(child(g, 'tspan', 'glyph')), glyph, `${state} glyph`);
      }
      const marker = byAttribute(svg, 'id', `befw-arrow-${state}`);
      assert.deepEqual(classesOf(marker), ['marker', `state-${state}`]);
      const markerPath = child(marker, 'path');
      assert.equal(markerPath.attribs.d, head, `${state} arrowhead shape`);
      assert.equal(markerPath.attribs.fill === '#ffffff' ? 'background' : 'state', fill, `${state} arrowhead fill`);
    }
  });

  it('labels each flow with its glyph, who connects to whom, service and ports', () => {
    assert.deepEqual(
      flowsOf(svg).map((g) => textOf(child(g, 'text', 'flow-label'))),
      [
        '✓ be01 → sql01: Remote Agent control connection (NDMP) TCP 10000',
        '◐ be01 → sql01: Remote Agent data connections TCP 50100-50149',
        '✕ sql01 → be01: Backup Exec Job Engine (Agent for Oracle) TCP 5633',
        // Cut at 80 characters: the title holds the whole text.
        '? admin01 → be01: Remote Administration Console "Remote Service Management (RPC-E…',
        '✓ be01 → nfs01: Remote Agent control connection (NDMP) TCP 10000',
      ],
    );
  });

  it("gives each flow a title with every crossing's status, the rules that allow it and the diagnostic that reports it", () => {
    assert.equal(
      titleOf(byAttribute(svg, 'data-flow', 'remote-agent-data-connections:be01>sql01')),
      [
        'Remote Agent data connections be01 → sql01 (TCP 50100-50149): partly allowed',
        'be01-host (inbound): allowed — by "allow remote-agent-data-connections"',
        'dmz (inbound): partly blocked: some ports are not allowed — BEX101 dmz.fwrules.yaml:5',
      ].join('\n'),
    );
    const noFirewall = sampleMap({ hosts: ['a', 'b'], flows: [{ from: 'a', to: 'b' }] });
    assert.equal(titleOf(flowsOf(parseSvg(renderFlowMapSvg(noFirewall)))[0]), 'Remote Agent control connection (NDMP) a → b (TCP 10000): allowed\nno firewall of the manifest lies between the hosts');
  });

  it('points each arrow from the connecting side: it starts on the from host and ends, with its head, on the to host', () => {
    for (const g of flowsOf(svg)) {
      const flow = SITE.flows.find((f) => f.id === g.attribs['data-flow'])!;
      const points = pathPoints(child(g, 'path', 'flow-line'));
      const [first, last] = [points[0], points[points.length - 1]];
      assert.ok(onOutline(first, hostBox(svg, flow.from)), `${flow.id} starts at (${first.x}, ${first.y}), not on ${flow.from} ${describeBox(hostBox(svg, flow.from))}`);
      assert.ok(onOutline(last, hostBox(svg, flow.to)), `${flow.id} ends at (${last.x}, ${last.y}), not on ${flow.to} ${describeBox(hostBox(svg, flow.to))}`);
    }
  });

  it('shows hosts by role, each with its role and address', () => {
    assert.deepEqual(
      withClass(svg, 'host').map((g) => [g.attribs['data-host'], g.attribs.class, textOf(child(g, 'text', 'host-detail'))]),
      [
        ['be01', 'host role-backup-exec-server', 'Backup Exec server · 10.0.0.1'],
        ['sql01', 'host role-remote-computer', 'Remote computer · 10.0.0.2'],
        ['admin01', 'host role-remote-administration-console', 'Remote Administration Console · 10.0.0.3'],
        ['nfs01', 'host role-remote-computer', 'Remote computer · 10.0.0.4 · Linux agent'],
      ],
    );
  });

  it('draws a host firewall as a band across the top of its host, named', () => {
    const host = byAttribute(svg, 'data-host', 'be01', 'host');
    const firewall = child(host, 'g', 'host-firewall');
    assert.equal(firewall.attribs['data-firewall'], 'be01-host');
    assert.deepEqual(classesOf(firewall), ['firewall', 'host-firewall']);
    const band = rectBox(child(firewall, 'rect', 'host-firewall-band'));
    const box = hostBox(svg, 'be01');
    assert.deepEqual([band.x, band.y, band.width], [box.x, box.y, box.width]);
    assert.ok(band.height > 0 && band.height < box.height / 2, `band ${describeBox(band)} on ${describeBox(box)}`);
    assert.equal(textOf(child(firewall, 'text', 'host-firewall-name')), 'be01-host');
    assert.equal(withClass(svg, 'host-firewall').length, 1);
  });

  it('draws every host firewall of a host, one band below the other, the host text below them all', () => {
    const map = sampleMap({
      hosts: [{ name: 'be01', role: 'backup-exec-server' }, 'sql01'],
      firewalls: [
        { name: 'wdf', kind: 'host', hosts: ['be01'] },
        { name: 'edr-fw', kind: 'host', hosts: ['be01'] },
      ],
      flows: [{ from: 'sql01', to: 'be01', through: [{ firewall: 'edr-fw', state: 'blocked' }] }],
    });
    const drawn = parseSvg(renderFlowMapSvg(map, { highlightFirewall: 'edr-fw' }));
    const host = byAttribute(drawn, 'data-host', 'be01', 'host');
    const box = hostBox(drawn, 'be01');
    const bands = withClass(host, 'host-firewall').map((g) => ({ name: g.attribs['data-firewall'], classes: classesOf(g), band: rectBox(child(g, 'rect', 'host-firewall-band')) }));
    assert.deepEqual(bands.map((b) => [b.name, b.classes.includes('highlighted')]), [['wdf', false], ['edr-fw', true]]);
    assert.equal(bands[0].band.y, box.y);
    assert.equal(bands[1].band.y, box.y + bands[0].band.height);
    const nameLine = Number(child(host, 'text', 'host-name').attribs.y);
    assert.ok(nameLine > bands[1].band.y + bands[1].band.height, `host name at ${nameLine} under the bands`);
  });

  it('draws a network firewall as a labelled boundary around the hosts it protects', () => {
    const dmz = byAttribute(svg, 'data-firewall', 'dmz', 'network');
    assert.deepEqual(classesOf(dmz), ['firewall', 'network']);
    assert.equal(textOf(child(dmz, 'text', 'firewall-label')), 'dmz');
    for (const host of ['sql01', 'nfs01']) assert.ok(contains(boundaryBox(svg, 'dmz'), hostBox(svg, host)), `${host} outside the dmz`);
    for (const host of ['be01', 'admin01']) assert.ok(!contains(boundaryBox(svg, 'dmz'), hostBox(svg, host)), `${host} inside the dmz`);
  });

  it('nests boundaries when one firewall protects all the hosts of another; a host behind two that do not nest says so', () => {
    const map = sampleMap({
      hosts: [{ name: 'be01', role: 'backup-exec-server' }, 'sql01', 'web01', 'x', 'y', 'z'],
      firewalls: [
        { name: 'outer', hosts: ['sql01', 'web01'] },
        { name: 'inner', hosts: ['sql01'] },
        { name: 'fwA', hosts: ['x', 'y'] },
        { name: 'fwB', hosts: ['y', 'z'] },
      ],
      flows: ['sql01', 'web01', 'x', 'y', 'z'].map((to) => ({ from: 'be01', to })),
    });
    const nested = parseSvg(renderFlowMapSvg(map));
    assert.ok(contains(boundaryBox(nested, 'outer'), boundaryBox(nested, 'inner')), 'inner outside outer');
    for (const [host, firewalls] of Object.entries({ sql01: ['outer', 'inner'], web01: ['outer'], x: ['fwA'], y: ['fwA'], z: ['fwB'] })) {
      for (const firewall of firewalls) assert.ok(contains(boundaryBox(nested, firewall), hostBox(nested, host)), `${host} outside ${firewall}`);
    }
    assert.ok(!contains(boundaryBox(nested, 'inner'), hostBox(nested, 'web01')), 'web01 inside inner');
    assert.equal(textOf(child(byAttribute(nested, 'data-host', 'y', 'host'), 'text', 'also-behind')), 'also behind fwB');
    assert.equal(withClass(nested, 'also-behind').length, 1);
  });

  it('counts on a boundary the flows through its firewall that get through', () => {
    const counted = parseSvg(renderFlowMapSvg({ ...SITE, firewalls: SITE.firewalls.map((f) => (f.name === 'dmz' ? { ...f, allowed: 3, total: 4 } : f)) }));
    assert.equal(textOf(child(byAttribute(counted, 'data-firewall', 'dmz'), 'text', 'firewall-label')), 'dmz · 3/4 allowed');
  });

  it('has a legend that draws every state as the flows are drawn', () => {
    const legend = child(svg, 'g', 'legend');
    for (const state of FLOW_STATES) {
      const [item] = withClass(legend, 'legend-item', `state-${state}`);
      const [flow] = withClass(svg, 'flow', `state-${state}`);
      for (const attribute of ['stroke-dasharray', 'marker-end', 'stroke']) assert.equal(child(item, 'path').attribs[attribute], child(flow, 'path').attribs[attribute], `${state} ${attribute}`);
      assert.equal(textOf(child(item, 'tspan', 'glyph')), textOf(child(flow, 'tspan', 'glyph')));
    }
    assert.deepEqual(withClass(legend, 'legend-label').map(textOf), ['✓ allowed', '◐ partly allowed', '✕ blocked', '? unknown', 'network firewall', 'host firewall']);
  });
});

describe('the flow map SVG, edge cases', () => {
  it('escapes what users write: names with < & " and quotes come back as written', () => {
    const name = 'a<b&"c\'';
    const map = sampleMap({
      hosts: [{ name: 'be01', role: 'backup-exec-server' }, name],
      firewalls: [{ name: 'f<w>&', hosts: [name] }],
      flows: [{ from: 'be01', to: name, service: 'S&P <"x">', through: ['f<w>&'] }],
    });
    const svg = parseSvg(renderFlowMapSvg(map));
    const host = byAttribute(svg, 'data-host', name, 'host');
    assert.equal(textOf(child(host, 'text', 'host-name')), name);
    assert.equal(textOf(child(byAttribute(svg, 'data-firewall', 'f<w>&'), 'text', 'firewall-label')), 'f<w>&');
    const flow = byAttribute(svg, 'data-flow', `s-p-x-:be01>${name}`);
    assert.equal(flow.attribs['aria-label'], `S&P <"x"> be01 → ${name} TCP 10000: allowed`);
    assert.equal(textOf(child(flow, 'text', 'flow-label')), `✓ be01 → ${name}: S&P <"x"> TCP 10000`);
  });

  it('names the manifest and the files of diagnostics as their owners wrote them, not percent-encoded', () => {
    const map = { ...SITE, manifestUri: 'file:///site/%E6%9D%B1%E4%BA%AC%20site.bexnet.yaml' };
    assert.match(titleOf(parseSvg(renderFlowMapSvg(map))), /^Flow map of 東京 site\.bexnet\.yaml: /);
  });

  it('stays well-formed XML when a name holds characters XML cannot carry', () => {
    const svg = parseSvg(renderFlowMapSvg(sampleMap({ hosts: ['bad\u0001name\uD800'], flows: [] })));
    assert.equal(textOf(child(byAttribute(svg, 'data-host', 'bad\uFFFDname\uFFFD'), 'text', 'host-name')), 'bad\uFFFDname\uFFFD');
  });

  it('draws any map, however odd (unknown or repeated hosts, self flows, empty firewalls), as well-formed XML with no NaN', () => {
    const name = fc.constantFrom('a', 'b', 'c', '__proto__', 'x<y', 'be01');
    const role = fc.constantFrom('backup-exec-server', 'remote-computer', 'remote-administration-console', 'm365-endpoints', 'not a role');
    const firewall = fc.record({ name: fc.constantFrom('f1', 'f2', 'h1'), kind: fc.constantFrom('network' as const, 'host' as const), hosts: fc.array(name, { maxLength: 4 }) });
    const flow = fc.record({ from: name, to: name, state: fc.constantFrom(...FLOW_STATES), service: fc.constantFrom('S1', 'S2') });
    fc.assert(
      fc.property(fc.array(fc.record({ name, role }), { maxLength: 6 }), fc.array(firewall, { maxLength: 4 }), fc.array(flow, { maxLength: 10 }), (hosts, firewalls, flows) => {
        const svg = renderFlowMapSvg(sampleMap({ hosts, firewalls, flows }), { highlightFirewall: 'f1' });
        parseSvg(svg);
        assert.doesNotMatch(svg, /NaN|undefined|Infinity/);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same string for the same map, however often and from whichever copy', () => {
    const first = renderFlowMapSvg(SITE);
    assert.equal(renderFlowMapSvg(SITE), first);
    assert.equal(renderFlowMapSvg(JSON.parse(JSON.stringify(SITE)) as FlowMap), first);
  });

  it('says so in a small image when the manifest has no hosts, or was not read', () => {
    const empty = parseSvg(renderFlowMapSvg(sampleMap({ hosts: [] })));
    assert.equal(textOf(child(empty, 'text', 'empty')), 'The manifest names no hosts: there is no map to draw.');
    assert.equal(withClass(empty, 'flow').length, 0);
    assert.ok(Number(empty.attribs.height) < 100);
    const unread = parseSvg(renderFlowMapSvg({ ...sampleMap({ hosts: [] }), manifestUri: '' }));
    assert.equal(titleOf(unread), 'Flow map: No manifest was read: there is no map to draw.');
  });

  it('notes when the map shows only the first flows of a larger site', () => {
    const map = sampleMap({ hosts: ['a', 'b'], flows: [{ from: 'a', to: 'b' }], truncated: { flows: 6120, limit: 5000 } });
    const svg = parseSvg(renderFlowMapSvg(map));
    const [note] = withClass(svg, 'note', 'truncated');
    assert.equal(textOf(note), 'The site has 6120 required flows: the map shows the first 5000.');
    assert.ok(Number(note.attribs.y) < Number(svg.attribs.height), 'the note is inside the image');
    assert.equal(titleOf(svg), 'Flow map of site.bexnet.yaml: the first 5000 of 6120 required flows, 1 allowed');
    assert.equal(withClass(parseSvg(renderFlowMapSvg(sampleMap({ hosts: ['a'] }))), 'truncated').length, 0);
  });

  it('emphasises a highlighted firewall and marks the flows that cross it', () => {
    const svg = parseSvg(renderFlowMapSvg(SITE, { highlightFirewall: 'dmz' }));
    assert.deepEqual(classesOf(svg), ['befw-flow-map', 'has-highlight']);
    const dmz = byAttribute(svg, 'data-firewall', 'dmz');
    assert.deepEqual(classesOf(dmz), ['firewall', 'network', 'highlighted']);
    assert.equal(child(dmz, 'rect', 'boundary').attribs['stroke-width'], '4');
    assert.deepEqual(
      withClass(svg, 'flow', 'crosses-highlighted').map((g) => g.attribs['data-flow']),
      SITE.flows.filter((flow) => flow.crossings.some((c) => c.firewall === 'dmz')).map((flow) => flow.id),
    );
    const plain = parseSvg(renderFlowMapSvg(SITE));
    assert.equal(child(byAttribute(plain, 'data-firewall', 'dmz'), 'rect', 'boundary').attribs['stroke-width'], '1.5');
    assert.equal(withClass(plain, 'highlighted').length + withClass(plain, 'crosses-highlighted').length, 0);

    const host = parseSvg(renderFlowMapSvg(SITE, { highlightFirewall: 'be01-host' }));
    assert.deepEqual(classesOf(byAttribute(host, 'data-firewall', 'be01-host')), ['firewall', 'host-firewall', 'highlighted']);
    assert.equal(withClass(host, 'flow', 'crosses-highlighted').length, 5);
    assert.deepEqual(classesOf(parseSvg(renderFlowMapSvg(SITE, { highlightFirewall: 'nowhere' }))), ['befw-flow-map']);
  });

  it('styles every colour through a --befw-* variable with a fallback', () => {
    for (const name of ['allowed', 'partial', 'blocked', 'unknown', 'fg', 'bg', 'muted', 'boundary']) assert.match(FLOW_MAP_CSS, new RegExp(`var\\(--befw-${name}, #[0-9a-f]{6}\\)`), name);
  });
});

describe('the flow map SVG of examples/site', () => {
  it('draws every required flow of the example once, in its state', async () => {
    const folder = join(sourceFolder(__dirname), '..', '..', 'examples', 'site');
    const { service, report } = await checkFiles(await loadFiles(folder, ['site.bexnet.yaml', 'be01.fwrules.yaml', 'dmz.fwrules.yaml']), 'site.bexnet.yaml');
    const map = buildFlowMap(report, service.catalog);
    const svg = parseSvg(renderFlowMapSvg(map));
    assert.deepEqual(
      withClass(svg, 'flow').map((g) => `${g.attribs['data-flow']} ${g.attribs.class}`),
      map.flows.map((flow) => `${flow.id} flow state-${flow.state}`),
    );
    assert.deepEqual(
      withClass(svg, 'host').map((g) => g.attribs['data-host']),
      ['be01', 'sql01', 'admin01', 'm365'],
    );
  });
});
