import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layoutFlowMap, type Box, type FlowMapLayout } from '../../server/src/engine';
import { FONT, textWidth } from '../../server/src/engine/flowmap/textSize';
import { contains, describeBox, onOutline, overlaps } from './geometry';
import { sampleMap, syntheticMap } from './sampleMaps';

/**
 * Issue 18, point 3: the map's layout as geometry. Hosts never overlap, sit
 * inside the boundary of every firewall whose boundary holds them and inside
 * their role group; servers are on the left; each pair of hosts has one route
 * and each flow its own lane and label line. Timing is the bench's business.
 */
const boxOf = (layout: FlowMapLayout, host: string) => layout.hosts.find((h) => h.host.name === host)!.box;
const boundaryOf = (layout: FlowMapLayout, firewall: string) => layout.boundaries.find((b) => b.firewall === firewall)!.box;

function assertNoOverlap(boxes: readonly { name: string; box: Box }[], what: string): void {
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      assert.ok(!overlaps(boxes[i].box, boxes[j].box), `${what} ${boxes[i].name} ${describeBox(boxes[i].box)} and ${boxes[j].name} ${describeBox(boxes[j].box)} overlap`);
    }
  }
}

/** Every host inside the boundaries that hold it (those it is behind but not "also behind") and inside its role group there, if any. */
function assertHostsInTheirClusters(layout: FlowMapLayout): void {
  for (const { host, box, text } of layout.hosts) {
    const drawnOutside = text.alsoBehind?.replace('also behind ', '').split(', ') ?? [];
    const holders = host.behind.filter((name) => !drawnOutside.includes(name));
    for (const firewall of holders) {
      assert.ok(contains(boundaryOf(layout, firewall), box), `${host.name} ${describeBox(box)} outside ${firewall} ${describeBox(boundaryOf(layout, firewall))}`);
    }
    const innermost = holders.reduce<string | undefined>((inner, name) => (inner === undefined || contains(boundaryOf(layout, inner), boundaryOf(layout, name)) ? name : inner), undefined);
    const group = layout.roleGroups.find((g) => g.role === host.role && g.region === innermost);
    if (group) assert.ok(contains(group.box, box), `${host.name} outside its role group ${group.role}`);
  }
}

describe('layoutFlowMap', () => {
  const site = sampleMap({
    hosts: [{ name: 'be01', role: 'backup-exec-server' }, 'sql01', 'web01', { name: 'admin01', role: 'remote-administration-console' }, 'x', 'y', 'z'],
    firewalls: [
      { name: 'outer', hosts: ['sql01', 'web01', 'admin01'] },
      { name: 'inner', hosts: ['sql01'] },
      { name: 'fwA', hosts: ['x', 'y'] },
      { name: 'fwB', hosts: ['y', 'z'] },
      { name: 'be01-host', kind: 'host', hosts: ['be01'] },
    ],
    flows: [
      // Agents connecting to the server and the server to them: the server ends up on the left all the same.
      ...['sql01', 'web01', 'x', 'y', 'z'].flatMap((rc) => [
        { from: rc, to: 'be01', service: 'Agent Browser', ports: 'TCP 6101' },
        { from: 'be01', to: rc },
      ]),
      { from: 'admin01', to: 'be01', service: 'Remote Administration Console', ports: '"Remote Service Management (RPC-EPMAP)"' },
    ],
  });
  const layout = layoutFlowMap(site);

  it('places every host once, none overlapping another', () => {
    assert.deepEqual(layout.hosts.map((h) => h.host.name), ['be01', 'sql01', 'web01', 'admin01', 'x', 'y', 'z']);
    assertNoOverlap(layout.hosts.map((h) => ({ name: h.host.name, box: h.box })), 'hosts');
  });

  it('puts each host inside the boundaries of the firewalls that hold it, nested, and in its role group', () => {
    assert.ok(contains(boundaryOf(layout, 'outer'), boundaryOf(layout, 'inner')));
    assert.deepEqual(layout.boundaries.map((b) => b.firewall), ['outer', 'fwA', 'fwB', 'inner'], 'outer boundaries first (drawn under the inner ones)');
    for (const host of ['sql01', 'web01', 'admin01']) assert.ok(contains(boundaryOf(layout, 'outer'), boxOf(layout, host)), `${host} outside outer`);
    assert.ok(contains(boundaryOf(layout, 'inner'), boxOf(layout, 'sql01')));
    assert.ok(!contains(boundaryOf(layout, 'inner'), boxOf(layout, 'web01')));
    // y is behind fwA and fwB, which do not nest: it sits in the first and names the other.
    assert.ok(contains(boundaryOf(layout, 'fwA'), boxOf(layout, 'y')));
    assert.ok(!contains(boundaryOf(layout, 'fwB'), boxOf(layout, 'y')));
    assert.equal(layout.hosts.find((h) => h.host.name === 'y')!.text.alsoBehind, 'also behind fwB');
    assertHostsInTheirClusters(layout);
  });

  it('nests firewalls that protect the same hosts in manifest order, the later inside the earlier', () => {
    const same = sampleMap({
      hosts: [{ name: 'be01', role: 'backup-exec-server' }, 'a', 'b'],
      firewalls: [
        { name: 'first', hosts: ['a', 'b'] },
        { name: 'second', hosts: ['b', 'a'] },
        { name: 'third', hosts: ['a', 'b'] },
      ],
      flows: [{ from: 'be01', to: 'a' }, { from: 'be01', to: 'b' }],
    });
    const laid = layoutFlowMap(same);
    assert.deepEqual(laid.boundaries.map((b) => b.firewall), ['first', 'second', 'third']);
    assert.ok(contains(boundaryOf(laid, 'first'), boundaryOf(laid, 'second')));
    assert.ok(contains(boundaryOf(laid, 'second'), boundaryOf(laid, 'third')));
    assert.ok(!contains(boundaryOf(laid, 'second'), boundaryOf(laid, 'first')));
    assert.deepEqual(laid.hosts.map((h) => h.text.alsoBehind), [undefined, undefined, undefined]);
    assertHostsInTheirClusters(laid);
  });

  it('groups a region\'s hosts by role when it holds several roles', () => {
    assert.deepEqual(
      layout.roleGroups.map((g) => `${g.region ?? '(top)'} ${g.role}`),
      ['outer remote-administration-console', 'outer remote-computer'],
    );
    assert.ok(contains(layout.roleGroups[0].box, boxOf(layout, 'admin01')));
    assert.ok(contains(layout.roleGroups[1].box, boxOf(layout, 'web01')));
    assert.ok(!overlaps(layout.roleGroups[0].box, layout.roleGroups[1].box));
  });

  it('puts the Backup Exec server on the left of every host it exchanges flows with', () => {
    const server = boxOf(layout, 'be01');
    for (const { host, box } of layout.hosts.filter((h) => h.host.name !== 'be01')) assert.ok(server.x + server.width < box.x, `${host.name} ${describeBox(box)} not right of be01 ${describeBox(server)}`);
  });

  it('routes each pair of hosts once, server side first, and gives each of its flows a lane of its own', () => {
    assert.deepEqual(
      layout.routes.map((r) => `${r.from}-${r.to}`),
      ['be01-sql01', 'be01-web01', 'be01-x', 'be01-y', 'be01-z', 'be01-admin01'],
    );
    assert.equal(layout.flows.length, site.flows.length);
    for (const [index, route] of layout.routes.entries()) {
      const lanes = layout.flows.filter((f) => f.route === index);
      assert.equal(new Set(lanes.map((f) => f.offset)).size, lanes.length, `${route.from}-${route.to}: two flows share a lane`);
      assert.equal(lanes.reduce((sum, f) => sum + f.offset, 0), 0, 'lanes centred on the route');
    }
  });

  it("runs each flow's points from its own connecting host to the other, on their boxes' outlines", () => {
    for (const { flow, points } of layout.flows) {
      assert.ok(onOutline(points[0], boxOf(layout, flow.from)), `${flow.id} does not start on ${flow.from}`);
      assert.ok(onOutline(points[points.length - 1], boxOf(layout, flow.to)), `${flow.id} does not end on ${flow.to}`);
    }
  });

  it("stacks a pair's labels without overlap, clear of the hosts, inside the picture", () => {
    const labels = layout.flows.map((f) => ({ name: f.flow.id, box: f.label }));
    assertNoOverlap(labels, 'labels');
    const picture = { x: 0, y: 0, width: layout.width, height: layout.height };
    for (const label of labels) {
      assert.ok(contains(picture, label.box), `${label.name} outside the picture`);
      for (const host of layout.hosts) assert.ok(!overlaps(label.box, host.box), `${label.name} over ${host.host.name}`);
    }
  });

  it('lays out a site of 200 hosts and 10 firewalls: every host once, no overlap, each in its boundaries', () => {
    const map = syntheticMap(200, 8);
    const big = layoutFlowMap(map);
    assert.equal(big.hosts.length, 200);
    assert.equal(big.boundaries.length, 8);
    assert.equal(big.flows.length, map.flows.length);
    assertNoOverlap(big.hosts.map((h) => ({ name: h.host.name, box: h.box })), 'hosts');
    assertHostsInTheirClusters(big);
  });

  it('takes odd maps without throwing: unknown hosts, duplicates, an empty firewall, a host\'s flow to itself', () => {
    const odd = sampleMap({
      hosts: ['a', 'a', 'b'],
      firewalls: [{ name: 'empty', hosts: [] }, { name: 'ghost', hosts: ['nobody'] }],
      flows: [{ from: 'a', to: 'nobody' }, { from: 'a', to: 'a' }, { from: 'a', to: 'b' }],
    });
    const laid = layoutFlowMap(odd);
    assert.deepEqual(laid.hosts.map((h) => h.host.name), ['a', 'b']);
    assert.deepEqual(laid.flows.map((f) => f.flow.id), ['remote-agent-control-connection-ndmp-:a>a', 'remote-agent-control-connection-ndmp-:a>b']);
    for (const boundary of laid.boundaries) assert.ok(boundary.box.width > 0 && boundary.box.height > 0 && Number.isFinite(boundary.box.x), `${boundary.firewall} has no size`);
    assert.ok(Number.isFinite(laid.width) && Number.isFinite(laid.height));
  });
});

describe('text sizes without a DOM', () => {
  it('counts Chinese, Japanese and Korean characters a full em wide, Latin ones 0.6 em', () => {
    assert.equal(textWidth('be01', 10), 24);
    assert.equal(textWidth('東京バックアップ', 10), 80);
    assert.equal(textWidth('서울-백업', 10), 46);
    assert.equal(textWidth('ｂｅ０１', 10), 40);
  });

  it('gives a host whose firewall is named in Japanese a box the name fits in, and a boundary its label fits on', () => {
    // Host names are ASCII (the manifest's schema); firewall names are free text.
    const band = '東京バックアップサーバーのファイアウォール';
    const boundary = '大阪拠点ネットワークファイアウォール';
    const layout = layoutFlowMap(sampleMap({
      hosts: [{ name: 'be01', role: 'backup-exec-server' }, 'fs01'],
      firewalls: [{ name: band, kind: 'host', hosts: ['be01'] }, { name: boundary, hosts: ['fs01'] }],
      flows: [{ from: 'be01', to: 'fs01' }],
    }));
    assert.ok(boxOf(layout, 'be01').width >= band.length * FONT.detail, describeBox(boxOf(layout, 'be01')));
    assert.ok(boundaryOf(layout, boundary).width >= boundary.length * FONT.group, describeBox(boundaryOf(layout, boundary)));
    assertNoOverlap(layout.hosts.map((h) => ({ name: h.host.name, box: h.box })), 'hosts');
  });
});
