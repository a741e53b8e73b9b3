import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
export const RESULTS = join(ROOT, 'test-results', 'e2e');
const CODE_SERVER = join(ROOT, '.e2e', 'code-server', 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VSIX = join(ROOT, 'backup-exec-firewall-assistant.vsix');

/** What is missing to run the suite, each with how to get it; empty when all is there. */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  if (!existsSync(CHROMIUM)) missing.push(`Chromium at ${CHROMIUM}: run npm run e2e:setup (as root it runs apt-get install -y chromium ripgrep libkrb5-dev), or set CHROMIUM_PATH`);
  if (!existsSync(CODE_SERVER)) missing.push('code-server 4.100.3 in .e2e/code-server: run npm run e2e:setup (npm install from the registry, about a minute)');
  if (!existsSync(VSIX)) missing.push('the packaged extension backup-exec-firewall-assistant.vsix: run npm run package (npm run test:e2e does)');
  return missing;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A code-server on a free loopback port with the packaged extension installed, over a copy of a folder. */
export class CodeServer {
  private constructor(
    readonly url: string,
    readonly workspace: string,
    private readonly home: string,
    private readonly process: ChildProcess,
  ) {}

  static async start(folder: string): Promise<CodeServer> {
    const home = mkdtempSync(join(tmpdir(), 'befw-e2e-'));
    const userData = join(home, 'user-data');
    const extensions = join(home, 'extensions');
    const workspace = join(home, 'workspace');
    cpSync(folder, workspace, { recursive: true });
    mkdirSync(join(userData, 'User'), { recursive: true });
    writeFileSync(
      join(userData, 'User', 'settings.json'),
      JSON.stringify({
        'workbench.startupEditor': 'none',
        'workbench.colorTheme': 'Default Dark Modern',
        'workbench.tips.enabled': false,
        'security.workspace.trust.enabled': false,
        'editor.hover.delay': 200,
        'editor.minimap.enabled': false,
        'files.autoSave': 'off',
        'window.commandCenter': false,
        'chat.commandCenter.enabled': false,
      }),
    );
    const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
    const install = spawnSync(CODE_SERVER, [...common, '--install-extension', VSIX], { encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`installing the .vsix failed: ${install.stderr || install.stdout}`);
    const port = await freePort();
    mkdirSync(RESULTS, { recursive: true });
    const log = createWriteStream(join(RESULTS, 'code-server.log'));
    const child = spawn(
      CODE_SERVER,
      [...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', workspace],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    const url = `http://127.0.0.1:${port}`;
    const server = new CodeServer(url, workspace, home, child);
    await server.waitUntilUp();
    return server;
  }

  private async waitUntilUp(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.process.exitCode !== null) throw new Error(`code-server exited with ${this.process.exitCode}; see test-results/e2e/code-server.log`);
      const up = await fetch(`${this.url}/healthz`).then((r) => r.ok, () => false);
      if (up) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('code-server did not answer within 60 s; see test-results/e2e/code-server.log');
  }

  /** The workbench URL with the workspace folder open. */
  get workbenchUrl(): string {
    return `${this.url}/?folder=${encodeURIComponent(this.workspace)}`;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null) {
      const exited = new Promise((resolve) => this.process.once('exit', resolve));
      this.process.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (this.process.exitCode === null) this.process.kill('SIGKILL');
    }
    rmSync(this.home, { recursive: true, force: true });
  }
}
