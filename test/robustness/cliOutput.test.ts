import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { builtCli, cleanManifest, cleanRules, NODE_WORDING, runBefw, spawnBefw, spawnBefwAsync, tempFolders } from '../support/cli';

const folder = tempFolders();
const badRule = (name: string) => `version: 1\nrules:\n  - { name: ${JSON.stringify(name)}, action: allow, from: any, to: any, ports: [70000] }\n`;
/** C0 controls but LF (which separates lines), DEL and C1: none may reach a terminal raw. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('befw check output: what a file name or a file can make it print', () => {
  it('a file named with ESC, BEL, CR and LF prints escaped, and forges neither a finding line nor a summary', async () => {
    const forged = 'evil\u001b]0;pwned\u0007\u001b[2J\r\nforged.fwrules.yaml:1:1 error BEX100 forged\n0 file(s) checked: 0 error(s), 0 warning(s), 0 information.\nx.fwrules.yaml';
    const base = folder({ [forged]: badRule('rule\u001b[31m') });
    const { stdout } = await runBefw(['check', '.'], base);
    assert.doesNotMatch(stdout, RAW_CONTROL);
    const lines = stdout.split('\n');
    assert.equal(lines.length, 3, stdout);
    assert.ok(lines[0].startsWith('evil\\u001b]0;pwned\\u0007\\u001b[2J\\u000d\\u000aforged.fwrules.yaml:1:1 error BEX100 forged\\u000a0 file(s) checked'), lines[0]);
    assert.match(lines[0], /x\.fwrules\.yaml:3:\d+ error BEX200 Rule "rule\\u001b\[31m": 70000 is outside 1-65535\.$/);
    assert.equal(lines[1], '1 file(s) checked: 1 error(s), 0 warning(s), 0 information.');
  });

  it('JSON and SARIF keep such a name exactly (escaped by JSON, so still valid)', async () => {
    const name = 'a\u001b[2J\nb.fwrules.yaml';
    const base = folder({ [name]: badRule('r') });
    const json = JSON.parse((await runBefw(['check', '.', '--format', 'json'], base)).stdout);
    assert.equal(json.diagnostics[0].file, name);
    const sarif = JSON.parse((await runBefw(['check', '.', '--format', 'sarif'], base)).stdout);
    const [run] = sarif.runs;
    const uri = run.results[0].locations[0].physicalLocation.artifactLocation.uri as string;
    assert.equal(fileURLToPath(new URL(uri, run.originalUriBaseIds['%SRCROOT%'].uri)), join(realpathSync(base), name));
  });

  it('SARIF artifact URIs are URI references that resolve to the real file (space, #, %20, é)', async () => {
    const names = ['with space/a.fwrules.yaml', 'hash#1/b.fwrules.yaml', 'pct%20/c.fwrules.yaml', 'caf\u00e9/d.fwrules.yaml', 'x:y/e.fwrules.yaml', 'f?g/h.fwrules.yaml'];
    const base = folder(Object.fromEntries(names.map((name) => [name, badRule('r')])));
    const { stdout } = await runBefw(['check', '.', '--format', 'sarif'], base);
    const [run] = JSON.parse(stdout).runs;
    const srcRoot = run.originalUriBaseIds['%SRCROOT%'].uri as string;
    const resolved = (run.results as { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[]).map((r) => {
      const uri = r.locations[0].physicalLocation.artifactLocation.uri;
      assert.doesNotMatch(uri, /[ #?é]|%(?![0-9A-F]{2})/, `${uri} is not a percent-encoded URI reference`);
      return fileURLToPath(new URL(uri, srcRoot));
    });
    assert.deepEqual(resolved.sort(), names.map((name) => join(base, name)).sort());
    assert.ok(resolved.every((path) => existsSync(path)));
  });

  it('20 MB of random bytes named *.bexnet.yaml: a bounded message, no stack trace', { timeout: 120_000 }, () => {
    const base = folder({ 'noise.bexnet.yaml': randomBytes(20_000_000) });
    const { code, stdout, stderr } = spawnBefw(['check', '.'], base);
    assert.equal(code, 1, stderr);
    assert.doesNotMatch(stderr, NODE_WORDING);
    const longest = Math.max(...`${stdout}\n${stderr}`.split('\n').map((line) => line.length));
    assert.ok(longest < 2000, `longest line: ${longest} characters`);
  });

  it('1 MB of random printable text and controls as manifest and rule file: every line stays under 2,000 characters', { timeout: 120_000 }, () => {
    const noise = () => Buffer.from(randomBytes(1_000_000).map((byte) => byte & 0x7f));
    const base = folder({ 'noise.bexnet.yaml': noise(), 'noise.fwrules.yaml': noise() });
    const { code, stdout, stderr } = spawnBefw(['check', '.'], base);
    assert.equal(code, 1, stderr);
    assert.doesNotMatch(stdout, RAW_CONTROL);
    const longest = Math.max(...`${stdout}\n${stderr}`.split('\n').map((line) => line.length));
    assert.ok(longest < 2000, `longest line: ${longest} characters`);
  });
});

describe('befw check when stdout cannot be written', () => {
  const site = (rules = cleanRules) => folder({ 'site.bexnet.yaml': cleanManifest(), 'core.fwrules.yaml': rules });

  // The reader end of the pipe is destroyed before befw writes, as with `befw check . | (exec 0<&-; sleep 1)`.
  const closedPipe = (base: string) => spawnBefwAsync(['check', '.'], base, ['ignore', 'pipe', 'pipe'], (child) => child.stdout!.destroy());

  it('a closed pipe: stops quietly with the exit code of the run (0 for a clean folder)', async () => {
    const { code, stderr } = await closedPipe(site());
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });

  it('a closed pipe: stops quietly with the exit code of the run (1 for errors)', async () => {
    const { code, stderr } = await closedPipe(site('version: 1\nrules: []\n'));
    assert.equal(stderr, '');
    assert.equal(code, 1);
  });

  it('a full disk (/dev/full): one line on stderr and exit code 2', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const { code, stderr } = await spawnBefwAsync(['check', '.'], site(), ['ignore', full, 'pipe']);
      assert.equal(stderr, 'befw: cannot write the output: the disk is full.\n');
      assert.equal(code, 2);
    } finally {
      closeSync(full);
    }
  });

  it('a current folder removed under the shell: one sentence, exit 2, no stack trace', () => {
    const gone = folder();
    const shell = spawnSync('sh', ['-c', `cd "$1" && rmdir "$1" && exec "$2" "$3" check .`, 'sh', gone, process.execPath, builtCli], { encoding: 'utf8', timeout: 30_000 });
    assert.deepEqual([shell.status, shell.stdout, shell.stderr], [2, '', 'befw: the current folder no longer exists (deleted or unmounted): change to a folder that does, and run befw again.\n']);
  });
});
