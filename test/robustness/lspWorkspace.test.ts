import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { checkFiles, uriOf } from '../support/engine';
import { EXAMPLES, LspSession, brief, withSession } from '../support/lspSession';
import type { FirewallDto, GenerateResult, RequiredFlowsResult } from '../../server/src/lsp/protocol';

/**
 * Hostile and careless workspaces over stdio: a FIFO named as a rule file,
 * manifests over befw.maxFileSize, odd but legitimate file names, a manifest
 * that names itself as its rule file, and requests sent right after start-up.
 */

const SITE = join(EXAMPLES, 'site');
const CLEAN = join(EXAMPLES, 'clean');
const read = (name: string) => readFileSync(join(SITE, name), 'utf8');
const manifestWithRules = (rules: string) => read('site.bexnet.yaml').replace('rules: dmz.fwrules.yaml', `rules: ${rules}`);

/** Adds examples/clean beside examples/site: a second manifest, small enough for a 0.001 MB limit. */
const addClean = (root: string) => ['clean.bexnet.yaml', 'core.fwrules.yaml'].forEach((name) => copyFileSync(join(CLEAN, name), join(root, name)));

const keyOf = (d: Diagnostic) => `${String(d.code)} ${brief([d])[0].split(' ')[0]} ${String(d.message)}`;

describe('LSP over stdio: hostile files in the workspace', () => {
  it('a FIFO named as a rule file gets a BEX017; every other file is still checked and answered; exit ends the process', { timeout: 60_000 }, async () => {
    const session = await LspSession.start({
      workspace: SITE,
      pull: true,
      prepare: (root) => {
        execFileSync('mkfifo', [join(root, 'pipe.fwrules.yaml')]);
        writeFileSync(join(root, 'pipe.bexnet.yaml'), manifestWithRules('pipe.fwrules.yaml'));
      },
    });
    try {
      const dmz = await session.open('dmz.fwrules.yaml', read('dmz.fwrules.yaml'));
      const pulled = await session.request<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: dmz } });
      assert.deepEqual(brief(pulled.items), ['10:11-10:31 BEX101']);
      const flows = await session.request<RequiredFlowsResult>('befw/requiredFlows', {});
      assert.deepEqual(flows.manifests.map((m) => m.uri.slice(m.uri.lastIndexOf('/') + 1)).sort(), ['pipe.bexnet.yaml', 'site.bexnet.yaml']);
      const pipe = await session.diagnosticsWhen(session.uri('pipe.bexnet.yaml'), (list) => list.some((d) => d.code === 'BEX017'));
      assert.match(String(pipe.find((d) => d.code === 'BEX017')!.message), /not a regular file/);
      await session.request('shutdown', null);
      await session.connection.sendNotification('exit');
      assert.equal(await session.exited(5_000), 0, 'the server ends at exit, with code 0 after shutdown');
    } finally {
      await session.stop();
    }
  });

  it('one manifest over befw.maxFileSize: the flow table and generation serve the others and say why it is skipped', { timeout: 60_000 }, async () => {
    // 0.001 MB: site.bexnet.yaml (1,166 bytes) is over it; examples/clean and every rule file are under.
    await withSession(SITE, { settings: { maxFileSize: 0.001 }, prepare: addClean }, async (session) => {
      const flows = await session.request<RequiredFlowsResult>('befw/requiredFlows', {});
      const byName = new Map(flows.manifests.map((m) => [m.uri.slice(m.uri.lastIndexOf('/') + 1), m]));
      assert.deepEqual([...byName.keys()].sort(), ['clean.bexnet.yaml', 'site.bexnet.yaml']);
      assert.ok(byName.get('clean.bexnet.yaml')!.rows.length > 0, 'the manifest under the limit has its flows');
      assert.equal(byName.get('site.bexnet.yaml')!.rows.length, 0);
      assert.match(String(byName.get('site.bexnet.yaml')!.skipped), /over the 0\.0 MB limit \(befw\.maxFileSize in the editor, --max-file-size on the command line\), so it is not checked/);
      const firewalls = await session.request<FirewallDto[]>('befw/firewalls', {});
      assert.deepEqual(firewalls.map((f) => `${f.manifestUri.slice(f.manifestUri.lastIndexOf('/') + 1)} ${f.name}`), ['clean.bexnet.yaml core']);
      const generated = await session.request<GenerateResult>('befw/generate', { manifestUri: session.uri('site.bexnet.yaml'), firewall: 'dmz', dialect: 'yaml' });
      assert.ok('error' in generated && /over the 0\.0 MB limit \(befw\.maxFileSize in the editor, --max-file-size on the command line\), so it is not checked/.test(generated.error), JSON.stringify(generated));
      const clean = await session.request<GenerateResult>('befw/generate', { manifestUri: session.uri('clean.bexnet.yaml'), firewall: 'core', dialect: 'yaml' });
      assert.ok('text' in clean && clean.flows > 0, JSON.stringify(clean));
    });
  });

  it('befw.maxFileSize 1e-9: every manifest is skipped with a word, and no request fails', { timeout: 60_000 }, async () => {
    await withSession(SITE, { settings: { maxFileSize: 1e-9 }, prepare: addClean }, async (session) => {
      const flows = await session.request<RequiredFlowsResult>('befw/requiredFlows', {});
      assert.equal(flows.manifests.length, 2);
      for (const manifest of flows.manifests) assert.match(String(manifest.skipped), /so it is not checked/);
      assert.deepEqual(await session.request('befw/firewalls', {}), []);
      const failures = session.notifications.filter((n) => n.method === 'window/logMessage' && /failed|TypeError/.test(String((n.params as { message: string }).message)));
      assert.deepEqual(failures, []);
    });
  });

  it('a rule file named "..dmz.fwrules.yaml" is inside the workspace and is read', async () => {
    const prepare = (root: string) => {
      renameSync(join(root, 'dmz.fwrules.yaml'), join(root, '..dmz.fwrules.yaml'));
      writeFileSync(join(root, 'site.bexnet.yaml'), manifestWithRules('..dmz.fwrules.yaml'));
    };
    await withSession(SITE, { prepare }, async (session) => {
      const manifest = await session.open('site.bexnet.yaml', manifestWithRules('..dmz.fwrules.yaml'));
      assert.deepEqual(brief(await session.diagnosticsWhen(manifest, (d) => d.length > 0)), ['15:12-15:15 BEX101', '16:12-16:21 BEX100']);
      assert.deepEqual(brief(await session.diagnosticsWhen(session.uri('..dmz.fwrules.yaml'), (d) => d.length > 0)), ['10:11-10:31 BEX101']);
    });
  });

  it('a manifest naming itself as its rule file gets what the engine (and so the CLI) reports for it', async () => {
    const text = manifestWithRules('self.bexnet.yaml');
    await withSession(SITE, { prepare: (root) => writeFileSync(join(root, 'self.bexnet.yaml'), text) }, async (session) => {
      const { report } = await checkFiles({ 'self.bexnet.yaml': text, 'be01.fwrules.yaml': read('be01.fwrules.yaml') }, 'self.bexnet.yaml');
      const expected = [...new Set(report.diagnostics.get(uriOf('self.bexnet.yaml'))!.map(keyOf))].sort();
      assert.ok(expected.length >= 8, expected.join('\n'));
      const uri = await session.open('self.bexnet.yaml', text);
      const published = await session.diagnosticsWhen(uri, (d) => d.length > 0);
      assert.deepEqual(published.map(keyOf).sort(), expected);
    });
  });

  it('hostile globs in befw.files.* are ignored with a warning, the default applies, and the server stays prompt', { timeout: 60_000 }, async () => {
    const braces = `${'{a,b}{c,d}'.repeat(15)}*.bexnet.yaml`; // 2^30 patterns
    const stars = `${'*a'.repeat(8)}c`; // a minute of regex backtracking on the file name below
    const settings = { files: { manifests: [braces], rules: [stars, '**/*.fwrules.yaml'] } };
    const started = Date.now();
    await withSession(SITE, { settings, prepare: (root) => writeFileSync(join(root, `${'a'.repeat(65)}.yaml`), '') }, async (session) => {
      const flows = await session.request<RequiredFlowsResult>('befw/requiredFlows', {});
      assert.deepEqual(flows.manifests.map((m) => m.uri), [session.uri('site.bexnet.yaml')], 'the default manifest glob applies');
      const dmz = await session.open('dmz.fwrules.yaml', read('dmz.fwrules.yaml'));
      assert.deepEqual(brief(await session.diagnosticsWhen(dmz, (d) => d.length > 0)), ['10:11-10:31 BEX101']);
      assert.ok(Date.now() - started < 15_000, `answered after ${Date.now() - started} ms`);
      const warnings = session.notifications.filter((n) => n.method === 'window/logMessage' && (n.params as { type: number }).type === 2).map((n) => (n.params as { message: string }).message);
      assert.ok(warnings.some((w) => w.startsWith('befw.files.manifests: the glob "{a,b}{c,d}') && w.includes('its braces stand for more than 64 patterns')), warnings.join('\n'));
      assert.ok(warnings.some((w) => w.startsWith(`befw.files.rules: the glob "${stars}" is ignored: a path segment has more than 2 "*" wildcards`)), warnings.join('\n'));
    });
  });

  it('"Show required flows" sent right after start-up waits for the workspace discovery', async () => {
    await withSession(SITE, {}, async (session) => {
      const flows = await session.request<RequiredFlowsResult>('befw/requiredFlows', {});
      assert.deepEqual(flows.manifests.map((m) => m.uri), [session.uri('site.bexnet.yaml')]);
      assert.equal(flows.manifests[0].rows.length, 16);
    });
  });
});
