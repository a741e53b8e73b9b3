import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { linuxCollectorScript } from '../../server/src/engine/collect/linuxCollectorScript';
import { tempFolder } from './fakeHost';

/**
 * The collector script run with this machine's own tools: as root in a new, empty network
 * namespace (unshare -n), and as a user without root. Skipped, with the reason, where that
 * cannot be done.
 */

const script = linuxCollectorScript({ host: 'ora01', firewallName: 'ora01-host', manifestName: 'site.bexnet.yaml' }).text;
/** The PATH sudo gives root on Debian (secure_path), where iptables-save and nft live. */
const ROOT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const TOOLS = ['iptables-save', 'ip6tables-save', 'nft'];

const installed = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { env: { PATH: ROOT_PATH } }).status === 0;
const isRoot = process.getuid?.() === 0;

/** Why the real tools cannot be run here, or undefined when they can. */
function cannotRun(needs: string): string | undefined {
  if (!isRoot) return 'not running as root';
  const absent = [...TOOLS, needs].filter((tool) => !installed(tool));
  if (absent.length > 0) return `not installed here: ${absent.join(', ')}`;
  return undefined;
}

function written(folder: string): string[] {
  return readdirSync(folder).filter((name) => name !== 'befw-collect.sh').sort();
}

describe('the Linux collector script with the real tools', () => {
  it('as root in an empty network namespace, saves the empty rulesets of iptables-save, ip6tables-save and nft, and exits 0', (t) => {
    const reason = cannotRun('unshare') ?? (spawnSync('unshare', ['-n', 'true']).status !== 0 ? 'unshare -n is not permitted here' : undefined);
    if (reason) {
      t.skip(reason);
      return;
    }
    const out = tempFolder();
    writeFileSync(join(out, 'befw-collect.sh'), script);
    const result = spawnSync('unshare', ['-n', 'sh', join(out, 'befw-collect.sh')], { cwd: out, encoding: 'utf8', timeout: 60_000, env: { PATH: ROOT_PATH } });
    assert.equal(result.status, 0, result.stderr);
    const saved = ['ora01.iptables', 'ora01.ip6tables', 'ora01.nft'];
    assert.equal(result.stdout, `firewalls:\n  - name: ora01-host\n    host: ora01\n    rules: [${saved.join(', ')}]\n`);
    assert.deepEqual(written(out), [...saved].sort());
    for (const file of saved) assert.equal(readFileSync(join(out, file), 'utf8'), '', file);
    for (const [file, tool] of [
      ['ora01.iptables', 'iptables-save'],
      ['ora01.ip6tables', 'ip6tables-save'],
      ['ora01.nft', 'nft list ruleset'],
    ]) {
      assert.ok(result.stderr.includes(`befw: wrote ${file} (${tool}): empty, no rules are loaded\n`), `${file}: ${result.stderr}`);
    }
    assert.doesNotMatch(result.stderr, /failed|cannot|not running as root/);
  });

  it('as a user without root, the tools refuse, it says they need root, and saves none of their output', (t) => {
    const reason = cannotRun('setpriv');
    if (reason) {
      t.skip(reason);
      return;
    }
    const out = tempFolder();
    chmodSync(out, 0o777);
    writeFileSync(join(out, 'befw-collect.sh'), script);
    const result = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sh', join(out, 'befw-collect.sh')], {
      cwd: out,
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: ROOT_PATH },
    });
    assert.match(result.stderr, /\nbefw: not running as root: iptables-save, ip6tables-save, nft and ufw status need root and may fail; the rest is read\n/);
    for (const tool of ['iptables-save', 'ip6tables-save', 'nft list ruleset']) {
      assert.match(result.stderr, new RegExp(`\\nbefw: ${tool} failed \\(exit \\d+\\) \\(it needs root: run this script with sudo\\): `), tool);
    }
    assert.deepEqual(
      written(out).filter((name) => /\.(iptables|ip6tables|nft)$/.test(name)),
      [],
    );
    // Nothing else is running here to save: no firewalld, no active ufw.
    if (written(out).length === 0) assert.deepEqual([result.status, result.stdout], [1, '']);
  });
});
