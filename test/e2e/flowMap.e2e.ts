import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { CodeServer, ROOT } from './codeServer';
import { IMAGES, scenarioIn, startOn } from './scenario';
import { Workbench } from './workbench';

/**
 * Issue 18 in the real editor: "Backup Exec: Show flow map" on a copy of
 * examples/site, a click on the blocked flow, and the map following the fix.
 * With `npm run screenshots` the map beside the manifest goes to docs/images/flow-map.png.
 */
const SITE = join(ROOT, 'examples', 'site');
/** The flow be01's host firewall blocks: Agent for Oracle's job engine, sql01 → be01 (BEX100 in be01.fwrules.yaml). */
const BLOCKED = '[data-flow="job-engine-oracle:sql01>be01"]';

describe('VS Code for the Web end to end: the flow map', { timeout: 10 * 60_000 }, () => {
  let server: CodeServer;
  let workbench: Workbench;
  let map: FrameLocator;

  before(async () => {
    ({ server, workbench } = await startOn(SITE));
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
  });

  const scenario = scenarioIn(() => workbench);

  scenario('1. "Backup Exec: Show flow map" opens the map beside the manifest: every required flow drawn, the blocked one among them, under a strict CSP', async () => {
    await workbench.openFile('site.bexnet.yaml');
    await workbench.runCommand('Backup Exec: Show flow map');
    await workbench.page.locator('.tab', { hasText: 'Flow map' }).waitFor({ timeout: 30_000 });
    map = await workbench.webview('svg [data-flow]');
    assert.equal(await map.locator('[data-flow]').count(), 9);
    assert.ok((await map.locator('[data-flow].state-blocked').count()) >= 1);
    assert.match(await map.locator('.counts').innerText(), /^9 required flows: 7 allowed, 1 partly allowed, 1 blocked, 0 unknown$/);
    assert.equal(await map.locator('button', { hasText: 'Show as table' }).count(), 1);
    const csp = await map.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp ?? '', /^default-src 'none'; style-src 'nonce-[\w+/=]+'; script-src 'nonce-[\w+/=]+';$/);
    assert.doesNotMatch(csp ?? '', /unsafe-inline|unsafe-eval|https?:|\*/);
    // Beside the manifest: two editor groups, the manifest still in the first.
    assert.equal(await workbench.page.locator('.editor-group-container').count(), 2);
    assert.equal(await workbench.page.locator('.editor-group-container').first().locator('.tab.active[aria-label*="site.bexnet.yaml"]').count(), 1);
    // The README's picture: the whole map beside the manifest, on a wider screen without the side bar.
    await workbench.page.setViewportSize({ width: 1920, height: 1000 });
    await workbench.page.keyboard.press('Control+B');
    for (let i = 0; i < 5; i++) await workbench.runCommand('Decrease Editor Width');
    await workbench.screenshot(join(IMAGES, 'flow-map.png'));
    await workbench.page.keyboard.press('Control+B');
    await workbench.page.setViewportSize({ width: 1280, height: 800 });
  });

  scenario('2. a click on the blocked flow opens be01.fwrules.yaml in the first column at its BEX100', async () => {
    const lines = readFileSync(join(server.workspace, 'be01.fwrules.yaml'), 'utf8').split('\n');
    // BEX100 sits on the rules key of the firewall that blocks the flow.
    const line = lines.findIndex((text) => text.startsWith('rules:')) + 1;
    await map.locator(`${BLOCKED} text`).first().click();
    await workbench.page.locator('.editor-group-container').first().locator('.tab.active[aria-label*="be01.fwrules.yaml"]').waitFor({ timeout: 30_000 });
    await workbench.page.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${line}, Col \\d+`) }).waitFor();
    await workbench.editor.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
  });

  scenario('3. the quick fix that adds the rule: the map shows the flow allowed, redrawn in place (no reload)', async () => {
    // A mark in the page's window: a reload would lose it. And the page scrolled, as a reader leaves it.
    type Page = { befwMark?: number; scrollX: number; scrollY: number; scrollTo(x: number, y: number): void };
    await map.locator('body').evaluate(() => {
      (globalThis as unknown as Page).befwMark = 18;
      (globalThis as unknown as Page).scrollTo(150, 40);
    });
    const scrolled = await map.locator('body').evaluate(() => [(globalThis as unknown as Page).scrollX, (globalThis as unknown as Page).scrollY]);
    assert.ok(scrolled[0] > 0, 'the map is wider than its panel');
    // The cursor is on the BEX100 the click opened: its preferred fix adds the rule.
    await workbench.page.keyboard.press('Control+.');
    const fix = workbench.page.locator('.action-widget .monaco-list-row', { hasText: 'Add rule "Backup Exec Job Engine (Agent for Oracle) from sql01 to be01"' });
    await fix.waitFor();
    await workbench.page.keyboard.press('Enter');
    await map.locator(`${BLOCKED}.state-allowed`).waitFor({ timeout: 30_000 });
    assert.equal(await map.locator('[data-flow].state-blocked').count(), 0);
    assert.match(await map.locator('.counts').innerText(), /^9 required flows: 8 allowed, 1 partly allowed, 0 blocked, 0 unknown$/);
    assert.deepEqual(await map.locator('body').evaluate(() => [(globalThis as unknown as Page).befwMark, (globalThis as unknown as Page).scrollX, (globalThis as unknown as Page).scrollY]), [18, ...scrolled]);
    assert.equal(await workbench.page.locator('.tab', { hasText: 'Flow map' }).count(), 1);
  });

  scenario('4. the lens above a firewall opens the map with that firewall highlighted; the status bar item opens it again once closed', async () => {
    await workbench.openFile('site.bexnet.yaml');
    await workbench.editor.locator('.codelens-decoration a', { hasText: /required flows allowed/ }).first().click();
    await workbench.page.locator('.tab', { hasText: 'Flow map: dmz' }).waitFor({ timeout: 30_000 });
    map = await workbench.webview('[data-firewall="dmz"].highlighted');
    assert.equal(await map.locator('.highlighted[data-firewall]').count(), 1);
    await workbench.page.locator('.tab', { hasText: 'Flow map' }).locator('.codicon-close').click();
    await workbench.page.locator('.tab', { hasText: 'Flow map' }).waitFor({ state: 'detached' });
    await workbench.page.locator('.statusbar-item', { hasText: /Backup Exec/ }).first().click();
    await workbench.page.locator('.tab', { hasText: 'Flow map' }).waitFor({ timeout: 30_000 });
    map = await workbench.webview('svg [data-flow]');
    assert.equal(await map.locator('.highlighted[data-firewall]').count(), 0);
  });

  scenario('5. Enter on a focused flow opens its diagnostic; a click on a host opens its entry in the manifest; "Show as table" opens the table', async () => {
    const lineOf = (name: string, needle: string) => readFileSync(join(server.workspace, name), 'utf8').split('\n').findIndex((text) => text.includes(needle)) + 1;
    const opened = async (name: string, line: number) => {
      await workbench.page.locator('.editor-group-container').first().locator(`.tab.active[aria-label*="${name}"]`).waitFor({ timeout: 30_000 });
      await workbench.page.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${line}, Col \\d+`) }).waitFor();
    };
    // The partly allowed data range: its BEX101 is at the ports of the dmz rule that opens too few.
    await map.locator('[data-flow="remote-agent-data:be01>sql01"]').focus();
    await workbench.page.keyboard.press('Enter');
    await opened('dmz.fwrules.yaml', lineOf('dmz.fwrules.yaml', 'ports: [10000, 50100-50120]'));
    await map.locator('[data-host="sql01"] text').first().click();
    await opened('site.bexnet.yaml', lineOf('site.bexnet.yaml', '{ name: sql01'));
    await map.locator('button', { hasText: 'Show as table' }).click();
    await workbench.page.locator('.tab', { hasText: 'Required flows' }).waitFor({ timeout: 30_000 });
  });
});
