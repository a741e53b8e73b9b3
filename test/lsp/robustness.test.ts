import assert from 'node:assert/strict';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CodeAction, Hover, MarkupContent } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EXAMPLES, LspSession, brief, withSession } from '../support/lspSession';

const SITE = join(EXAMPLES, 'site');
const read = (name: string) => readFileSync(join(SITE, name), 'utf8');


const lastStatus = (session: LspSession) => session.notifications.filter((n) => n.method === 'befw/status').at(-1)?.params as { state: string; manifests: number } | undefined;

describe('LSP over stdio: odd paths, stale requests, untrusted text', () => {
  it('a folder and files with "&", "+" and spaces are one file each, however the client spells the URI', async () => {
    await withSession(SITE, { folderName: 'Backup & Recovery +1' }, async (session) => {
      renameSync(join(session.root, 'dmz.fwrules.yaml'), join(session.root, 'fw+dmz 1.fwrules.yaml'));
      writeFileSync(join(session.root, 'site.bexnet.yaml'), read('site.bexnet.yaml').replace('rules: dmz.fwrules.yaml', 'rules: "fw+dmz 1.fwrules.yaml"'));
      const manifest = await session.open('site.bexnet.yaml', readFileSync(join(session.root, 'site.bexnet.yaml'), 'utf8'));
      const rules = await session.open('fw+dmz 1.fwrules.yaml', read('dmz.fwrules.yaml'));
      assert.deepEqual(brief(await session.diagnosticsWhen(rules, (d) => d.length > 0)), ['10:11-10:31 BEX101']);
      await session.diagnosticsWhen(manifest, (d) => d.length === 2);
      // Editing the open rule file re-checks the manifest that references it.
      await session.change(rules, session.text(rules).replace('50100-50120', '50100-50149'));
      assert.deepEqual(brief(await session.diagnosticsWhen(manifest, (d) => d.length === 1)), ['16:12-16:21 BEX100']);
      const status = await session.waitFor('idle status', () => (lastStatus(session)?.state === 'idle' ? lastStatus(session) : undefined));
      assert.equal(status.manifests, 1, 'the manifest is checked once, not once per spelling');
      // Files the client opened come back in its spelling; no file is published under two.
      const published = [...session.published.keys()];
      assert.ok(published.includes(rules) && published.includes(manifest), published.join(', '));
      assert.equal(new Set(published.map((uri) => decodeURIComponent(uri))).size, published.length, published.join(', '));
    });
  });

  it('a workspace opened through a symbolic link still reads its own rule files', async () => {
    await withSession(SITE, { throughLink: true }, async (session) => {
      const manifest = await session.open('site.bexnet.yaml', read('site.bexnet.yaml'));
      const list = await session.diagnosticsWhen(manifest, (d) => d.length > 0);
      assert.deepEqual(brief(list), ['15:12-15:15 BEX101', '16:12-16:21 BEX100']);
    });
  });

  it('with no workspace folder, only the opened file\'s folder is readable', async () => {
    await withSession(SITE, { noWorkspaceFolder: true }, async (session) => {
      const uri = await session.open('escape.bexnet.yaml', read('site.bexnet.yaml').replace('rules: dmz.fwrules.yaml', 'rules: ../../../../../etc/passwd'));
      const list = await session.diagnosticsWhen(uri, (d) => d.some((x) => x.code === 'BEX017'));
      assert.match(String(list.find((d) => d.code === 'BEX017')!.message), /outside the workspace folders/);
      assert.equal(session.published.has('file:///etc/passwd'), false);
      assert.ok(!list.some((d) => d.code === 'BEX017' && /be01/.test(String(d.message))), 'the rule file beside it is read');
    });
  });

  it('code actions requested right after an edit are made from the edited text', async () => {
    await withSession(SITE, {}, async (session) => {
      await session.open('site.bexnet.yaml', read('site.bexnet.yaml'));
      const dmz = await session.open('dmz.fwrules.yaml', read('dmz.fwrules.yaml'));
      const [bex101] = await session.diagnosticsWhen(dmz, (d) => d.length > 0);
      const edited = `# one\n# two\n${session.text(dmz)}`;
      await session.change(dmz, edited);
      const actions: CodeAction[] = await session.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri: dmz },
        range: { start: { line: 12, character: 11 }, end: { line: 12, character: 31 } },
        context: { diagnostics: [{ ...bex101, range: { start: { line: 12, character: 11 }, end: { line: 12, character: 31 } } }], only: ['quickfix'] },
      });
      const fix = actions.find((a) => a.title.startsWith('Widen 50100-50120 to 50100-50149'))!;
      const fixed = TextDocument.applyEdits(TextDocument.create(dmz, 'yaml', 0, edited), fix.edit!.changes![dmz]);
      assert.match(fixed, /ports: \[10000, 50100-50149\]   # destination ports/);
    });
  });

  it('a rule name cannot inject Markdown into a hover', async () => {
    await withSession(SITE, {}, async (session) => {
      await session.open('site.bexnet.yaml', read('site.bexnet.yaml'));
      const text = read('dmz.fwrules.yaml').replace('name: Monitoring', 'name: "![x](https://attacker.example/p.png) <img src=x>"');
      const dmz = await session.open('dmz.fwrules.yaml', text);
      await session.diagnosticsWhen(dmz, (d) => d.length > 0);
      const line = text.split('\n').findIndex((l) => l.includes('attacker'));
      const hover: Hover = await session.connection.sendRequest('textDocument/hover', { textDocument: { uri: dmz }, position: { line, character: 14 } });
      const value = (hover.contents as MarkupContent).value;
      assert.match(value, /!\\\[x\\\]\(https:\/\/attacker\.example\/p\.png\) \\<img src=x\\>/);
    });
  });

  it('documents that are not files (a git diff view) are not checked', async () => {
    await withSession(SITE, {}, async (session) => {
      const uri = 'git:/site.bexnet.yaml?%7B%22ref%22%3A%22HEAD%22%7D';
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'befw-manifest', version: 1, text: read('site.bexnet.yaml') } });
      const manifest = await session.open('site.bexnet.yaml', read('site.bexnet.yaml'));
      await session.diagnosticsWhen(manifest, (d) => d.length > 0);
      assert.equal(session.published.get(uri), undefined);
      const status = await session.waitFor('idle status', () => (lastStatus(session)?.state === 'idle' ? lastStatus(session) : undefined));
      assert.equal(status.manifests, 1);
    });
  });

  it('deleting a folder drops its manifests and their diagnostics', async () => {
    await withSession(SITE, {}, async (session) => {
      const be01 = session.uri('be01.fwrules.yaml');
      await session.diagnosticsWhen(be01, (d) => d.length > 0, 'diagnostics of a file no one opened');
      rmSync(session.root, { recursive: true, force: true });
      await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: session.uri('').replace(/\/$/, ''), type: 3 }] });
      await session.diagnosticsWhen(be01, (d) => d.length === 0, 'cleared diagnostics');
    });
  });
});
