import { spawn, spawnSync, type SpawnSyncOptions, type StdioOptions } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';
import { run } from '../../server/src/cli/main';

export const repoRoot = join(__dirname, '..', '..', '..');
/** The bundled CLI, as users run it. */
export const builtCli = join(repoRoot, 'dist', 'cli.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in this process (no spawn), for what does not depend on the process itself. */
export async function runBefw(args: readonly string[], cwd: string): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { out: (t) => (stdout += t), err: (t) => (stderr += t), cwd });
  return { code, stdout, stderr };
}

/**
 * Spawns dist/cli.js. A timeout turns a hang into a failure (code null)
 * instead of a test run that never ends.
 */
export function spawnBefw(args: readonly string[], cwd: string, options: SpawnSyncOptions = {}): CliResult {
  const result = spawnSync(process.execPath, [builtCli, ...args], { cwd, encoding: 'utf8', timeout: 30_000, maxBuffer: 64 << 20, ...options });
  return { code: result.status, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
}

/** Spawns dist/cli.js with the given stdio and, when given, a hook run on the child at once (to close its pipes, say). */
export function spawnBefwAsync(args: readonly string[], cwd: string, stdio: StdioOptions, onSpawn?: (child: ReturnType<typeof spawn>) => void): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtCli, ...args], { cwd, stdio });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('befw did not finish within 30 s'));
    }, 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: '', stderr });
    });
    onSpawn?.(child);
  });
}

/** Temporary folders of files (names may hold sub-folders), all removed after the test file. */
export function tempFolders(): (files?: Record<string, string | Buffer>) => string {
  const made: string[] = [];
  after(() => {
    for (const folder of made) {
      // A test may lock a folder; open it again so it can be removed.
      spawnSync('chmod', ['-R', 'u+rwx', folder]);
      rmSync(folder, { recursive: true, force: true });
    }
  });
  return (files = {}) => {
    const folder = mkdtempSync(join(tmpdir(), 'befw-cli-'));
    // Readable by all, so a test may run the CLI as another user.
    chmodSync(folder, 0o755);
    made.push(folder);
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(folder, name)), { recursive: true });
      writeFileSync(join(folder, name), content);
    }
    return folder;
  };
}

const cleanExample = join(repoRoot, 'examples', 'clean');

/** The clean example's manifest, with its firewall's `rules:` value replaced. */
export function cleanManifest(rules = 'core.fwrules.yaml'): string {
  const text = readFileSync(join(cleanExample, 'clean.bexnet.yaml'), 'utf8');
  return text.replace('rules: core.fwrules.yaml', `rules: ${rules}`);
}

/** The clean example's rule file: every flow allowed, no finding. */
export const cleanRules = readFileSync(join(cleanExample, 'core.fwrules.yaml'), 'utf8');

/** Node's and libuv's own wording, which a person should never be shown. */
export const NODE_WORDING = /\b(E[A-Z]{3,}|ERR_[A-Z_]+)\b|null bytes|errno|syscall|scandir|realpath|lstat|Unhandled|\n\s+at /;
