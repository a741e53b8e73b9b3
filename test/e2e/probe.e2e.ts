import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { CodeServer, ROOT } from './codeServer';
import { scenarioIn, startOn } from './scenario';
import { Workbench } from './workbench';

/**
 * Issue 19 in the real editor: probe results beside a copy of examples/site
 * (written now, so they are never stale; examples/ holds none, whose dates
 * would age) read by the editor on its own, shown on the flow map and in the
 * lens above the host they reached, the lens opening the newest line.
 */
const SITE = join(ROOT, 'examples', 'site');
/** "2026-11-24T10:12:05Z" a few seconds from now: what a probe script writes. */
const at = (secondsLater: number) => new Date(Math.floor(Date.now() / 1000) * 1000 + secondsLater * 1000).toISOString().replace('.000Z', 'Z');
/** As observationSummary says a time: "2026-11-24 10:12". */
const said = (time: string) => `${time.slice(0, 10)} ${time.slice(11, 16)}`;

describe('VS Code for the Web end to end: probe results', { timeout: 10 * 60_000 }, () => {
  let server: CodeServer;
  let workbench: Workbench;
  let map: FrameLocator;
  let folder: string;
  // NDMP verified open; a port of the agent's range the dmz allows timed out (BEX300), a second later.
  const times = [at(0), at(1)];
  const results = [
    { from: 'be01', to: 'sql01', protocol: 'tcp', port: 10000, result: 'open', at: times[0] },
    { from: 'be01', to: 'sql01', protocol: 'tcp', port: 50110, result: 'timeout', at: times[1] },
  ];

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'befw-probe-site-'));
    cpSync(SITE, folder, { recursive: true });
    writeFileSync(join(folder, 'be01.probe.jsonl'), results.map((r) => `${JSON.stringify(r)}\n`).join(''));
    ({ server, workbench } = await startOn(folder));
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  const scenario = scenarioIn(() => workbench);

  scenario('1. the flow map ends an observed flow\'s label with what was seen, and marks the flow whose observation contradicts the rule files', async () => {
    await workbench.openFile('site.bexnet.yaml');
    await workbench.runCommand('Backup Exec: Show flow map');
    map = await workbench.webview('[data-flow="remote-agent-control:be01>sql01"][data-observed="open"]');
    const control = map.locator('[data-flow="remote-agent-control:be01>sql01"]');
    assert.match(await control.locator('text.flow-label').textContent() ?? '', new RegExp(` · verified open ${said(times[0])} from be01$`));
    const data = map.locator('[data-flow="remote-agent-data:be01>sql01"]');
    assert.equal(await data.getAttribute('data-observed'), 'timeout');
    assert.equal(await data.getAttribute('data-contradicts'), 'BEX300');
    assert.equal(await data.locator('.observed-mark').textContent(), '⚠');
    assert.match(await data.getAttribute('aria-label') ?? '', new RegExp(`; probe: timed out ${said(times[1])} from be01 — contradicts the rule files \\(BEX300\\)$`));
    assert.equal(await map.locator('.legend-contradiction').count(), 1);
    assert.equal(await map.locator('[data-observed]').count(), 2);
  });

  scenario('2. the lens above sql01 in the manifest says what was seen; a click opens the newest observation\'s line', async () => {
    await workbench.openFile('site.bexnet.yaml');
    const title = `observed 1 open, 1 timeout; latest ${said(times[1])} from be01 — contradicts the rule files (BEX300)`;
    const lens = workbench.editor.locator('.codelens-decoration a', { hasText: title });
    await lens.waitFor({ timeout: 30_000 });
    assert.equal(await workbench.editor.locator('.codelens-decoration a', { hasText: /contradicts the rule files|verified open/ }).count(), 1);
    // Above sql01's entry: the lens sits in the line's view zone, just over it.
    const host = await workbench.editor.locator('.view-line', { hasText: '{ name: sql01' }).boundingBox();
    const above = await lens.boundingBox();
    assert.ok(host && above && above.y < host.y && host.y - above.y < 2 * host.height, `lens at ${above?.y}, sql01 at ${host?.y}`);
    await lens.click();
    await workbench.page.locator('.editor-group-container').first().locator('.tab.active[aria-label*="be01.probe.jsonl"]').waitFor({ timeout: 30_000 });
    await workbench.page.locator('.statusbar-item', { hasText: /^Ln 2, Col \d+/ }).waitFor();
  });
});
