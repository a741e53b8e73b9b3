import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

/** The bash the probe tests run scripts with. */
export const BASH = spawnSync('bash', ['-c', 'command -v bash'], { encoding: 'utf8' }).stdout.trim();

/** A port free a moment ago: bound, then closed. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * A new folder under `parent` for PATH: the few tools the scripts need besides timeout, nc and
 * python3 (which a test leaves out or stubs), and the stubs given, by name.
 */
export function toolFolder(parent: string, stubs: Record<string, string>): string {
  const bin = mkdtempSync(join(parent, 'bin-'));
  for (const tool of ['date', 'uname', 'sleep', 'true']) symlinkSync(spawnSync('bash', ['-c', `type -P ${tool}`], { encoding: 'utf8' }).stdout.trim(), join(bin, tool));
  for (const [name, text] of Object.entries(stubs)) {
    writeFileSync(join(bin, name), text);
    chmodSync(join(bin, name), 0o755);
  }
  return bin;
}

/** A word of /bin/sh holding `text`. */
export const shWord = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
