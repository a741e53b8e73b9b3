import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv from 'ajv';
import schema from '../../schemas/probe-result.schema.json';
import { probeScriptBash } from '../../server/src/engine/probe/probeScriptBash';
import type { ProbePlan, ProbeRecord } from '../../server/src/engine/probe/types';
import { droppingListener } from '../support/droppingListener';
import { BASH, freePort, shWord, toolFolder } from '../support/probeTools';

/**
 * The bash probe script runs here against localhost: a Node server for open, a port nothing listens on
 * for refused, and for timeout a port whose full queue drops connections (droppingListener).
 */

const validate = new Ajv({ strict: false }).compile(schema);
const folder = mkdtempSync(join(tmpdir(), 'befw-probe-'));
after(() => rmSync(folder, { recursive: true, force: true }));

let server: Server;
let openPort: number;
let refusedPort: number;
let dropping: ChildProcess;
let droppedPort: number;

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

/**
 * What three netcats print (nc -z -v -w 3, stderr and stdout), captured from Debian 12's ncat 7.93,
 * netcat-openbsd 1.219-1 and netcat-traditional 1.10-47: a port that listens (45997), one that
 * refuses (45999), one whose SYNs are dropped (50181), a name that does not resolve, and ::1.
 */
interface NcVariant {
  readonly name: string;
  readonly help: string;
  /** By nc's arguments: what it prints, and its exit code. */
  readonly answers: Readonly<Record<string, readonly [string[], number]>>;
  readonly records: readonly (readonly [string, number, string, string | undefined])[];
  readonly said: readonly string[];
  readonly code: number;
}
const NC_PLAN: ProbePlan = {
  from: 'be01',
  manifestName: 'site.bexnet.yaml',
  targets: [
    { to: 'sql01', address: '127.0.0.1', ports: [45997, 45999, 50181].map((port) => ({ port, services: ['Remote Agent data connections'] })) },
    { to: 'nx', address: 'nosuch.invalid', ports: [{ port: 10000, services: ['Remote Agent control connection (NDMP)'] }] },
    { to: 'v6', address: '::1', ports: [{ port: 45999, services: ['Remote Agent data connections'] }] },
  ],
  skipped: [],
  timeoutSeconds: 3,
  resultsFile: 'be01.probe.jsonl',
};
const NCAT_VERSION = 'Ncat: Version 7.93 ( https://nmap.org/ncat )';
const NC_VARIANTS: readonly NcVariant[] = [
  {
    name: 'OpenBSD',
    help: 'OpenBSD netcat (Debian patchlevel 1.219-1)',
    answers: {
      '-n -z -v -w 3 127.0.0.1 45997': [['Connection to 127.0.0.1 45997 port [tcp/*] succeeded!'], 0],
      '-n -z -v -w 3 127.0.0.1 45999': [['nc: connect to 127.0.0.1 port 45999 (tcp) failed: Connection refused'], 1],
      '-n -z -v -w 3 127.0.0.1 50181': [['nc: connect to 127.0.0.1 port 50181 (tcp) timed out: Operation now in progress'], 1],
      '-z -v -w 3 nosuch.invalid 10000': [['nc: getaddrinfo for host "nosuch.invalid" port 10000: Name or service not known'], 1],
      '-n -z -v -w 3 ::1 45999': [['nc: connect to ::1 port 45999 (tcp) failed: Connection refused'], 1],
    },
    records: [
      ['sql01', 45997, 'open', undefined],
      ['sql01', 45999, 'refused', 'Connection refused'],
      ['sql01', 50181, 'timeout', 'Operation now in progress'],
      ['nx', 10000, 'timeout', 'Name or service not known'],
      ['v6', 45999, 'refused', 'Connection refused'],
    ],
    said: [
      'befw: no timeout that works (coreutils or BusyBox): connecting with nc -z -w 3 instead (OpenBSD nc)',
      'befw: results go to be01.probe.jsonl (replaced)',
      'befw: sql01 (127.0.0.1) TCP 45997: open',
      'befw: sql01 (127.0.0.1) TCP 45999: refused (Connection refused)',
      'befw: sql01 (127.0.0.1) TCP 50181: timeout (Operation now in progress)',
      'befw: nx (nosuch.invalid) TCP 10000: timeout (Name or service not known)',
      'befw: v6 (::1) TCP 45999: refused (Connection refused)',
      'befw: done: 5 port(s) tested (1 open, 2 refused, 2 timeout); results in be01.probe.jsonl. refused means the host was reached (some firewalls reject with a reset too); timeout means it was not.',
    ],
    code: 0,
  },
  {
    name: 'ncat',
    help: 'Ncat 7.93 ( https://nmap.org/ncat )',
    answers: {
      '-n -z -v -w 3 127.0.0.1 45997': [[NCAT_VERSION, 'Ncat: Connected to 127.0.0.1:45997.', 'Ncat: 0 bytes sent, 0 bytes received in 0.06 seconds.'], 0],
      '-n -z -v -w 3 127.0.0.1 45999': [[NCAT_VERSION, 'Ncat: Connection refused.'], 1],
      '-n -z -v -w 3 127.0.0.1 50181': [[NCAT_VERSION, 'Ncat: TIMEOUT.'], 1],
      '-z -v -w 3 nosuch.invalid 10000': [[NCAT_VERSION, 'Ncat: Could not resolve hostname "nosuch.invalid": Name or service not known. QUITTING.'], 2],
      '-n -z -v -w 3 ::1 45999': [[NCAT_VERSION, 'Ncat: Connection refused.'], 1],
    },
    records: [
      ['sql01', 45997, 'open', undefined],
      ['sql01', 45999, 'refused', 'Connection refused'],
      ['sql01', 50181, 'timeout', 'TIMEOUT'],
      ['nx', 10000, 'timeout', 'Name or service not known'],
      ['v6', 45999, 'refused', 'Connection refused'],
    ],
    said: [
      'befw: no timeout that works (coreutils or BusyBox): connecting with nc -z -w 3 instead (ncat nc)',
      'befw: results go to be01.probe.jsonl (replaced)',
      'befw: sql01 (127.0.0.1) TCP 45997: open',
      'befw: sql01 (127.0.0.1) TCP 45999: refused (Connection refused)',
      'befw: sql01 (127.0.0.1) TCP 50181: timeout (TIMEOUT)',
      'befw: nx (nosuch.invalid) TCP 10000: timeout (Name or service not known)',
      'befw: v6 (::1) TCP 45999: refused (Connection refused)',
      'befw: done: 5 port(s) tested (1 open, 2 refused, 2 timeout); results in be01.probe.jsonl. refused means the host was reached (some firewalls reject with a reset too); timeout means it was not.',
    ],
    code: 0,
  },
  {
    name: 'traditional',
    help: '[v1.10-47]',
    answers: {
      '-n -z -v -w 3 127.0.0.1 45997': [['(UNKNOWN) [127.0.0.1] 45997 (?) open'], 0],
      '-n -z -v -w 3 127.0.0.1 45999': [['(UNKNOWN) [127.0.0.1] 45999 (?) : Connection refused'], 1],
      '-n -z -v -w 3 127.0.0.1 50181': [['(UNKNOWN) [127.0.0.1] 50181 (?) : Connection timed out'], 1],
      '-z -v -w 3 nosuch.invalid 10000': [['nosuch.invalid: forward host lookup failed: Unknown host'], 1],
      '-n -z -v -w 3 ::1 45999': [["Can't parse ::1 as an IP address"], 1],
    },
    records: [
      ['sql01', 45997, 'open', undefined],
      ['sql01', 45999, 'refused', 'Connection refused'],
      ['sql01', 50181, 'timeout', 'Connection timed out'],
      ['nx', 10000, 'timeout', 'Unknown host'],
    ],
    said: [
      'befw: no timeout that works (coreutils or BusyBox): connecting with nc -z -w 3 instead (traditional nc)',
      'befw: traditional nc cannot connect over IPv6: the ports at an IPv6 address are not tested',
      'befw: results go to be01.probe.jsonl (replaced)',
      'befw: sql01 (127.0.0.1) TCP 45997: open',
      'befw: sql01 (127.0.0.1) TCP 45999: refused (Connection refused)',
      'befw: sql01 (127.0.0.1) TCP 50181: timeout (Connection timed out)',
      'befw: nx (nosuch.invalid) TCP 10000: timeout (Unknown host)',
      'befw: v6 (::1) TCP 45999: not tested: traditional nc cannot connect over IPv6',
      'befw: done: 4 port(s) tested (1 open, 1 refused, 2 timeout); results in be01.probe.jsonl. refused means the host was reached (some firewalls reject with a reset too); timeout means it was not.',
      'befw: 1 port(s) not tested: traditional nc cannot connect over IPv6; install coreutils (for timeout), OpenBSD nc or ncat to test them',
    ],
    code: 1,
  },
];

/** An nc that answers as `variant` does, by its arguments; any others are a failure of the test. */
function ncStub(variant: NcVariant): string {
  return [
    '#!/bin/sh',
    'case "$*" in',
    `  -h) echo ${shWord(variant.help)} >&2; exit 1 ;;`,
    ...Object.entries(variant.answers).map(([args, [lines, code]]) => `  ${shWord(args)}) printf '%s\\n' ${lines.map(shWord).join(' ')} >&2; exit ${code} ;;`),
    'esac',
    'echo "nc stub: unexpected arguments: $*" >&2',
    'exit 99',
    '',
  ].join('\n');
}

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
    assert.match(text, /\n {4}message=\$\(timeout "\$\{timeout_form\[@\]\}" "\$\{BASH:-bash\}" -c 'exec 3<>"\/dev\/tcp\/\$1\/\$2"' befw-connect "\$1" "\$2" 2>&1\)\n/);
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

  it('stops when it has neither timeout nor nc', () => {
    const quick: ProbePlan = { ...plan(), targets: plan().targets.slice(1, 2) };
    const neither = runScript(probeScriptBash(quick).text, [], { PATH: toolFolder(folder, {}) });
    assert.equal(neither.code, 2);
    assert.match(neither.stdout, /befw: neither timeout \(coreutils\) nor nc is installed: this script cannot connect with a time limit/);
  });

  for (const variant of NC_VARIANTS) {
    it(`without timeout, connects with ${variant.name} nc and reads its words: refused anywhere, the detail from the last line, -n for an IP address`, () => {
      const bin = toolFolder(folder, { nc: ncStub(variant) });
      const { code, stdout } = runScript(probeScriptBash(NC_PLAN).text, [], { PATH: bin });
      const results = readResults().trim().split('\n').map((line) => JSON.parse(line) as ProbeRecord);
      assert.deepEqual(
        results.map((r) => [r.to, r.port, r.result, r.detail]),
        variant.records,
      );
      const said = stdout.split('\n');
      assert.deepEqual(said.slice(said.findIndex((line) => line.startsWith('befw: no timeout')), -1), variant.said);
      assert.equal(code, variant.code, stdout);
    });
  }

  it('uses the BusyBox form timeout -t when timeout takes no plain number', () => {
    const bin = toolFolder(folder, {
      // An old BusyBox timeout: only -t SECONDS; when the time runs out it kills the command with TERM (exit 143).
      timeout: [
        `#!${BASH}`,
        `echo "$*" >>"${folder}/timeout-args"`,
        `[ "$1" = -t ] || { echo "timeout: can't execute '$1': No such file or directory" >&2; exit 127; }`,
        'seconds=$2',
        'shift 2',
        '"$@" &',
        'command=$!',
        '( sleep "$seconds"; kill -TERM "$command" ) >/dev/null 2>&1 &',
        'sleeper=$!',
        'wait "$command"',
        'status=$?',
        'kill "$sleeper" 2>/dev/null',
        'exit "$status"',
        '',
      ].join('\n'),
    });
    rmSync(join(folder, 'timeout-args'), { force: true });
    const { code, stdout } = runScript(probeScriptBash(plan()).text, [], { PATH: bin });
    assert.equal(code, 0, stdout);
    assert.match(stdout, /\nbefw: connecting with bash's \/dev\/tcp under BusyBox's timeout -t 3\n/);
    assert.deepEqual(
      readResults().trim().split('\n').map((line) => [JSON.parse(line).result, JSON.parse(line).detail]),
      [['open', undefined], ['refused', 'Connection refused'], ['timeout', undefined]],
    );
    const calls = readFileSync(join(folder, 'timeout-args'), 'utf8').split('\n');
    assert.deepEqual(calls.slice(0, 2), ['1 true', '-t 1 true']);
    assert.equal(calls[2], `-t 3 ${BASH} -c exec 3<>"/dev/tcp/$1/$2" befw-connect 127.0.0.1 ${openPort}`);
  });

  it('says so and exits 1 when a result cannot be written', () => {
    const quick: ProbePlan = { ...plan(), targets: plan().targets.slice(0, 1) };
    const { code, stdout } = runScript(probeScriptBash(quick).text, ['/dev/full']);
    assert.deepEqual(stdout.split('\n').slice(-4), [
      'befw: results go to /dev/full (replaced)',
      `befw: sql01 (127.0.0.1) TCP ${openPort}: open`,
      'befw: cannot write to /dev/full (No space left on device): the results there are incomplete; give a results file you can write as the first argument and run this script again',
      '',
    ]);
    assert.equal(code, 1);
  });
});
