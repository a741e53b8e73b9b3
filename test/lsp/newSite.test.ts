import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { getDefaultCatalog } from '../../server/src/engine/catalog/catalog';
import { newSite } from '../../server/src/engine/generate/newSite';
import { NEW_SITE_REQUEST, REQUIRED_FLOWS_REQUEST, type NewSiteParams, type NewSiteResponse, type RequiredFlowsResult, type StatusParams } from '../../server/src/lsp/protocol';
import { withSession } from '../support/lspSession';

const EMPTY = mkdtempSync(join(tmpdir(), 'befw-empty-'));
after(() => rmSync(EMPTY, { recursive: true, force: true }));

const OPTIONS: NewSiteParams = { server: 'be01=10.0.1.10', agents: 'fs01=10.0.2.20, web01=10.0.2.30 linux', firewall: 'host', dialect: 'powershell', linuxDialect: 'nftables' };

describe('LSP over stdio: befw/newSite, "Backup Exec: New site…" from an empty folder', () => {
  it('returns the engine\'s files; written into the folder they check clean and every required flow is allowed', async () => {
    await withSession(EMPTY, {}, async (session) => {
      assert.deepEqual(readdirSync(session.root), []);
      const result = await session.request<NewSiteResponse>(NEW_SITE_REQUEST, OPTIONS);
      assert.deepEqual(result, newSite(OPTIONS, getDefaultCatalog()));
      assert.ok('files' in result);
      assert.deepEqual(result.files.map((file) => file.relativePath), ['site.bexnet.yaml', 'be01.ps1', 'fs01.ps1', 'web01.nft']);
      // As the client does: the files written, the editor's watcher telling the server, the manifest opened.
      for (const file of result.files) writeFileSync(join(session.root, file.relativePath), file.text);
      await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: result.files.map((file) => ({ uri: session.uri(file.relativePath), type: 1 })) });
      const manifest = await session.open('site.bexnet.yaml', result.files[0].text);
      const status = await session.waitFor('an idle status with the site checked', () => {
        const last = session.notifications.filter((n) => n.method === 'befw/status').at(-1)?.params as StatusParams | undefined;
        return last?.state === 'idle' && last.manifests === 1 ? last : undefined;
      });
      assert.deepEqual({ requiredFlows: status.requiredFlows, blockedFlows: status.blockedFlows }, { requiredFlows: 12, blockedFlows: 0 });
      // The Agent for Linux's note (its facts come from community sources) is all there is.
      const diagnostics = await session.diagnosticsWhen(manifest, (list) => list.length > 0);
      assert.deepEqual(diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}`), ['12:12 BEX022']);
      // Clean files that are not open get nothing published, or an empty list.
      for (const file of result.files.slice(1)) assert.deepEqual(session.published.get(session.uri(file.relativePath)) ?? [], [], file.relativePath);
      const flows = await session.request<RequiredFlowsResult>(REQUIRED_FLOWS_REQUEST, { uri: manifest });
      assert.equal(flows.manifests[0].rows.length, 12);
      assert.deepEqual(flows.manifests[0].rows.filter((row) => !row.allowed), []);
    });
  });

  it('bad options: the message and the option it is about; garbage gets a message too, and the server keeps answering', async () => {
    await withSession(EMPTY, {}, async (session) => {
      assert.deepEqual(await session.request(NEW_SITE_REQUEST, { ...OPTIONS, agents: 'fs01=10.0.2.20, fs01=10.0.2.21' }), { error: 'fs01 is named twice; give each host its own name', field: 'agents' });
      assert.deepEqual(await session.request(NEW_SITE_REQUEST, { ...OPTIONS, linuxDialect: 'netsh' }), {
        error: '"netsh": the rules of the Linux agents\' own firewalls are written as yaml, iptables, nftables, firewalld or ufw',
        field: 'linuxDialect',
      });
      assert.deepEqual(await session.request(NEW_SITE_REQUEST, null), { error: 'a host has no name (e.g. be01=10.0.1.10)', field: 'server' });
      assert.deepEqual(await session.request(NEW_SITE_REQUEST, { server: 7, agents: {} }), { error: 'a host has no name (e.g. be01=10.0.1.10)', field: 'server' });
      assert.ok('files' in (await session.request<NewSiteResponse>(NEW_SITE_REQUEST, OPTIONS)));
    });
  });
});
