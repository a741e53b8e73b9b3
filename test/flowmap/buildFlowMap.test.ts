import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildFlowMap, FLOW_MAP_LIMIT } from '../../server/src/engine/flowmap/buildFlowMap';
import type { FlowMap, FlowMapFlow } from '../../server/src/engine/flowmap/types';
import { checkFiles, loadFiles, sourceFolder, uriOf, type FileSet } from '../support/engine';

const EXAMPLE = join(sourceFolder(__dirname), '..', '..', 'examples', 'site');
const SITE_FILES = ['site.bexnet.yaml', 'be01.fwrules.yaml', 'dmz.fwrules.yaml'];

async function mapOf(files: FileSet, settings?: Parameters<typeof checkFiles>[2]): Promise<FlowMap> {
  const { service, report } = await checkFiles(files, 'site.bexnet.yaml', settings);
  return buildFlowMap(report, service.catalog);
}

function flow(map: FlowMap, id: string): FlowMapFlow {
  const found = map.flows.find((f) => f.id === id);
  assert.ok(found, `no flow ${id} in ${map.flows.map((f) => f.id).join(', ')}`);
  return found;
}

/** "dmz.fwrules.yaml:11:12" of a location, 1-based as an editor shows it. */
const at = (place: { uri: string; range: { start: { line: number; character: number } } }) =>
  `${place.uri.slice(place.uri.lastIndexOf('/') + 1)}:${place.range.start.line + 1}:${place.range.start.character + 1}`;

describe('buildFlowMap on examples/site', () => {
  it('gives every required flow its state, its crossings in the order it meets them, and what a click opens', async () => {
    const map = await mapOf(await loadFiles(EXAMPLE, SITE_FILES));
    const seen = map.flows.map((f) => `${f.id} ${f.state} ${f.crossings.map((c) => `${c.firewall}/${c.direction}/${c.state}`).join(',')} ${f.reveal.kind} ${at(f.reveal.place)}`);
    assert.deepEqual(seen, [
      'remote-agent-control:be01>sql01 allowed be01-host/outbound/allowed,dmz/inbound/allowed rule dmz.fwrules.yaml:6:5',
      'remote-agent-data:be01>sql01 partial be01-host/outbound/allowed,dmz/inbound/partial finding dmz.fwrules.yaml:11:12',
      'server-dynamic-range:sql01>be01 allowed dmz/outbound/allowed,be01-host/inbound/allowed rule be01.fwrules.yaml:20:5',
      'agent-browser:sql01>be01 allowed dmz/outbound/allowed,be01-host/inbound/allowed rule be01.fwrules.yaml:6:5',
      'job-engine-oracle:sql01>be01 blocked dmz/outbound/allowed,be01-host/inbound/blocked finding be01.fwrules.yaml:5:1',
      'dedup-engine:sql01>be01 allowed dmz/outbound/allowed,be01-host/inbound/allowed rule be01.fwrules.yaml:13:5',
      'dedup-manager:sql01>be01 allowed dmz/outbound/allowed,be01-host/inbound/allowed rule be01.fwrules.yaml:13:5',
      'm365:be01>m365 allowed be01-host/outbound/allowed manifest site.bexnet.yaml:14:13',
      'remote-admin-console:admin01>be01 allowed be01-host/inbound/allowed rule be01.fwrules.yaml:27:5',
    ]);
  });

  it('links a failing crossing to the diagnostic that reports it, and an allowed one to its rules', async () => {
    const map = await mapOf(await loadFiles(EXAMPLE, SITE_FILES));
    const data = flow(map, 'remote-agent-data:be01>sql01');
    const dmz = data.crossings.find((c) => c.firewall === 'dmz')!;
    assert.equal(dmz.status, 'partly blocked: some ports are not allowed');
    assert.equal(dmz.finding?.code, 'BEX101');
    assert.equal(dmz.finding?.severity, 'error');
    assert.match(dmz.finding!.message, /^Remote Agent data connections \(TCP 50100-50149\) from be01/);
    assert.deepEqual(dmz.allowedBy.map((r) => `${r.name} ${at(r.place)}`), ['BE control and data to sql01 dmz.fwrules.yaml:6:5']);
    assert.equal(data.ports, 'TCP 50100-50149');
    assert.equal(data.service, 'Remote Agent data connections');
    const m365 = flow(map, 'm365:be01>m365').crossings[0];
    assert.equal(m365.status, 'allowed by the outbound default');
    assert.equal(flow(map, 'agent-browser:sql01>be01').crossings[1].status, 'allowed');
  });

  it('places hosts and firewalls, with the flows each firewall lets through', async () => {
    const map = await mapOf(await loadFiles(EXAMPLE, SITE_FILES));
    assert.deepEqual(
      map.hosts.map((h) => `${h.name} ${h.role} ${h.roleName} ${h.hostFirewalls.join(',') || '-'} [${h.behind.join(',')}] ${at(h.place)}`),
      [
        'be01 backup-exec-server Backup Exec server be01-host [] site.bexnet.yaml:11:13',
        'sql01 remote-computer Remote computer - [dmz] site.bexnet.yaml:12:13',
        'admin01 remote-administration-console Remote Administration Console - [] site.bexnet.yaml:13:13',
        'm365 m365-endpoints Microsoft 365 endpoints - [] site.bexnet.yaml:14:13',
      ],
    );
    assert.deepEqual(
      map.firewalls.map((f) => `${f.name} ${f.kind} ${f.hosts.join(',')} ${f.allowed}/${f.total} ${f.ruleFiles.map((r) => r.path).join(',')}`),
      ['dmz network sql01 6/7 dmz.fwrules.yaml', 'be01-host host be01 8/9 be01.fwrules.yaml'],
    );
  });

  it('cites the catalog sources of every flow', async () => {
    const map = await mapOf(await loadFiles(EXAMPLE, SITE_FILES));
    for (const f of map.flows) assert.ok(f.sources.length > 0, `${f.id} has no source`);
    const control = flow(map, 'remote-agent-control:be01>sql01');
    assert.ok(control.sources.some((s) => s.id === 'KB100017208' && s.title.length > 0), JSON.stringify(control.sources));
  });

  it('lists every diagnostic of the report as a finding, the manifest first', async () => {
    const { service, report } = await checkFiles(await loadFiles(EXAMPLE, SITE_FILES), 'site.bexnet.yaml');
    const map = buildFlowMap(report, service.catalog);
    const expected = [...report.diagnostics].flatMap(([uri, list]) => list.map((d) => `${uri} ${d.code} ${d.range.start.line}`));
    assert.deepEqual(map.findings.map((f) => `${f.place.uri} ${f.code} ${f.place.range.start.line}`), expected);
    assert.equal(map.findings[0].place.uri, uriOf('site.bexnet.yaml'));
    assert.ok(map.findings.length >= 5);
  });
});

describe('buildFlowMap states', () => {
  it('marks the flows crossing a firewall whose rule file is missing unknown, and a click opens the file entry', async () => {
    const files = await loadFiles(EXAMPLE, SITE_FILES);
    delete files['dmz.fwrules.yaml'];
    const map = await mapOf(files);
    const control = flow(map, 'remote-agent-control:be01>sql01');
    assert.equal(control.state, 'unknown');
    assert.deepEqual(control.crossings.map((c) => `${c.firewall} ${c.state} ${c.status}`), [
      'be01-host allowed allowed by the outbound default',
      'dmz unknown not checked: rule file dmz.fwrules.yaml is missing',
    ]);
    assert.equal(control.reveal.kind, 'manifest');
    assert.equal(at(control.reveal.place), 'site.bexnet.yaml:16:25');
    // Blocked at a read firewall outranks unknown at an unread one.
    assert.equal(flow(map, 'job-engine-oracle:sql01>be01').state, 'blocked');
    const dmz = map.firewalls.find((f) => f.name === 'dmz')!;
    assert.deepEqual([dmz.allowed, dmz.total, dmz.ruleFiles[0].failure], [0, 7, 'missing']);
  });

  it('opens the firewall entry for a blocked flow whose diagnostic is turned off', async () => {
    const map = await mapOf(await loadFiles(EXAMPLE, SITE_FILES), { severities: { BEX100: 'off' } });
    const oracle = flow(map, 'job-engine-oracle:sql01>be01');
    assert.equal(oracle.state, 'blocked');
    assert.equal(oracle.crossings[1].finding, undefined);
    assert.deepEqual([oracle.reveal.kind, at(oracle.reveal.place)], ['manifest', 'site.bexnet.yaml:17:13']);
  });

  it('shows a flow no firewall stands in the way of as allowed, with no crossing, opening its destination', async () => {
    const files = await loadFiles(EXAMPLE, SITE_FILES);
    files['site.bexnet.yaml'] = files['site.bexnet.yaml'].replace(/\nfirewalls:[\s\S]*$/, '\nfirewalls: []\n');
    const map = await mapOf(files);
    const control = flow(map, 'remote-agent-control:be01>sql01');
    assert.deepEqual([control.state, control.crossings.length, control.reveal.kind, at(control.reveal.place)], ['allowed', 0, 'manifest', 'site.bexnet.yaml:12:13']);
    assert.ok(map.flows.every((f) => f.state === 'allowed'));
  });

  it('keeps the first FLOW_MAP_LIMIT flows of a larger site and says how many there are', async () => {
    const agents = 1100;
    const hosts = Array.from({ length: agents }, (_, i) => `  - { name: rc${i}, role: remote-computer, address: 10.1.${i >> 8}.${(i & 255) + 1}, features: [client-side-deduplication, oracle] }`);
    const manifest = `version: 1\nhosts:\n  - { name: be01, role: backup-exec-server, address: 10.0.1.10, features: [deduplication-storage] }\n${hosts.join('\n')}\nfirewalls: []\n`;
    const map = await mapOf({ 'site.bexnet.yaml': manifest });
    assert.ok(map.truncated, 'not truncated');
    assert.equal(map.flows.length, FLOW_MAP_LIMIT);
    assert.ok(map.truncated.flows > FLOW_MAP_LIMIT && map.truncated.flows % agents === 0, String(map.truncated.flows));
    assert.equal(map.truncated.limit, FLOW_MAP_LIMIT);
  });

  it('gives each flow of two hosts with one name (BEX016) its own id and place', async () => {
    const files = await loadFiles(EXAMPLE, SITE_FILES);
    files['site.bexnet.yaml'] = files['site.bexnet.yaml'].replace('  - { name: admin01', '  - { name: sql01, role: remote-computer, address: 10.0.2.21 }\n  - { name: admin01');
    const map = await mapOf(files);
    const control = map.flows.filter((f) => f.serviceId === 'remote-agent-control');
    assert.deepEqual(control.map((f) => f.id), ['remote-agent-control:be01>sql01#2', 'remote-agent-control:be01>sql01#3']);
    assert.equal(new Set(map.flows.map((f) => f.id)).size, map.flows.length);
  });

  it('gives an empty map, not an error, for a manifest that is not YAML', async () => {
    const map = await mapOf({ 'site.bexnet.yaml': 'hosts: [\n' });
    assert.deepEqual([map.hosts.length, map.flows.length, map.firewalls.length], [0, 0, 0]);
    assert.ok(map.findings.some((f) => f.code === 'BEX001'));
  });
});
