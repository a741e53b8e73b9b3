import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CatalogError, getDefaultCatalog, loadCatalog } from '../../server/src/engine/catalog/catalog';
import { explain } from '../../server/src/engine/explain';

const catalog = getDefaultCatalog();
const rawCatalog = (): Record<string, unknown> => structuredClone(catalog.data) as unknown as Record<string, unknown>;
// The article sits in shared/knowledge beside the checkout (as on CI), or where BEFW_KNOWLEDGE points;
// without it the quote checks are skipped, saying how to run them.
const knowledgeFolder = process.env.BEFW_KNOWLEDGE ?? join(__dirname, '..', '..', '..', '..', 'shared', 'knowledge');
const articlePath = join(knowledgeFolder, 'veritas-kb-100017208-backup-exec-firewall-ports.txt');
const knowledge = existsSync(articlePath) ? readFileSync(articlePath, 'utf8') : undefined;
const needsArticle = knowledge ? {} : { skip: `KB100017208 text not found at ${articlePath}: put the shared/ folder beside the checkout, or run with BEFW_KNOWLEDGE=/path/to/shared/knowledge` };

describe('catalog integrity', () => {
  it('every service, feature, role, setting and error cites a known source', () => {
    const ids = new Set(catalog.data.sources.map((s) => s.id));
    for (const service of catalog.services) {
      assert.ok(service.sources.length > 0, service.id);
      for (const citation of service.sources) assert.ok(ids.has(citation.id), `${service.id} cites ${citation.id}`);
    }
    for (const item of [...catalog.data.features, ...catalog.data.roles]) assert.ok(item.sources.every((id) => ids.has(id)), item.id);
    for (const error of catalog.data.errors) assert.ok(error.sources.every((id) => ids.has(id)), error.code);
  });

  it('quotes attributed to KB100017208 appear in the article: citations, claims, the 1024 lines, topics and symptoms', needsArticle, () => {
    const normalize = (text: string) => text.replace(/\s+/g, ' ').replace(/ \| /g, ' ').toLowerCase();
    const article = normalize(knowledge!.replace(/\|\n/g, ' '));
    const { dynamicPorts } = catalog.data.settings;
    type Quoted = { where: string; source?: string; quote?: string };
    const claim = (where: string, c?: { source?: string; quote?: string }): Quoted => ({ where, source: c?.source, quote: c?.quote });
    const quoted: Quoted[] = [
      ...catalog.services.flatMap((s) => [...s.sources.map((c) => ({ where: s.id, source: c.id, quote: c.quote })), ...[s.direction, s.dataFlow, s.whenBlocked].map((c) => claim(s.id, c))]),
      ...[dynamicPorts.minimumOpenPorts, dynamicPorts.portsPerJob, ...catalog.data.topics].map((c) => claim('dynamicPorts or topic', c)),
      ...dynamicPorts.lowerBoundDisagreement.quotes.map((c) => ({ where: 'lowerBoundDisagreement', source: c.id, quote: c.quote })),
      { where: 'symptoms', source: 'KB100017208', quote: catalog.data.symptoms.quote },
    ];
    const fromArticle = quoted.filter((q) => q.source === 'KB100017208' && q.quote);
    assert.ok(fromArticle.length >= 20, `${fromArticle.length} quotes checked`);
    for (const { where, quote } of fromArticle) {
      const words = normalize(quote!)
        .split(/[^a-z0-9-]+/)
        .filter((w) => w.length > 3);
      const missing = words.filter((w) => !article.includes(w));
      assert.deepEqual(missing, [], `${where}: "${quote}"`);
    }
  });

  it('has every port of the article, with its process and direction', () => {
    const expectations: [string, number[], string | null, string, string][] = [
      ['agent-browser', [6101], 'benetns.exe', 'remote-computer', 'backup-exec-server'],
      ['be-server', [3527, 6106], 'beserver.exe', 'undocumented', 'backup-exec-server'],
      ['job-engine-oracle', [5633], 'bengine.exe', 'remote-computer', 'backup-exec-server'],
      ['management-service', [50104], 'BackupExecManagementService.exe', 'undocumented', 'backup-exec-server'],
      ['dedup-engine', [10082], 'spoold.exe', 'remote-computer', 'backup-exec-server'],
      ['dedup-manager', [10102], 'spad.exe', 'remote-computer', 'backup-exec-server'],
      ['m365', [80, 443], null, 'backup-exec-server', 'm365-endpoints'],
    ];
    for (const [id, ports, process, from, to] of expectations) {
      const service = catalog.service(id)!;
      assert.deepEqual('fixed' in service.ports ? service.ports.fixed : undefined, ports, id);
      assert.equal(service.process, process, id);
      assert.equal(service.from, from, id);
      assert.equal(service.to, to, id);
      for (const port of ports) assert.ok(!knowledge || knowledge.includes(String(port)), `${port} is in the article`);
    }
    assert.equal(catalog.defaultNdmpPort, 10000);
    assert.deepEqual(catalog.service('remote-agent-control')!.ports, { setting: 'ndmpPort' });
    assert.deepEqual(catalog.service('device-media')!.ports, { none: true });
    assert.deepEqual(catalog.dynamicPorts.range, { from: 1025, to: 65535 });
    assert.equal(catalog.dynamicPorts.minimumOpenPorts.count, 25);
    assert.equal(catalog.dynamicPorts.portsPerJob.count, 2);
  });

  it('states the sources\' disagreements instead of hiding them', () => {
    const notes = [...(catalog.dynamicPorts.notes ?? []), ...catalog.services.flatMap((s) => s.notes ?? [])].join('\n');
    assert.match(notes, /1024/);
    assert.match(notes, /49152/);
    assert.match(notes, /ADMIN20/);
  });

  it('names the Remote Administration Console rules and the error codes of the article', () => {
    assert.deepEqual(catalog.service('remote-admin-console')!.ports, {
      windowsRules: ['Remote Service Management (RPC-EPMAP)', 'Windows Management Instrumentation (WMI-In)'],
    });
    for (const code of ['0xE0000F02', '0xE0000F25', 'V-370-59792-00041', 'V-79-57344-3842', 'V-79-57344-3877']) {
      assert.ok(catalog.errorCode(code), code);
      assert.ok(!knowledge || knowledge.toLowerCase().includes(code.toLowerCase()), `${code} is in the article`);
    }
  });
});

describe('catalog validation at load', () => {
  it('rejects a service without sources', () => {
    const data = rawCatalog() as { services: { sources: unknown[] }[] };
    data.services[0].sources = [];
    assert.throws(() => loadCatalog(data), CatalogError);
  });

  it('rejects a citation of an unknown source', () => {
    const data = rawCatalog() as { services: { sources: { id: string }[] }[] };
    data.services[0].sources = [{ id: 'NOWHERE' }];
    assert.throws(() => loadCatalog(data), /cites unknown source NOWHERE/);
  });

  it('rejects a claim citing an unknown source, and a stated claim without one', () => {
    const unknown = rawCatalog() as { services: { id: string; direction?: { source?: string } }[] };
    unknown.services.find((s) => s.id === 'agent-browser')!.direction!.source = 'NOWHERE';
    assert.throws(() => loadCatalog(unknown), /agent-browser cites unknown source NOWHERE/);
    const unsourced = rawCatalog() as { services: { id: string; direction?: { source?: string } }[] };
    delete unsourced.services.find((s) => s.id === 'agent-browser')!.direction!.source;
    assert.throws(() => loadCatalog(unsourced), CatalogError);
  });

  it('rejects an undocumented peer whose direction is called stated, and a service with a protocol but no direction', () => {
    const peer = rawCatalog() as { services: { id: string; from: string }[] };
    peer.services.find((s) => s.id === 'agent-browser')!.from = 'undocumented';
    assert.throws(() => loadCatalog(peer), /agent-browser: an undocumented peer and an undocumented direction go together/);
    const silent = rawCatalog() as { services: { id: string; direction?: unknown }[] };
    delete silent.services.find((s) => s.id === 'm365')!.direction;
    assert.throws(() => loadCatalog(silent), CatalogError);
  });

  it('rejects a port outside 1-65535', () => {
    const data = rawCatalog() as { services: { id: string; ports: unknown }[] };
    data.services.find((s) => s.id === 'agent-browser')!.ports = { fixed: [70000] };
    assert.throws(() => loadCatalog(data), CatalogError);
  });
});

describe('explain', () => {
  it('explains a port with its service, direction and source', () => {
    const text = explain(catalog, '10000')!.markdown;
    assert.match(text, /Remote Agent control connection/);
    assert.match(text, /beremote\.exe/);
    assert.match(text, /Backup Exec server → Remote computer/);
    assert.match(text, /KB100017208/);
  });

  it('explains an error code with the flows to look at', () => {
    const text = explain(catalog, '0xe0000f02')!.markdown;
    assert.match(text, /could not connect to the remote computer/);
    assert.match(text, /Remote Agent control connection/);
  });

  it('explains a diagnostic code and says when it knows nothing', () => {
    assert.match(explain(catalog, 'bex101')!.markdown, /only partly/);
    assert.equal(explain(catalog, '22'), undefined);
    assert.match(explain(catalog, '50000')!.markdown, /dynamic \(private\) port range 1025-65535/);
  });
});
