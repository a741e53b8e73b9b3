import { spawnSync } from 'node:child_process';

/**
 * The real iptables-restore, for tests that check befw's output with it (NOTES.md: `--test` parses
 * and builds the ruleset without committing it; `unshare -n` runs it in an empty network namespace,
 * so the machine's firewall is never touched). It needs root; without the tool or root, tests skip.
 */

export interface RestoreResult {
  readonly status: number | null;
  readonly output: string;
}

/** Why the tool cannot run here, or undefined when it can. */
export function restoreUnavailable(tool = 'iptables-restore'): string | undefined {
  if (process.getuid?.() !== 0) return `${tool} --test needs root (CAP_NET_ADMIN); this test runs as uid ${process.getuid?.()}`;
  const probe = spawnSync('unshare', ['-n', tool, '--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `${tool} (run in unshare -n) is not available here: ${probe.error?.message ?? probe.stderr.trim()}`;
  return undefined;
}

/** `unshare -n <tool> --test < text`. */
export function restoreTest(text: string, tool = 'iptables-restore'): RestoreResult {
  const run = spawnSync('unshare', ['-n', tool, '--test'], { input: text, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}
