import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'out', 'server', 'src', 'cli', 'main.js');

function befw(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** examples/site copied to a new folder: be01 reaches sql01 through "dmz". */
function site(): string {
  const folder = mkdtempSync(join(tmpdir(), 'befw-observed-'));
  cpSync(join(root, 'examples', 'site'), folder, { recursive: true });
  return folder;
}

/** An hour ago, as a probe script writes it (UTC). */
const anHourAgo = new Date(Date.now() - 60 * 60 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
const shown = `${anHourAgo.slice(0, 10)} ${anHourAgo.slice(11, 16)}`;

const line = (port: number, result: string, at = anHourAgo, to = 'sql01') => JSON.stringify({ from: 'be01', to, protocol: 'tcp', port, result, at });

describe('befw check with probe results', () => {
  it('reads the *.probe.jsonl beside the manifest: a timeout the rule files allow is an error (exit 1), an open port they block a warning', () => {
    const folder = site();
    writeFileSync(join(folder, 'be01.probe.jsonl'), [line(10000, 'timeout'), line(50130, 'open')].join('\n') + '\n');
    const { code, stdout } = befw(['check', '.'], folder);
    assert.equal(code, 1);
    const lines = stdout.trim().split('\n').filter((l) => / BEX30\d /.test(l));
    assert.deepEqual(lines, [
      `dmz.fwrules.yaml:5:1 warning BEX301 TCP 50130 from "be01" to "sql01" was open when probed (${shown}, be01.probe.jsonl), but the rule files say no rule of firewall "dmz" allows it. The rule file is out of date: collect the firewall's rules again, or write the rule it really has.`,
      `dmz.fwrules.yaml:6:11 error BEX300 TCP 10000 from "be01" to "sql01" timed out when probed (${shown}, be01.probe.jsonl), but the rule files allow it (rule "BE control and data to sql01" of firewall "dmz" lets it through). Something the manifest does not describe drops it: another firewall on the way, a host firewall not listed, or rules that differ from this file. Find it, or collect the firewall's rules again.`,
    ]);
    assert.match(stdout, /^4 file\(s\) checked: /m, 'the results file counts as checked');
  });

  it('reads --observed files from anywhere, several of them, and --max-age makes old results decide nothing', () => {
    const folder = site();
    const elsewhere = mkdtempSync(join(tmpdir(), 'befw-results-'));
    const old = '2026-01-05T08:00:00+01:00';
    writeFileSync(join(elsewhere, 'a.jsonl'), line(10000, 'timeout', old) + '\n');
    writeFileSync(join(elsewhere, 'b.jsonl'), line(10000, 'timeout', old, 'sql09') + '\n');
    const args = ['check', '.', '--observed', join(elsewhere, 'a.jsonl'), '--observed', join(elsewhere, 'b.jsonl')];
    const stale = befw(args, folder);
    assert.match(stale.stdout, /a\.jsonl:1:\d+ information BEX302 TCP 10000 from "be01" to "sql01" was observed timing out \d+ days ago \(2026-01-05 08:00\), more than the 30 days allowed/);
    assert.match(stale.stdout, /b\.jsonl:1:\d+ information BEX303 .*the manifest has no host "sql09"/, 'given for the one manifest checked, the file is its own');
    assert.doesNotMatch(stale.stdout, /BEX300/);
    const counted = befw([...args, '--max-age', '100000'], folder);
    assert.match(counted.stdout, / error BEX300 TCP 10000 from "be01" to "sql01" timed out when probed \(2026-01-05 08:00, a\.jsonl\)/);
  });

  it('says in words what is wrong with --observed and --max-age (exit 2)', () => {
    const folder = site();
    const missing = befw(['check', '.', '--observed', 'nope.jsonl'], folder);
    assert.deepEqual([missing.code, missing.stderr], [2, 'befw: --observed "nope.jsonl": no such file\nRun "befw --help" for usage.\n']);
    for (const bad of ['0', '1.5', 'soon', '', '1e3', '0x10', ' 7', '99999999999999999999']) {
      const result = befw(['check', '.', '--max-age', bad], folder);
      assert.deepEqual([result.code, result.stderr.split('\n')[0]], [2, `befw: --max-age must be a whole number of days, 1 or more, not "${bad}"`]);
    }
  });

  it('reports a results line that is not one as BEX001 in the results file, in JSON with its range', () => {
    const folder = site();
    writeFileSync(join(folder, 'be01.probe.jsonl'), `${line(10000, 'open')}\n{"from":"be01"\n`);
    const { stdout } = befw(['check', '.', '--format', 'json'], folder);
    const diagnostics = JSON.parse(stdout).diagnostics as { file: string; code: string; range: unknown; message: string }[];
    const results = diagnostics.filter((d) => d.file === 'be01.probe.jsonl');
    assert.deepEqual(results.map((d) => [d.code, d.range, d.message]), [
      ['BEX001', { start: { line: 1, character: 13 }, end: { line: 1, character: 14 } }, 'not a JSON line: the line ends where a } closing an object should come'],
    ]);
  });
});
