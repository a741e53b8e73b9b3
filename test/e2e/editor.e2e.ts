import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { CodeServer, ROOT } from './codeServer';
import { IMAGES, scenarioIn, startOn } from './scenario';
import { Workbench } from './workbench';

/**
 * The packaged extension in a real VS Code (code-server 4.100.3 = VS Code
 * 1.100.3) driven through Chromium, scenario by scenario as a user works.
 * Screenshots of the first three go to test-results/e2e, and to docs/images/
 * for the README only when asked (`npm run screenshots`), so a test run
 * leaves the checkout as it found it.
 */
const SITE = join(ROOT, 'examples', 'site');
const EXPORTS = join(ROOT, 'examples', 'exports');

describe('VS Code for the Web end to end', { timeout: 10 * 60_000 }, () => {
  let server: CodeServer;
  let workbench: Workbench;

  before(async () => {
    ({ server, workbench } = await startOn(SITE));
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
  });

  const scenario = scenarioIn(() => workbench);

  const onDisk = (name: string) => readFileSync(join(server.workspace, name), 'utf8');

  scenario('1. a rule file missing a Backup Exec port: error squiggle, and BEX100 with its code in Problems', async () => {
    await workbench.openFile('be01.fwrules.yaml');
    await workbench.editor.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
    const problems = await workbench.problems(/Backup Exec Job Engine \(Agent for Oracle\) \(TCP 5633\)[\s\S]*BEX100/);
    assert.match(problems, /does not get through firewall "be01-host"/);
    await workbench.screenshot(join(IMAGES, 'diagnostics.png'));
  });

  scenario('2. hovering port 10000 explains the Remote Agent control connection and cites its source', async () => {
    await workbench.openFile('dmz.fwrules.yaml');
    const hover = await workbench.hover('10000');
    const text = await hover.innerText();
    assert.match(text, /Remote Agent control connection \(NDMP\)/);
    assert.match(text, /Backup Exec server → Remote computer/);
    assert.match(text, /KB100017208/);
    await workbench.screenshot(join(IMAGES, 'hover.png'));
    await workbench.page.keyboard.press('Escape');
  });

  scenario('3. quick fix "Add rule…" (Ctrl+.) removes the squiggle and writes the rule to disk, the rest unchanged', async () => {
    const before = onDisk('be01.fwrules.yaml');
    await workbench.openFile('be01.fwrules.yaml');
    await workbench.goTo(5, 2);
    await workbench.page.keyboard.press('Control+.');
    const fix = workbench.page.locator('.action-widget .monaco-list-row', { hasText: 'Add rule "Backup Exec Job Engine (Agent for Oracle) from sql01 to be01"' });
    await fix.waitFor();
    await workbench.screenshot(join(IMAGES, 'quickfix.png'));
    // The preferred fix is the focused entry of the menu; Enter applies it, as a user would.
    assert.match((await fix.getAttribute('class')) ?? '', /\bfocused\b/);
    await workbench.page.keyboard.press('Enter');
    await workbench.editor.locator('.squiggly-error').first().waitFor({ state: 'detached', timeout: 30_000 });
    await workbench.page.keyboard.press('Control+S');
    await workbench.page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
    const after = onDisk('be01.fwrules.yaml');
    assert.ok(after.startsWith(before), 'the rest of the file is unchanged');
    assert.equal(
      after.slice(before.length),
      ['', '  - name: Backup Exec Job Engine (Agent for Oracle) from sql01 to be01', '    action: allow', '    protocol: tcp', '    from: [sql01]', '    to: [be01]', '    ports: [5633]', ''].join('\n'),
    );
  });

  scenario('4. shrinking the agent range to 10 ports: BEX011 and BEX012 in the manifest, the dmz rule file re-checked', async () => {
    await workbench.problems(/BEX101/);
    await workbench.openFile('site.bexnet.yaml');
    await workbench.goTo(8, 36);
    for (let i = 0; i < '50100-50149'.length; i++) await workbench.page.keyboard.press('Shift+ArrowRight');
    await workbench.page.keyboard.type('50100-50109');
    await workbench.goTo(9, 19);
    await workbench.page.keyboard.press('Shift+End');
    await workbench.page.keyboard.type('6');
    await workbench.editor.locator('.squiggly-warning').first().waitFor({ timeout: 30_000 });
    const problems = await workbench.problems(/BEX011[\s\S]*BEX012|BEX012[\s\S]*BEX011/);
    assert.match(problems, /The agent range 50100-50109 has 10 port\(s\); keep at least 25 open/);
    // The dmz rule opens 50100-50120, all of the new range: its BEX101 is gone.
    assert.doesNotMatch(problems, /BEX101/);
  });

  scenario('5. "Backup Exec: Explain error code…": one panel beside the editor, rendered, tied to the open manifest, reused by the next run', async () => {
    const explainCode = async (code: string) => {
      await workbench.runCommand('Backup Exec: Explain error code…');
      const input = workbench.page.locator('.quick-input-widget input');
      await workbench.page.locator('.quick-input-list .monaco-list-row', { hasText: code }).first().waitFor();
      await input.fill(code);
      await workbench.page.keyboard.press('Enter');
      await workbench.page.locator('.tab.active', { hasText: `Explain ${code}` }).waitFor();
    };
    await workbench.openFile('site.bexnet.yaml');
    await explainCode('0xE0000F02');
    const text = await workbench.webviewText(/In site\.bexnet\.yaml/);
    assert.match(text, /0xE0000F02: The media server could not connect to the remote computer\./);
    assert.match(text, /Likely firewall cause/);
    assert.doesNotMatch(text, /\*\*|^#/m, 'rendered, not Markdown source');
    // Scenario 4 left the agent range at 50100-50109, which the dmz rule opens whole.
    assert.match(text, /None of its flows is blocked that could produce 0xE0000F02 \(Remote Agent control connection \(NDMP\), Remote Agent data connections\)\./);
    const groups = await workbench.page.locator('.editor-group-container').count();
    const webviews = await workbench.page.locator('iframe.webview').count();
    await explainCode('0xE0000F25');
    await workbench.webviewText(/0xE0000F25: A communication failure occurred/);
    assert.equal(await workbench.page.locator('.editor-group-container').count(), groups, 'no new column');
    assert.equal(await workbench.page.locator('iframe.webview').count(), webviews, 'the same panel');
    assert.equal(await workbench.page.locator('.tab', { hasText: 'Explain 0x' }).count(), 1);
  });

  scenario('6. syntax colouring: keys, actions, protocols, ports and comments get distinct colours', async () => {
    await workbench.openFile('dmz.fwrules.yaml');
    // Runs in the page, where getComputedStyle exists (this project compiles without the DOM library).
    type Styles = { getComputedStyle(element: unknown): { color: string } };
    const colour = (text: string) => workbench.token(text).evaluate((element) => (globalThis as unknown as Styles).getComputedStyle(element).color);
    const colours = {
      key: await colour('action'),
      action: await colour('allow'),
      protocol: await colour('tcp'),
      port: await colour('10000'),
      comment: await colour('# DMZ'),
    };
    assert.equal(new Set(Object.values(colours)).size, 5, JSON.stringify(colours));
  });
});

describe('VS Code for the Web end to end: a firewall as deployed, exported with reg export', { timeout: 10 * 60_000 }, () => {
  let server: CodeServer;
  let workbench: Workbench;

  before(async () => {
    ({ server, workbench } = await startOn(EXPORTS));
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
  });

  const scenario = scenarioIn(() => workbench);

  scenario('7. a .reg export (UTF-16, as regedit writes it): the missing data range at its rules key, fixed with a value line, saved as UTF-16', async () => {
    const path = join(server.workspace, 'fs03-firewall.reg');
    const before = readFileSync(path);
    await workbench.openFile('fs03-firewall.reg');
    await workbench.editor.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
    const problems = await workbench.problems(/Remote Agent data connections \(TCP 50100-50149\)[\s\S]*BEX100/);
    assert.match(problems, /rule "Backup Exec data range" would allow it but is disabled/);
    await workbench.goTo(8, 2);
    await workbench.page.keyboard.press('Control+.');
    const fix = workbench.page.locator('.action-widget .monaco-list-row', { hasText: 'Add rule "Remote Agent data connections from be03 to fs03"' });
    await fix.waitFor();
    await workbench.screenshot(join(IMAGES, 'reg-quickfix.png'));
    await workbench.page.keyboard.press('Enter');
    await workbench.editor.locator('.squiggly-error').first().waitFor({ state: 'detached', timeout: 30_000 });
    await workbench.page.keyboard.press('Control+S');
    await workbench.page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
    const after = readFileSync(path);
    assert.deepEqual([...after.subarray(0, 2)], [0xff, 0xfe], 'still UTF-16LE with its byte-order mark');
    const [was, is] = [before.subarray(2).toString('utf16le'), after.subarray(2).toString('utf16le')];
    const added = is.split('\r\n').filter((line) => !was.split('\r\n').includes(line));
    assert.equal(added.length, 1, is);
    assert.match(added[0], /^"\{[0-9A-F-]{36}\}"="v2\.30\|Action=Allow\|Active=TRUE\|Dir=In\|Protocol=6\|LPort2_10=50100-50149\|RA4=10\.3\.1\.10\|Name=Remote Agent data connections from be03 to fs03\|Desc=Backup Exec: Remote Agent data connections \(TCP 50100-50149, beremote\.exe\); source: KB100017208, TN255831\|"$/);
    assert.equal(is.replace(`${added[0]}\r\n`, ''), was, 'nothing else changed');
  });
});
