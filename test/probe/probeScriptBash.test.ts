import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, Socket, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv from 'ajv';
import schema from '../../schemas/probe-result.schema.json';
import { listenScriptBash } from '../../server/src/engine/probe/listenScriptBash';
import { probeScriptBash } from '../../server/src/engine/probe/probeScriptBash';
import type { ListenPlan, ProbePlan, ProbeRecord } from '../../server/src/engine/probe/types';
import { droppingListener } from '../support/droppingListener';

/**
 * The bash scripts run here against localhost: a Node server for open, a port nothing listens on
 * for refused, and for timeout a port whose full queue drops connections (droppingListener).
 */

const BASH = spawnSync('bash', ['-c', 'command -v bash'], { encoding: 'utf8' }).stdout.trim();
const validate = new Ajv({ strict: false }).compile(schema);
const folder = mkdtempSync(join(tmpdir(), 'befw-probe-'));
after(() => rmSync(folder, { recursive: true, force: true }));

let server: Server;
let openPort: number;
let refusedPort: number;
let dropping: ChildProcess;
let droppedPort: number;

/** A port free a moment ago: bound, then closed. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

before(async () => {
  server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  openPort = (server.address() as AddressInfo).port;
  refusedPort = await freePort();
  ({ port: droppedPort, process: dropping } = await droppingListener('127.0.0.1'));
});
after(() => {
  server.close();
  dropping.kill();
});

const HOSTILE = 'fs "01" \\ \u00dcn\u00efc\u00f8d\u00e9 $(touch pwned) `id`';
const plan = (): ProbePlan => ({
  from: 'be01',
  manifestName: 'site.bexnet.yaml',
  targets: [
    { to: 'sql01', address: '127.0.0.1', ports: [{ port: openPort, services: ['Remote Agent control connection (NDMP)'] }] },
    { to: HOSTILE, address: '127.0.0.1', ports: [{ port: refusedPort, services: ['Remote Agent data connections'], sampleOf: `${refusedPort}-${refusedPort + 10}` }] },
    { to: 'be01b', address: '127.0.0.1', ports: [{ port: droppedPort, services: ['Backup Exec Agent Browser (advertising)'] }] },
  ],
  skipped: [{ to: 'm365', what: 'Microsoft 365 (Exchange Online) (TCP 80, 443)', reason: 'its address is any: give one with --address m365=<address>' }],
  timeoutSeconds: 3,
  resultsFile: 'be01.probe.jsonl',
});

function runScript(text: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env) {
  const path = join(folder, 'script.sh');
  writeFileSync(path, text);
  const result = spawnSync(BASH, [path, ...args], { cwd: folder, encoding: 'utf8', env, timeout: 15_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const readResults = (name = 'be01.probe.jsonl') => readFileSync(join(folder, name), 'utf8');

describe('the bash probe script, run against localhost', () => {
  it('is ASCII with Unix line ends, starts with #!/usr/bin/env bash and connects under LC_ALL=C', () => {
    const { text, scriptFile } = probeScriptBash(plan());
    assert.equal(scriptFile, 'befw-probe-be01.sh');
    assert.match(text, /^#!\/usr\/bin\/env bash\n/);
    assert.match(text, /^[\x00-\x7f]*$/);
    assert.doesNotMatch(text, /\r/);
    // Set before anything runs: the classification reads the system's English words.
    const locale = text.indexOf('\nexport LC_ALL=C\n');
    assert.ok(locale > 0 && locale < text.indexOf('\nconnect() {'));
    assert.match(text, /\n {4}message=\$\(timeout "\$timeout_seconds" "\$\{BASH:-bash\}" -c 'exec 3<>"\/dev\/tcp\/\$1\/\$2"' befw-connect "\$1" "\$2" 2>&1\)\n/);
  });

  it('records open, refused and timeout, one schema-valid line per port, keys in order, and says what it does first', () => {
    writeFileSync(join(folder, 'be01.probe.jsonl'), '{"stale":"line"}\n');
    const started = Date.now() - 1000;
    const { code, stdout } = runScript(probeScriptBash(plan()).text);
    const ended = Date.now() + 1000;
    assert.equal(code, 0, stdout);
    const lines = readResults().split('\n');
    assert.equal(lines.pop(), '');
    const records = lines.map((line) => JSON.parse(line) as ProbeRecord);
    for (const record of records) assert.ok(validate(record), JSON.stringify(validate.errors));
    assert.deepEqual(
      records.map(({ at, ...rest }) => rest),
      [
        { from: 'be01', to: 'sql01', protocol: 'tcp', port: openPort, result: 'open', address: '127.0.0.1' },
        { from: 'be01', to: HOSTILE, protocol: 'tcp', port: refusedPort, result: 'refused', address: '127.0.0.1', detail: 'Connection refused' },
        { from: 'be01', to: 'be01b', protocol: 'tcp', port: droppedPort, result: 'timeout', address: '127.0.0.1' },
      ],
    );
    for (const [i, line] of lines.entries()) {
      assert.deepEqual(Object.keys(JSON.parse(line)), ['from', 'to', 'protocol', 'port', 'result', 'at', 'address', ...(i === 1 ? ['detail'] : [])]);
      const at = Date.parse(records[i].at);
      assert.ok(at >= started && at <= ended, records[i].at);
      assert.match(records[i].at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    }
    const said = stdout.split('\n');
    assert.deepEqual(said.slice(1, 8), [
      'befw:   sql01 at 127.0.0.1:',
      'befw:     TCP ' + openPort + ': Remote Agent control connection (NDMP)',
      `befw:   ${HOSTILE} at 127.0.0.1:`,
      `befw:     TCP ${refusedPort} (samples of ${refusedPort}-${refusedPort + 10}): Remote Agent data connections`,
      'befw:   be01b at 127.0.0.1:',
      `befw:     TCP ${droppedPort}: Backup Exec Agent Browser (advertising)`,
      'befw: not tested: m365: Microsoft 365 (Exchange Online) (TCP 80, 443): its address is any: give one with --address m365=<address>',
    ]);
    assert.match(said[0], /^befw: testing from .*, the host be01 of the manifest: a TCP connect to each port below, at most 3 seconds each; nothing else is sent or changed\.$/);
    assert.ok(stdout.indexOf('results go to be01.probe.jsonl (replaced)') < stdout.indexOf('befw: sql01 (127.0.0.1)'));
    assert.match(stdout, new RegExp(`befw: be01b \\(127\\.0\\.0\\.1\\) TCP ${droppedPort}: timeout\\n`));
    assert.match(stdout, /befw: done: 3 port\(s\) tested \(1 open, 1 refused, 1 timeout\); results in be01\.probe\.jsonl\./);
    assert.ok(!readFileSync(join(folder, 'script.sh'), 'utf8').includes('\u00dc'));
  });

  it('writes to the file given as its argument', () => {
    const quick: ProbePlan = { ...plan(), targets: plan().targets.slice(0, 1) };
    const { code } = runScript(probeScriptBash(quick).text, ['other results.jsonl']);
    assert.equal(code, 0);
    assert.equal(JSON.parse(readResults('other results.jsonl')).result, 'open');
  });

  it('uses nc -z -w when timeout is missing, and stops when neither is there', () => {
    const bin = mkdtempSync(join(folder, 'bin-'));
    for (const tool of ['date', 'uname']) symlinkSync(spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim(), join(bin, tool));
    const quick: ProbePlan = { ...plan(), targets: plan().targets.slice(1, 2) };
    const neither = runScript(probeScriptBash(quick).text, [], { PATH: bin });
    assert.equal(neither.code, 2);
    assert.match(neither.stdout, /befw: neither timeout \(coreutils\) nor nc is installed: this script cannot connect with a time limit/);
    writeFileSync(join(bin, 'nc'), `#!/bin/sh\necho "$*" > "${join(bin, 'nc-args')}"\necho "nc: connect to $5 port $6 (tcp) failed: Connection refused" >&2\nexit 1\n`);
    chmodSync(join(bin, 'nc'), 0o755);
    const viaNc = runScript(probeScriptBash(quick).text, [], { PATH: bin });
    assert.equal(viaNc.code, 0, viaNc.stdout);
    assert.match(viaNc.stdout, /befw: timeout \(coreutils\) is not installed: connecting with nc -z -w 3 instead\n/);
    assert.equal(readFileSync(join(bin, 'nc-args'), 'utf8'), `-z -v -w 3 127.0.0.1 ${refusedPort}\n`);
    const record = JSON.parse(readResults()) as ProbeRecord;
    assert.deepEqual([record.result, record.detail], ['refused', 'Connection refused']);
  });
});

describe('the bash listener script, run for a few seconds', () => {
  it('listens on the sampled ports, prints each connection, then closes them and says so', async () => {
    const port = await freePort();
    const listen: ListenPlan = { host: 'sql01', manifestName: 'site.bexnet.yaml', ports: [{ port, services: ['Remote Agent data connections'], sampleOf: `${port}-${port + 49}`, from: ['be01'] }], minutes: 10 };
    const { text, scriptFile } = listenScriptBash(listen);
    assert.equal(scriptFile, 'befw-listen-sql01.sh');
    assert.match(text, /^[\x00-\x7f]*$/);
    const path = join(folder, scriptFile);
    writeFileSync(path, text);
    const child = spawn(BASH, [path, '3'], { cwd: folder });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    while (!output.includes('listening on TCP')) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise<void>((resolve, reject) => {
      const socket = new Socket();
      socket.once('error', reject);
      socket.connect(port, '127.0.0.1', () => socket.end(resolve));
    });
    assert.equal(await closed, 0);
    const connect = () => new Promise<string>((resolve) => new Socket().once('error', (error: NodeJS.ErrnoException) => resolve(error.code!)).connect(port, '127.0.0.1', () => resolve('open')));
    assert.equal(await connect(), 'ECONNREFUSED');
    assert.deepEqual(output.split('\n'), [
      'befw: opening temporary listeners on ' + spawnSync('uname', ['-n'], { encoding: 'utf8' }).stdout.trim() + ', the host sql01 of the manifest, for 3 seconds; each connection is printed, then closed:',
      `befw:   TCP ${port} (samples of ${port}-${port + 49}): Remote Agent data connections, from be01`,
      'befw: listening with python3',
      `befw: listening on TCP ${port}`,
      `befw: connection from 127.0.0.1 to port ${port}`,
      `befw: closed the listeners on TCP ${port}`,
      '',
    ]);
  });
});
