import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';
import { sourceFolder } from '../support/engine';

/**
 * A Linux host made of files, to run the collector script on: fake firewall tools on PATH that
 * print fixture text and log how they were called, and a fake root (BEFW_ROOT) for the files the
 * script copies. PATH holds nothing else but the few utilities the script may use, so a script
 * that needs any other command fails here.
 */

export const FIXTURES = sourceFolder(__dirname);
export const fixturePath = (...parts: string[]) => join(FIXTURES, ...parts);

/** The only commands besides the firewall tools the script may run (its header says so). */
const UTILITIES = ['id', 'uname', 'cat', 'rm'];

/** The shells the script is run in: POSIX sh (dash on Debian) and bash. */
export const SHELLS = ['/bin/sh', '/bin/bash'].filter((shell) => existsSync(shell));

export interface FakeHost {
  /** The folder the script writes into. */
  readonly out: string;
  readonly root: string;
  readonly bin: string;
  /** Runs the script (written into `out` as befw-collect.sh unless `scriptAt` says where) in `shell`. */
  run(script: string, shell: string, options?: { args?: string[]; scriptAt?: string; cwd?: string }): RunResult;
  /** How the fake tools were called, one line each. */
  calls(): string[];
  /** The files in `out`, the script excepted. */
  written(): string[];
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const made: string[] = [];
after(() => {
  for (const folder of made) rmSync(folder, { recursive: true, force: true });
});

/** A temporary folder, removed after the test file. */
export function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'befw-collect-'));
  made.push(folder);
  return folder;
}

/** `tools`: name → sh body run with the arguments ($*), after the call is logged; `files`: path under / → content. */
export function fakeHost(tools: Record<string, string>, files: Record<string, string | Buffer> = {}): FakeHost {
  const base = tempFolder();
  const [bin, utilities, root, out] = ['bin', 'utilities', 'root', 'out'].map((name) => join(base, name));
  for (const folder of [bin, utilities, root, out]) mkdirSync(folder);
  const log = join(base, 'calls.log');
  writeFileSync(log, '');
  for (const utility of UTILITIES) symlinkSync(whereIs(utility), join(utilities, utility));
  for (const [name, body] of Object.entries(tools)) {
    const tool = join(bin, name);
    writeFileSync(tool, `#!/bin/sh\nprintf '%s\\n' "${name} $*" >> "$FAKE_LOG"\n${body}\n`);
    chmodSync(tool, 0o755);
  }
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return {
    out,
    root,
    bin,
    run(script, shell, { args = [out], scriptAt = join(out, 'befw-collect.sh'), cwd = base } = {}) {
      writeFileSync(scriptAt, script);
      const result = spawnSync(shell, [scriptAt, ...args], {
        cwd,
        encoding: 'utf8',
        timeout: 30_000,
        env: { PATH: `${bin}:${utilities}`, BEFW_ROOT: root, FAKE_LOG: log, LANG: 'es_ES.UTF-8' },
      });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    calls: () => spawnSync('cat', [log], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean),
    written: () => readdirSync(out).filter((name) => name !== 'befw-collect.sh').sort(),
  };
}

/** Where the test's own PATH finds a command. */
function whereIs(command: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim();
  if (!found.startsWith('/')) throw new Error(`${command} is not on PATH`);
  return found;
}

/** A fake tool's body that prints a fixture file. */
export const prints = (path: string) => `cat '${path}'`;
