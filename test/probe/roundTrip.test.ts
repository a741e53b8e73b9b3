import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runBefw, tempFolders } from '../support/cli';
import { droppingListener, type DroppingListener } from '../support/droppingListener';

/**
 * The whole probe, as an admin runs it, on this machine's loopback: be01 is 127.0.0.1, sql01
 * 127.0.0.2. befw writes the listener script for sql01 and the probe script for be01; the
 * listener runs, the probe runs, and `befw check` reads the results file beside the manifest.
 * One sampled port of the agent range drops connections (a firewall the rule file does not
 * know), two that the rule file blocks answer (the rule file is out of date).
 */

const MANIFEST = [
  'version: 1',
  'settings:',
  '  dynamicPorts: { agent: { enabled: true, range: 61000-61004 } }',
  'hosts:',
  '  - { name: be01, role: backup-exec-server, address: 127.0.0.1 }',
  '  - { name: sql01, role: remote-computer, address: 127.0.0.2 }',
  'firewalls:',
  '  - { name: dmz, rules: dmz.fwrules.yaml, protects: [sql01] }',
  '',
].join('\n');

const RULES = [
  'version: 1',
  'evaluation: first-match',
  'defaults: { inbound: block, outbound: allow }',
  'rules:',
  '  - { name: BE to sql01, action: allow, protocol: tcp, from: [be01], to: [sql01], ports: [10000, 61000-61002] }',
  '  - { name: No more agent ports, action: block, protocol: tcp, from: [any], to: [sql01], ports: [61003-61004] }',
  '',
].join('\n');

const BASH = spawnSync('bash', ['-c', 'command -v bash'], { encoding: 'utf8' }).stdout.trim();
const folders = tempFolders();
let dropped: DroppingListener;

before(async () => {
  dropped = await droppingListener('127.0.0.2', 61002);
});
after(() => dropped.process.kill());

/** Runs the listener script until it says it listens; resolves with a stop that ends it and returns all it printed. */
function startListener(folder: string): Promise<() => Promise<string>> {
  const child = spawn(BASH, ['listen.sh', '60'], { cwd: folder, detached: true });
  let printed = '';
  const ended = new Promise<string>((resolve) => child.on('close', () => resolve(printed)));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString('utf8');
      if (printed.includes('befw: listening on TCP')) resolve(() => (child.kill('SIGTERM'), ended));
    });
    child.on('close', () => reject(new Error(`the listener ended before listening:\n${printed}`)));
  });
}

describe('befw probe, run for real on loopback, read back by befw check', () => {
  it('finds the port a hidden firewall drops (BEX300) and the blocked ports that answer (BEX301); agreeing ports say nothing', async () => {
    const folder = folders({ 'site.bexnet.yaml': MANIFEST, 'dmz.fwrules.yaml': RULES });
    for (const args of [
      ['probe', '--listen', '--host', 'sql01', '--dialect', 'bash', '--output', 'listen.sh', 'site.bexnet.yaml'],
      ['probe', '--host', 'be01', '--dialect', 'bash', '--output', 'probe.sh', 'site.bexnet.yaml'],
    ]) {
      const written = await runBefw(args, folder);
      assert.equal(written.code, 0, written.stderr);
    }

    const stop = await startListener(folder);
    const probe = spawnSync(BASH, ['probe.sh'], { cwd: folder, encoding: 'utf8', timeout: 60_000 });
    const listened = await stop();
    assert.equal(probe.status, 0, probe.stdout + probe.stderr);
    assert.match(listened, /befw: port 61002: something listens there already/);
    assert.match(listened, /befw: listening on TCP 61000, 61001, 61003, 61004\n/);
    assert.match(listened, /befw: connection from 127\.0\.0\.1 to port 61003\n/);
    assert.match(listened, /befw: closed the listeners on TCP 61000 61001 61002 61003 61004\n/);

    const results = readFileSync(join(folder, 'be01.probe.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const byPort = Object.fromEntries(results.filter((r) => r.to === 'sql01').map((r) => [r.port, r.result]));
    assert.deepEqual(byPort, { 10000: 'refused', 61000: 'open', 61001: 'open', 61002: 'timeout', 61003: 'open', 61004: 'open' });

    const checked = await runBefw(['check', '--format', 'json', '.'], folder);
    assert.equal(checked.code, 1, 'the timeout on an allowed port is an error');
    const probeFindings = (JSON.parse(checked.stdout).diagnostics as { file: string; code: string; severity: string; message: string; range: { start: { line: number } } }[])
      .filter((d) => d.code.startsWith('BEX30'))
      .map((d) => [d.code, d.severity, d.file, d.range.start.line, /TCP (\d+)/.exec(d.message)?.[1]]);
    assert.deepEqual(probeFindings.sort(), [
      ['BEX300', 'error', 'dmz.fwrules.yaml', 4, '61002'],
      ['BEX301', 'warning', 'dmz.fwrules.yaml', 5, '61003'],
      ['BEX301', 'warning', 'dmz.fwrules.yaml', 5, '61004'],
    ]);

    const report = await runBefw(['report', '--format', 'markdown', '.'], folder);
    const observedColumn = report.stdout.split('\n').filter((row) => row.startsWith('| Remote Agent')).map((row) => row.split(' | ').at(-1));
    const when = '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d';
    assert.equal(observedColumn.length, 2, report.stdout);
    assert.match(observedColumn[0]!, new RegExp(`^reached \\(refused\\) ${when} from be01 \\|$`));
    assert.match(observedColumn[1]!, new RegExp(`^⚠ observed 4 open, 1 timeout; latest ${when} from be01 — contradicts the rule files \\(BEX300\\) \\|$`));
  });
});
