import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Diagnostic, DocumentSymbol } from 'vscode-languageserver-types';
import { FLOW_MAP_REQUEST, type FlowMapDto, type FlowMapResult } from '../../server/src/lsp/protocol';
import { EXAMPLES, LspSession, withSession } from '../support/lspSession';

/**
 * Issue 18, the map in the editor: befw/flowMap over stdio on examples/site.
 * What the page draws and what a click on it opens come from this answer.
 */
const SITE = join(EXAMPLES, 'site');
const read = (name: string) => readFileSync(join(SITE, name), 'utf8');

/** The site's nine required flows and their states, from its rule files (see buildFlowMap's test for the crossings). */
const FLOWS = [
  'remote-agent-control:be01>sql01 allowed',
  'remote-agent-data:be01>sql01 partial',
  'server-dynamic-range:sql01>be01 allowed',
  'agent-browser:sql01>be01 allowed',
  'job-engine-oracle:sql01>be01 blocked',
  'dedup-engine:sql01>be01 allowed',
  'dedup-manager:sql01>be01 allowed',
  'm365:be01>m365 allowed',
  'remote-admin-console:admin01>be01 allowed',
];

/** The SVG's elements that have the attribute, parsed as XML, in document order. */
const withAttribute = (svg: string, name: string) => DomUtils.findAll((element) => element.attribs[name] !== undefined, parseDocument(svg, { xmlMode: true }).children);
const classes = (element: { attribs: Record<string, string> }) => (element.attribs.class ?? '').split(/\s+/);

describe('LSP over stdio: befw/flowMap, the flow map of examples/site', () => {
  let session: LspSession;
  let manifest: string;
  let dmz: string;
  let be01: string;
  let bex100: Diagnostic;
  let bex101: Diagnostic;
  let map: FlowMapDto;
  before(async () => {
    session = await LspSession.start({ workspace: SITE });
    manifest = await session.open('site.bexnet.yaml', read('site.bexnet.yaml'));
    dmz = await session.open('dmz.fwrules.yaml', read('dmz.fwrules.yaml'));
    be01 = await session.open('be01.fwrules.yaml', read('be01.fwrules.yaml'));
    bex100 = (await session.diagnosticsWhen(be01, (d) => d.some((x) => x.code === 'BEX100'))).find((d) => d.code === 'BEX100' && /Agent for Oracle/.test(String(d.message)))!;
    bex101 = (await session.diagnosticsWhen(dmz, (d) => d.some((x) => x.code === 'BEX101'))).find((d) => d.code === 'BEX101')!;
    const result = await session.request<FlowMapResult>(FLOW_MAP_REQUEST, { uri: manifest });
    assert.equal(result.maps.length, 1);
    map = result.maps[0];
  });
  after(() => session.stop());

  const flow = (id: string) => {
    const found = map.flows.find((f) => f.id === id);
    assert.ok(found, `no flow ${id}`);
    return found;
  };

  it('one map of the manifest, one flow per required flow with its state and label, and the counts', () => {
    assert.equal(map.manifestUri, manifest);
    assert.deepEqual(map.flows.map((f) => `${f.id} ${f.state}`), FLOWS);
    assert.deepEqual(map.counts, { allowed: 7, partial: 1, blocked: 1, unknown: 0 });
    assert.equal(map.summary, '9 required flows: 7 allowed, 1 partly allowed, 1 blocked, 0 unknown');
    assert.equal(flow('remote-agent-data:be01>sql01').label, 'Remote Agent data connections be01 → sql01 TCP 50100-50149: partly allowed');
    assert.deepEqual(map.firewalls.map((f) => `${f.name} ${f.location.uri === manifest} ${f.location.range.start.line}`), ['dmz true 15', 'be01-host true 16']);
    assert.deepEqual(map.hosts.map((h) => `${h.name} ${h.location.range.start.line}`), ['be01 10', 'sql01 11', 'admin01 12', 'm365 13']);
  });

  it('a blocked flow reveals the BEX100 that reports it, a partly allowed one its BEX101: the published diagnostics\' exact ranges', () => {
    assert.deepEqual(flow('job-engine-oracle:sql01>be01').reveal, { kind: 'finding', location: { uri: be01, range: bex100.range } });
    assert.deepEqual(flow('remote-agent-data:be01>sql01').reveal, { kind: 'finding', location: { uri: dmz, range: bex101.range } });
  });

  it('an allowed flow reveals the rule that allows it: the rule\'s range in its file', async () => {
    const rules = await session.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: dmz } });
    const allowing = rules.find((rule) => rule.name === 'BE control and data to sql01')!;
    assert.deepEqual(flow('remote-agent-control:be01>sql01').reveal, { kind: 'rule', location: { uri: dmz, range: allowing.range } });
  });

  it('the SVG draws each flow once, as a data-flow group with its state\'s class', () => {
    const drawn = withAttribute(map.svg, 'data-flow');
    assert.deepEqual(
      drawn.map((g) => `${g.name} ${g.attribs['data-flow']} ${classes(g).filter((c) => c.startsWith('state-')).join(' ')}`),
      map.flows.map((f) => `g ${f.id} state-${f.state}`),
    );
    assert.ok(drawn.every((g) => classes(g).includes('flow')));
    assert.deepEqual(withAttribute(map.svg, 'data-firewall').filter((g) => classes(g).includes('highlighted')), []);
  });

  it('the firewall parameter highlights that firewall in the SVG, and only it', async () => {
    const { maps } = await session.request<FlowMapResult>(FLOW_MAP_REQUEST, { uri: manifest, firewall: 'dmz' });
    const highlighted = withAttribute(maps[0].svg, 'data-firewall').filter((g) => classes(g).includes('highlighted'));
    assert.deepEqual(highlighted.map((g) => g.attribs['data-firewall']), ['dmz']);
  });

  it('a rule file\'s URI gives the map of the manifest that references it; no URI gives every manifest\'s', async () => {
    for (const params of [{ uri: dmz }, { uri: be01 }, {}]) {
      const { maps } = await session.request<FlowMapResult>(FLOW_MAP_REQUEST, params);
      assert.deepEqual(maps.map((m) => m.manifestUri), [manifest], JSON.stringify(params));
    }
  });
});

describe('LSP over stdio: befw/flowMap without a manifest to draw', () => {
  it('a workspace with no manifest: no maps, whatever the URI', async () => {
    await withSession(SITE, { prepare: (root) => rmSync(join(root, 'site.bexnet.yaml')) }, async (session) => {
      const dmz = await session.open('dmz.fwrules.yaml', read('dmz.fwrules.yaml'));
      assert.deepEqual(await session.request<FlowMapResult>(FLOW_MAP_REQUEST, {}), { maps: [] });
      assert.deepEqual(await session.request<FlowMapResult>(FLOW_MAP_REQUEST, { uri: dmz }), { maps: [] });
    });
  });

  it('a manifest over befw.maxFileSize: its map says why it was not drawn', async () => {
    await withSession(SITE, { settings: { maxFileSize: 0.0001 } }, async (session) => {
      const manifest = await session.open('site.bexnet.yaml', read('site.bexnet.yaml'));
      const { maps } = await session.request<FlowMapResult>(FLOW_MAP_REQUEST, { uri: manifest });
      assert.equal(maps.length, 1);
      assert.deepEqual({ ...maps[0], skipped: undefined }, { manifestUri: manifest, svg: '', counts: { allowed: 0, partial: 0, blocked: 0, unknown: 0 }, summary: '', flows: [], firewalls: [], hosts: [], skipped: undefined });
      assert.match(maps[0].skipped ?? '', /over the 0\.0 MB limit/);
    });
  });
});
