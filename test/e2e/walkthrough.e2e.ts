import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkFiles, summary } from '../support/engine';
import { CodeServer, RESULTS, ROOT, missingPrerequisites } from './codeServer';
import { Workbench } from './workbench';

/**
 * The first-run walkthrough in a real VS Code (code-server), from an empty folder to a clean site, as an
 * admin goes through it: "Backup Exec: New site…" from the palette, a widened agent range, the BEX101 it
 * causes, its quick fix, a firewall whose rule file is still missing and the fix that creates it, the flow view. Screenshots (walkthrough-*.png) go to test-results/e2e, and to
 * docs/images/ for the README when asked (`npm run screenshots`).
 */
const IMAGES = process.env.BEFW_README_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'images') : RESULTS;
const NEW_SITE = 'Backup Exec: New site';

describe('VS Code for the Web end to end: the first-run walkthrough', { timeout: 10 * 60_000 }, () => {
  let empty: string;
  let server: CodeServer;
  let workbench: Workbench;

  before(async () => {
    const missing = missingPrerequisites();
    if (missing.length > 0) throw new Error(`cannot run the end-to-end suite; missing:\n- ${missing.join('\n- ')}`);
    mkdirSync(RESULTS, { recursive: true });
    mkdirSync(IMAGES, { recursive: true });
    empty = mkdtempSync(join(tmpdir(), 'befw-empty-'));
    server = await CodeServer.start(empty);
    workbench = await Workbench.open(server.workbenchUrl, { empty: true });
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    rmSync(empty, { recursive: true, force: true });
  });

  /** Each step leaves a screenshot in test-results/e2e when it fails. */
  const step = (name: string, body: () => Promise<void>): void => {
    it(name, async () => {
      try {
        await body();
      } catch (error) {
        await workbench?.screenshot(join(RESULTS, `walkthrough-failed-${name.replace(/[^\w]+/g, '-')}.png`)).catch(() => undefined);
        throw error;
      }
    });
  };
  const onDisk = (name: string) => readFileSync(join(server.workspace, name), 'utf8');
  /** 1-based line and column of `needle` in a file on disk, as Go to Line takes them. */
  const placeOf = (name: string, needle: string) => {
    const lines = onDisk(name).split('\n');
    const line = lines.findIndex((text) => text.includes(needle));
    assert.ok(line >= 0, `${needle} in ${name}`);
    return { line: line + 1, column: lines[line].indexOf(needle) + 1 };
  };
  const statusItem = () => workbench.page.locator('.statusbar-item', { hasText: /Backup Exec/ }).first();

  step('1. the walkthrough is listed in an empty folder, its first step a button for "New site…"', async () => {
    assert.deepEqual(readdirSync(server.workspace), []);
    await workbench.runCommand('Welcome: Open Walkthrough...');
    const title = "Check a Backup Exec site's firewalls";
    await workbench.page.locator('.quick-input-widget input').fill(title);
    await workbench.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click();
    const button = workbench.page.locator('.getting-started-step a, .getting-started-step .button-link', { hasText: 'Create a site' }).first();
    await button.waitFor({ timeout: 30_000 });
    // Without the side bar the page has room for the step's page beside the steps.
    await workbench.page.keyboard.press('Control+B');
    await workbench.page.frameLocator('iframe.webview').first().frameLocator('iframe').getByText('asks four things').waitFor();
    await workbench.screenshot(join(IMAGES, 'walkthrough-start.png'));
    await workbench.page.keyboard.press('Control+B');
  });

  step('2. "Backup Exec: New site…" from the palette, answered by typing: the manifest and the rule files appear, Problems stays empty', async () => {
    await workbench.runCommand(`${NEW_SITE}…`);
    await workbench.answer(`${NEW_SITE} (1/4)`, 'be01=10.0.1.10');
    await workbench.answer(`${NEW_SITE} (2/4)`, 'fs01=10.0.2.20, sql01=10.0.2.21', { accept: false });
    await workbench.screenshot(join(IMAGES, 'walkthrough-new-site.png'));
    await workbench.accept();
    await workbench.pick(`${NEW_SITE} (3/4)`, 'Host firewalls');
    await workbench.pick(`${NEW_SITE} (4/4)`, 'YAML rule files');
    await workbench.page.locator('.tab.active[aria-label*="site.bexnet.yaml"]').waitFor({ timeout: 30_000 });
    for (const name of ['site.bexnet.yaml', 'be01.fwrules.yaml', 'fs01.fwrules.yaml', 'sql01.fwrules.yaml']) await workbench.explorerRow(name).waitFor();
    assert.deepEqual(readdirSync(server.workspace).sort(), ['be01.fwrules.yaml', 'fs01.fwrules.yaml', 'site.bexnet.yaml', 'sql01.fwrules.yaml']);
    await statusItem().filter({ hasText: /flows allowed/ }).waitFor({ timeout: 30_000 });
    await workbench.problems(/No problems have been detected in the workspace/);
    await workbench.screenshot(join(IMAGES, 'walkthrough-created.png'));
    // The walkthrough's first step is done once the files are written.
    await workbench.page.locator('.tab', { hasText: 'Walkthrough' }).click();
    await workbench.page.locator('.getting-started-step', { hasText: 'Create a site' }).locator('.codicon.complete').waitFor();
  });

  step('3. widening the agent range in the manifest: an error squiggle (BEX101) in the rule file that opens the old range', async () => {
    const range = placeOf('site.bexnet.yaml', '50100-50149');
    await workbench.openFile('site.bexnet.yaml');
    await workbench.goTo(range.line, range.column);
    for (let i = 0; i < '50100-50149'.length; i++) await workbench.page.keyboard.press('Shift+ArrowRight');
    await workbench.page.keyboard.type('50100-50199');
    await workbench.page.keyboard.press('Control+S');
    await workbench.page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
    await workbench.openFile('fs01.fwrules.yaml');
    await workbench.editor.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
    const problems = await workbench.problems(/Remote Agent data connections \(TCP 50100-50199\)[\s\S]*BEX101/);
    assert.match(problems, /opens 50100-50149, but 50150-50199 stay closed/);
    // The status bar warns while a flow is blocked: what step 5 checks is gone.
    await statusItem().filter({ hasText: /blocked/ }).waitFor();
    assert.match((await statusItem().getAttribute('class')) ?? '', /\bwarning-kind\b/);
    await workbench.screenshot(join(IMAGES, 'walkthrough-diagnostic.png'));
  });

  step('4. Ctrl+. on the ports line the range made short offers to widen it; Enter applies it in each rule file, saved, the site checks clean', async () => {
    for (const [agent, blockedAfter] of [['fs01', /1 blocked/], ['sql01', /flows allowed/]] as const) {
      const file = `${agent}.fwrules.yaml`;
      const before = onDisk(file);
      // On the ports value, where the squiggle is; once it shows, the diagnostic's quick fixes are the editor's to ask for.
      const ports = placeOf(file, '[50100-50149]');
      await workbench.openFile(file);
      await workbench.editor.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
      await workbench.goTo(ports.line, ports.column + 1);
      await workbench.page.keyboard.press('Control+.');
      const widen = workbench.page.locator('.action-widget .monaco-list-row', { hasText: `Widen 50100-50149 to 50100-50199 in rule "Remote Agent data connections from be01 to ${agent}"` });
      await widen.waitFor();
      // The preferred fix is the focused entry of the menu; Enter applies it, as a user would.
      assert.match((await widen.getAttribute('class')) ?? '', /\bfocused\b/);
      if (agent === 'fs01') await workbench.screenshot(join(IMAGES, 'walkthrough-fix.png'));
      await workbench.page.keyboard.press('Enter');
      await workbench.editor.locator('.squiggly-error').first().waitFor({ state: 'detached', timeout: 30_000 });
      await workbench.page.keyboard.press('Control+S');
      await workbench.page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
      // The range widened in place: nothing else in the file changed.
      assert.equal(onDisk(file), before.replace('ports: [50100-50149]', 'ports: [50100-50199]'));
      // Once the check of the fixed file is in, as the status bar shows, the next file's fixes are current.
      await statusItem().filter({ hasText: blockedAfter }).waitFor({ timeout: 30_000 });
    }
    await workbench.problems(/No problems have been detected in the workspace/);
    const files = Object.fromEntries(readdirSync(server.workspace).map((name) => [name, onDisk(name)]));
    assert.match(files['site.bexnet.yaml'], /range: 50100-50199/);
    assert.deepEqual(summary((await checkFiles(files, 'site.bexnet.yaml')).report), []);
  });

  step('5. a firewall whose rule file does not exist yet: the lens and the status bar say its flows are unchecked; BEX017\'s fix creates the file', async () => {
    await workbench.openFile('site.bexnet.yaml');
    // The empty line after the last one; typed as an admin types it (the editor closes the brackets).
    await workbench.goTo(onDisk('site.bexnet.yaml').trimEnd().split('\n').length + 1, 1);
    await workbench.page.keyboard.type('  - { name: dmz, rules: dmz.fwrules.yaml, protects: [sql01');
    await workbench.page.keyboard.press('Escape');
    await workbench.page.keyboard.press('Control+S');
    await workbench.page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
    assert.match(onDisk('site.bexnet.yaml'), /\n  - \{ name: dmz, rules: dmz\.fwrules\.yaml, protects: \[sql01\] ?\}\n?$/);
    await workbench.editor.locator('.codelens-decoration', { hasText: /rule file missing: \d+ required flows? unchecked/ }).waitFor({ timeout: 30_000 });
    await statusItem().filter({ hasText: /unchecked/ }).waitFor({ timeout: 30_000 });
    assert.match((await statusItem().getAttribute('class')) ?? '', /\bwarning-kind\b/);
    await workbench.problems(/cannot be read[\s\S]*BEX017/);
    const path = placeOf('site.bexnet.yaml', 'dmz.fwrules.yaml');
    await workbench.openFile('site.bexnet.yaml');
    await workbench.editor.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
    await workbench.goTo(path.line, path.column + 1);
    await workbench.page.keyboard.press('Control+.');
    const create = workbench.page.locator('.action-widget .monaco-list-row', { hasText: /Create dmz\.fwrules\.yaml with the \d+ required rules?/ });
    await create.waitFor();
    // The preferred fix, focused: Enter applies it.
    assert.match((await create.getAttribute('class')) ?? '', /\bfocused\b/);
    await workbench.screenshot(join(IMAGES, 'walkthrough-create-rule-file.png'));
    await workbench.page.keyboard.press('Enter');
    await workbench.runCommand('File: Save All Files');
    await statusItem().filter({ hasText: /flows allowed/ }).waitFor({ timeout: 30_000 });
    await workbench.problems(/No problems have been detected in the workspace/);
    const files = Object.fromEntries(readdirSync(server.workspace).map((name) => [name, onDisk(name)]));
    assert.match(files['dmz.fwrules.yaml'], /^# Generated by befw from site\.bexnet\.yaml for firewall "dmz"/);
    assert.deepEqual(summary((await checkFiles(files, 'site.bexnet.yaml')).report), []);
  });

  step('6. "Backup Exec: Show required flows" opens the table, every flow allowed; the status bar shows no warning', async () => {
    await workbench.runCommand('Backup Exec: Show required flows');
    await workbench.page.locator('.tab.active', { hasText: 'Required flows' }).waitFor({ timeout: 30_000 });
    const table = workbench.page.frameLocator('iframe.webview').frameLocator('iframe').locator('table');
    await table.waitFor({ timeout: 30_000 });
    const text = await table.innerText();
    assert.match(text, /fs01-host \(inbound\)\s+Remote Agent data connections\s+be01 → fs01\s+TCP 50100-50199\s+✅ allowed/);
    assert.doesNotMatch(text, /blocked/);
    await workbench.page.keyboard.press('Control+J');
    const status = statusItem();
    assert.match(await status.innerText(), /flows allowed/);
    assert.doesNotMatch((await status.getAttribute('class')) ?? '', /\bwarning-kind\b/);
    await workbench.screenshot(join(IMAGES, 'walkthrough-flows.png'));
  });
});
