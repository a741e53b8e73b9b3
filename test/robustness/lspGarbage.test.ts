import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EXAMPLES, positionOf, withSession } from '../support/lspSession';

/**
 * 5 MB of garbage pasted into an open rule file: the server answers hovers on
 * it and on other files while it checks, and reports one BEX001. (Before the
 * first pass in yamlPrescan.ts, 5 MB of "]" lines kept it in the yaml package
 * for a minute and took 3.4 GB.) `npm run bench:hostile` times it.
 */

const SITE = join(EXAMPLES, 'site');
const read = (name: string) => readFileSync(join(SITE, name), 'utf8');
/** A sanity bound for a busy machine; the bench measures the real figure. */
const PROMPT_MS = 2000;

describe('LSP over stdio: 5 MB of garbage pasted into a rule file', () => {
  it('every hover during the check is answered promptly, and the file gets one BEX001 "too broken to check"', { timeout: 60_000 }, async () => {
    await withSession(SITE, { pull: true }, async (session) => {
      const manifest = await session.open('site.bexnet.yaml', read('site.bexnet.yaml'));
      const dmz = await session.open('dmz.fwrules.yaml', read('dmz.fwrules.yaml'));
      await session.request('textDocument/diagnostic', { textDocument: { uri: dmz } });
      const pasted = ']\n'.repeat(2.5 * 1024 * 1024);
      await session.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: dmz, version: 2 },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: pasted }],
      });
      const latencies: number[] = [];
      const hover = async (uri: string, position: { line: number; character: number }) => {
        const asked = performance.now();
        await session.request('textDocument/hover', { textDocument: { uri }, position }, PROMPT_MS);
        latencies.push(performance.now() - asked);
      };
      const onManifest = positionOf(read('site.bexnet.yaml'), 'sql01');
      for (let i = 0; i < 10; i++) {
        await Promise.all([hover(manifest, onManifest), hover(dmz, { line: 2.5 * 1024 * 1024 + 5, character: 14 })]);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(Math.max(...latencies) < PROMPT_MS, latencies.map((l) => l.toFixed(0)).join(', '));
      const { items } = await session.request<{ items: { code: string; message: string; range: { start: { line: number } } }[] }>('textDocument/diagnostic', { textDocument: { uri: dmz } });
      const broken = items.filter((d) => d.code === 'BEX001');
      assert.equal(broken.length, 1, JSON.stringify(items.slice(0, 3)));
      assert.match(broken[0].message, /^This text is too broken to check as YAML: .*\(the first: a value starting with "\]"\)/);
      assert.equal(broken[0].range.start.line, 0);
    });
  });
});
