import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * firewalld's own checker, run on a configuration folder of its own: `--system-config` points it away
 * from /etc/firewalld, so the host's firewall configuration is neither read nor written (NOTES.md).
 */

const STOCK_CONFIG = '/usr/lib/firewalld';

/** Why the checker cannot run here (tests skip with it), or undefined when it can. */
export const offlineCmdUnavailable: string | undefined = (() => {
  const version = spawnSync('firewall-offline-cmd', ['--version'], { encoding: 'utf8' });
  if (version.error) return 'firewall-offline-cmd is not installed (Debian package firewalld)';
  if (!existsSync(STOCK_CONFIG)) return `firewalld's stock configuration ${STOCK_CONFIG} is missing`;
  // It refuses other users: "You need to be root to run /usr/bin/firewall-offline-cmd." (exit 255).
  if (process.getuid?.() !== 0) return 'firewall-offline-cmd runs only as root';
  return undefined;
})();

/** `firewall-offline-cmd --check-config` on a configuration that holds this zone file alone. */
export function checkZone(text: string, zone = 'befwcheck'): { status: number | null; output: string } {
  const folder = mkdtempSync(join(tmpdir(), 'befw-firewalld-'));
  try {
    mkdirSync(join(folder, 'zones'));
    writeFileSync(join(folder, 'firewalld.conf'), 'DefaultZone=public\n');
    writeFileSync(join(folder, 'zones', `${zone}.xml`), text);
    const result = spawnSync('firewall-offline-cmd', ['--system-config', folder, '--default-config', STOCK_CONFIG, '--check-config'], { encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
