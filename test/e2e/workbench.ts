import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** VS Code in the browser, driven as a user does: keyboard, mouse, and what is on screen. */
export class Workbench {
  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
  ) {}

  /** `empty`: the folder has no file yet, so the explorer lists none to wait for. */
  static async open(url: string, { empty = false } = {}): Promise<Workbench> {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The explorer lists the workspace once the workbench has restored.
    await page.locator(empty ? '.explorer-folders-view' : '.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    return new Workbench(browser, page);
  }

  /** The editor of the active tab. */
  get editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor[data-uri]').first();
  }

  /** Opens a workspace file with Quick Open (Ctrl+P). */
  async openFile(name: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(name);
    // Clicking the row, not Enter: Enter can take a recently opened row before the list is filtered.
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click();
    await this.page.locator(`.tab.active[aria-label*="${name}"]`).waitFor();
    await this.editor.locator('.view-lines').waitFor();
  }

  /** Runs a command from the Command Palette (F1) by its title. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await this.page.keyboard.press('Enter');
  }

  /**
   * Types `text` into the open input box once its title shows `title`, and accepts it with Enter unless
   * told not to (to take a screenshot first: then `accept()`). Into the input itself, so a view that takes
   * the focus meanwhile (a walkthrough marking its step done) loses no keystroke.
   */
  async answer(title: string, text: string, { accept = true } = {}): Promise<void> {
    await this.quickInput(title).locator('input').fill(text);
    if (accept) await this.accept();
  }

  /** Enter in the open input box or quick pick. */
  async accept(): Promise<void> {
    await this.page.locator('.quick-input-widget input').press('Enter');
  }

  /** Picks the row labelled `label` of the open quick pick once its title shows `title`, typing to filter as a user does. */
  async pick(title: string, label: string): Promise<void> {
    const widget = this.quickInput(title);
    await widget.locator('input').fill(label);
    await widget.locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).waitFor();
    await this.accept();
  }

  /** The input box or quick pick whose title shows `title`. */
  private quickInput(title: string): Locator {
    return this.page.locator('.quick-input-widget', { has: this.page.locator('.quick-input-title', { hasText: title }) });
  }

  /** The row of a file in the explorer. */
  explorerRow(name: string): Locator {
    return this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name });
  }

  /** Moves the cursor with Go to Line (Ctrl+G), 1-based as the status bar shows it. */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).waitFor();
  }

  /** The rendered text of the active editor (visible lines). */
  async editorText(): Promise<string> {
    return (await this.editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
  }

  /** The first rendered token of the active editor whose text is `text`, or starts with it when it has a space. */
  token(text: string): Locator {
    // Monaco renders spaces as no-break spaces.
    const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[ \u00a0]');
    return this.editor.locator('.view-line span span', { hasText: new RegExp(text.includes(' ') ? `^${escaped}` : `^${escaped}$`) }).first();
  }

  async hover(text: string): Promise<Locator> {
    const box = (await this.token(text).boundingBox())!;
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = this.page.locator('.monaco-hover:not(.hidden)').first();
    await hover.waitFor({ state: 'visible' });
    // Let the fade-in finish, so a screenshot shows the hover as the user sees it.
    await this.page.waitForFunction(() => {
      const element = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('.monaco-hover:not(.hidden)');
      return element && (globalThis as unknown as { getComputedStyle(e: unknown): { opacity: string } }).getComputedStyle(element).opacity === '1';
    });
    return hover;
  }

  /** Opens the Problems panel and returns its text once `expected` shows. */
  async problems(expected: RegExp): Promise<string> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    await panel.waitFor({ state: 'visible' });
    const deadline = Date.now() + 30_000;
    let text = '';
    while (Date.now() < deadline) {
      text = await panel.innerText();
      if (expected.test(text)) return text;
      await this.page.waitForTimeout(200);
    }
    throw new Error(`the Problems panel never matched ${expected}; it shows:\n${text}`);
  }

  /**
   * The text of the webview panel showing `expected`. A webview is a frame
   * (iframe.webview) whose own page holds the extension's page in a frame of its own (#active-frame).
   */
  async webviewText(expected: RegExp): Promise<string> {
    const frames = this.page.locator('iframe.webview');
    const deadline = Date.now() + 30_000;
    let seen: string[] = [];
    while (Date.now() < deadline) {
      seen = [];
      for (let i = 0; i < (await frames.count()); i++) {
        const body = frames.nth(i).contentFrame().locator('iframe#active-frame').contentFrame().locator('body');
        const text = await body.innerText({ timeout: 1_000 }).catch(() => '');
        if (expected.test(text)) return text;
        seen.push(text);
      }
      await this.page.waitForTimeout(200);
    }
    throw new Error(`no webview showed ${expected}; they show:\n${seen.join('\n---\n')}`);
  }

  /** The extension's page in the webview panel that has an element matching `selector` (the inner frame of webviewText). */
  async webview(selector: string): Promise<FrameLocator> {
    const frames = this.page.locator('iframe.webview');
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      for (let i = 0; i < (await frames.count()); i++) {
        const inner = frames.nth(i).contentFrame().locator('iframe#active-frame').contentFrame();
        if ((await inner.locator(selector).count().catch(() => 0)) > 0) return inner;
      }
      await this.page.waitForTimeout(200);
    }
    throw new Error(`no webview shows ${selector}`);
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
