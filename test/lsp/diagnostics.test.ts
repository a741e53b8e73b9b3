import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXAMPLES, LspSession, brief } from '../support/lspSession';

const SITE = join(EXAMPLES, 'site');
const read = (name: string) => readFileSync(join(SITE, name), 'utf8');

describe('LSP over stdio: diagnostics', () => {
  let session: LspSession;
  before(async () => {
    session = await LspSession.start({ workspace: SITE });
  });
  after(() => session.stop());

  it('initializes with the features an editor needs', () => {
    const { capabilities, serverInfo } = session.initializeResult;
    assert.equal(serverInfo?.name, 'befw-language-server');
    assert.equal(capabilities.textDocumentSync, 2);
    for (const feature of ['hoverProvider', 'completionProvider', 'codeActionProvider', 'documentSymbolProvider', 'definitionProvider', 'referencesProvider', 'codeLensProvider'] as const) {
      assert.ok(capabilities[feature], feature);
    }
    assert.equal(capabilities.diagnosticProvider, undefined, 'push mode for a client without pull support');
  });

  it('publishes the exact diagnostics of the examples, including the rule file that is not open', async () => {
    const manifest = await session.open('site.bexnet.yaml', read('site.bexnet.yaml'));
    const dmz = await session.open('dmz.fwrules.yaml', read('dmz.fwrules.yaml'));
    assert.deepEqual(brief(await session.diagnosticsWhen(manifest, (d) => d.length > 0)), ['15:12-15:15 BEX101', '16:12-16:21 BEX100']);
    assert.deepEqual(brief(await session.diagnosticsWhen(dmz, (d) => d.length > 0)), ['10:11-10:31 BEX101']);
    const be01 = await session.diagnosticsWhen(session.uri('be01.fwrules.yaml'), (d) => d.length > 0);
    assert.deepEqual(brief(be01), ['4:0-4:5 BEX100', '22:11-22:14 BEX203']);
    const [missing] = be01;
    assert.equal(missing.severity, 1);
    assert.equal(missing.source, 'befw');
    assert.match(String(missing.message), /Backup Exec Job Engine \(Agent for Oracle\) \(TCP 5633\) from sql01/);
    assert.match(missing.codeDescription!.href, /docs\/codes\.md#bex100$/);
    assert.equal(missing.relatedInformation?.[0].location.uri, manifest);
    assert.ok((missing.data as { fix?: string }).fix, 'the fix input travels in data');
  });

  it('re-checks the rule files when the manifest changes (agent range narrowed to what dmz opens)', async () => {
    const manifest = session.uri('site.bexnet.yaml');
    const dmz = session.uri('dmz.fwrules.yaml');
    await session.change(manifest, session.text(manifest).replace('range: 50100-50149', 'range: 50100-50120'));
    // 21 ports fall short of the documented minimum of 25: BEX011 in the manifest, and the dmz gap closes.
    assert.deepEqual(brief(await session.diagnosticsWhen(dmz, (d) => d.length === 0)), []);
    const list = await session.diagnosticsWhen(manifest, (d) => d.some((x) => x.code === 'BEX011'));
    assert.deepEqual(brief(list), ['7:35-7:46 BEX011', '16:12-16:21 BEX100']);
  });

  it('re-checks the manifest when a rule file that is not open changes on disk', async () => {
    const manifest = session.uri('site.bexnet.yaml');
    const be01 = session.uri('be01.fwrules.yaml');
    const path = join(session.root, 'be01.fwrules.yaml');
    const oracleRule = ['  - name: Oracle job engine', '    action: allow', '    protocol: tcp', '    from: [sql01]', '    to: [be01]', '    ports: [5633]', ''].join('\n');
    writeFileSync(path, `${readFileSync(path, 'utf8')}\n${oracleRule}`);
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: be01, type: 2 }] });
    await session.diagnosticsWhen(manifest, (d) => !d.some((x) => x.code === 'BEX100'), 'manifest without BEX100');
    assert.deepEqual(brief(await session.diagnosticsWhen(be01, (d) => !d.some((x) => x.code === 'BEX100'))), ['22:11-22:14 BEX203']);
  });

  it('reports the server state and the count of blocked required flows', async () => {
    const status = await session.waitFor('an idle status', () => {
      const last = session.notifications.filter((n) => n.method === 'befw/status').at(-1)?.params as { state: string; blockedFlows: number; requiredFlows: number } | undefined;
      return last?.state === 'idle' ? last : undefined;
    });
    assert.equal(status.blockedFlows, 0);
    assert.ok(status.requiredFlows >= 9, `required flows: ${status.requiredFlows}`);
  });

  it('never crashes on garbage: it answers with a BEX001 diagnostic', async () => {
    const uri = await session.open('broken.bexnet.yaml', 'hosts: [\u0000{{{\n  - : : :\n\t\t"unterminated');
    const list = await session.diagnosticsWhen(uri, (d) => d.length > 0);
    assert.ok(list.every((d) => d.code === 'BEX001'), JSON.stringify(brief(list)));
    const hover = await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
    assert.ok(hover === null || typeof hover === 'object');
  });
});
