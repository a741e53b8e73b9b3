import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `nft -c -f FILE`: the real nft checks a ruleset without loading it (NOTES.md). It needs nft (Debian
 * package nftables) and CAP_NET_ADMIN (root here and in CI); where either is missing, the reason is
 * returned so the test is skipped, never passed silently.
 */
export type NftCheck = { readonly skip: string } | { readonly status: number; readonly output: string };

let unavailable: string | undefined | null = null;

function run(text: string): { status: number | null; output: string; missing: boolean } {
  const folder = mkdtempSync(join(tmpdir(), 'befw-nft-'));
  try {
    const file = join(folder, 'ruleset.nft');
    writeFileSync(file, text);
    const result = spawnSync('nft', ['-c', '-f', file], { encoding: 'utf8', timeout: 20_000 });
    return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}`, missing: (result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Why nft -c cannot run here, or undefined when it can: asked once, with an empty table. */
function whyUnavailable(): string | undefined {
  if (unavailable !== null) return unavailable;
  const probe = run('table inet befw_probe {\n}\n');
  unavailable = probe.missing
    ? 'nft is not installed (apt-get install nftables)'
    : probe.status !== 0
      ? `nft -c cannot run here (it needs CAP_NET_ADMIN): ${probe.output.trim()}`
      : undefined;
  return unavailable;
}

export function nftCheck(text: string): NftCheck {
  const why = whyUnavailable();
  if (why) return { skip: why };
  const result = run(text);
  return { status: result.status ?? -1, output: result.output };
}
