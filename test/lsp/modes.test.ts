import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { EXAMPLES, LspSession, brief, withSession } from '../support/lspSession';

const SITE = join(EXAMPLES, 'site');
const read = (name: string) => readFileSync(join(SITE, name), 'utf8');


async function pull(session: LspSession, uri: string): Promise<Diagnostic[]> {
  const report: { kind: string; items: Diagnostic[] } = await session.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  assert.equal(report.kind, 'full');
  return report.items;
}

describe('LSP over stdio: pull mode, settings, transports, workspace boundaries', () => {
  it('pull diagnostics when the client supports them, with a refresh after a change to another file', async () => {
    await withSession(SITE, { pull: true }, async (session) => {
      assert.deepEqual(session.initializeResult.capabilities.diagnosticProvider, { identifier: 'befw', interFileDependencies: true, workspaceDiagnostics: false });
      const manifest = await session.open('site.bexnet.yaml', read('site.bexnet.yaml'));
      const dmz = await session.open('dmz.fwrules.yaml', read('dmz.fwrules.yaml'));
      assert.deepEqual(brief(await pull(session, dmz)), ['10:11-10:31 BEX101']);
      assert.deepEqual(brief(await pull(session, manifest)), ['15:12-15:15 BEX101', '16:12-16:21 BEX100']);
      // The closed rule file is pushed, since a pull client only asks for open ones.
      assert.deepEqual(brief(await session.diagnosticsWhen(session.uri('be01.fwrules.yaml'), (d) => d.length > 0)), ['4:0-4:5 BEX100', '22:11-22:14 BEX203']);
      const refreshes = session.refreshRequests;
      await session.change(manifest, session.text(manifest).replace('range: 50100-50149', 'range: 50100-50120'));
      await session.waitFor('a diagnostic refresh', () => (session.refreshRequests > refreshes ? true : undefined));
      assert.deepEqual(brief(await pull(session, dmz)), []);
    });
  });

  it('severity overrides and the hardening switch, read from workspace/configuration and re-applied on change', async () => {
    await withSession(SITE, { settings: { severity: { BEX100: 'warning', BEX101: 'off' } } }, async (session) => {
      const be01 = session.uri('be01.fwrules.yaml');
      await session.open('site.bexnet.yaml', read('site.bexnet.yaml'));
      const list = await session.diagnosticsWhen(be01, (d) => d.length > 0);
      assert.deepEqual(list.map((d) => [d.code, d.severity]), [['BEX100', 2], ['BEX203', 2]]);
      assert.deepEqual(session.published.get(session.uri('dmz.fwrules.yaml')) ?? [], [], 'BEX101 is off');
      session.settings = { hardening: false };
      await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const after = await session.diagnosticsWhen(be01, (d) => !d.some((x) => x.code === 'BEX203'));
      assert.deepEqual(after.map((d) => [d.code, d.severity]), [['BEX100', 1]]);
    });
  });

  it('settings from initializationOptions, for clients without workspace/configuration', async () => {
    await withSession(SITE, { initializationSettings: { severity: { BEX101: 'warning' } } }, async (session) => {
      const dmz = await session.open('dmz.fwrules.yaml', read('dmz.fwrules.yaml'));
      const list = await session.diagnosticsWhen(dmz, (d) => d.length > 0);
      assert.deepEqual(list.map((d) => [d.code, d.severity]), [['BEX101', 2]]);
    });
  });

  it('a rules path outside the workspace is not read: BEX017 says why', async () => {
    await withSession(SITE, {}, async (session) => {
      const uri = await session.open('escape.bexnet.yaml', read('site.bexnet.yaml').replace('rules: dmz.fwrules.yaml', 'rules: ../../../../etc/passwd'));
      const list = await session.diagnosticsWhen(uri, (d) => d.some((x) => x.code === 'BEX017'));
      const refused = list.find((d) => d.code === 'BEX017')!;
      assert.match(String(refused.message), /outside the workspace folders/);
    });
  });

  it('starts over --node-ipc as well as --stdio', async () => {
    await withSession(SITE, { transport: 'node-ipc' }, async (session) => {
      assert.equal(session.initializeResult.serverInfo?.name, 'befw-language-server');
      const dmz = await session.open('dmz.fwrules.yaml', read('dmz.fwrules.yaml'));
      assert.ok((await session.diagnosticsWhen(dmz, (d) => d.length > 0)).length > 0);
    });
  });

  it('a document that is no Backup Exec file gets no diagnostics', async () => {
    await withSession(SITE, {}, async (session) => {
      const other = await session.open('docker-compose.yaml', 'services: { web: { image: nginx, ports: ["80:80"] } }\n');
      await session.open('site.bexnet.yaml', read('site.bexnet.yaml'));
      await session.diagnosticsWhen(session.uri('site.bexnet.yaml'), (d) => d.length > 0);
      assert.equal(session.published.get(other), undefined);
    });
  });
});
