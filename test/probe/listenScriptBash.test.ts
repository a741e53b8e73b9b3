import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { listenScriptBash } from '../../server/src/engine/probe/listenScriptBash';
import type { ListenPlan } from '../../server/src/engine/probe/types';
import { BASH, freePort, shWord, toolFolder } from '../support/probeTools';

/** The bash listener script runs here: with python3 on a real port; with stub netcats that print what real ones print. */

const folder = mkdtempSync(join(tmpdir(), 'befw-listen-'));
after(() => rmSync(folder, { recursive: true, force: true }));
const HOST_NAME = spawnSync('uname', ['-n'], { encoding: 'utf8' }).stdout.trim();
const listenPlanOn = (port: number): ListenPlan => ({ host: 'sql01', manifestName: 'site.bexnet.yaml', ports: [{ port, services: ['Remote Agent data connections'], sampleOf: `${port}-${port + 49}`, from: ['be01'] }], minutes: 10 });
const opening = (port: number, seconds: number) => [
  `befw: opening temporary listeners on ${HOST_NAME}, the host sql01 of the manifest, for ${seconds} seconds; each connection is printed, then closed:`,
  `befw:   TCP ${port} (samples of ${port}-${port + 49}): Remote Agent data connections, from be01`,
];

describe('the bash listener script, with python3', () => {
  it('listens on the sampled ports, prints each connection, then closes them and says so', async () => {
    const port = await freePort();
    const listen = listenPlanOn(port);
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

/**
 * What three netcats print (-v, on stderr) when they listen on 41101, captured from Debian 12's
 * ncat 7.93, netcat-openbsd 1.219-1 and netcat-traditional 1.10-47: two connections from
 * 127.0.0.1 (and one from ::1 for ncat, which listens on IPv6 too), or the port taken.
 */
interface NcListener {
  readonly name: string;
  readonly help: string;
  readonly args: string;
  /** What nc prints as it listens; traditional nc ends after one connection, then says `again` when started again. */
  readonly listens: readonly string[];
  readonly again?: readonly string[];
  readonly taken: readonly string[];
  readonly takenCode: number;
  readonly said: readonly string[];
}
const NC_LISTENERS: readonly NcListener[] = [
  {
    name: 'OpenBSD',
    help: 'OpenBSD netcat (Debian patchlevel 1.219-1)',
    args: '-l -k -v -n 41101',
    listens: ['Listening on 0.0.0.0 41101', 'Connection received on 127.0.0.1 45330', 'Connection received on 127.0.0.1 45340'],
    taken: ['nc: Address already in use'],
    takenCode: 1,
    said: [
      'befw: python3 is not installed: listening with OpenBSD nc -k, on IPv4 only',
      'befw: listening on TCP 41101',
      'befw: connection from 127.0.0.1 to port 41101',
      'befw: connection from 127.0.0.1 to port 41101',
    ],
  },
  {
    name: 'ncat',
    help: 'Ncat 7.93 ( https://nmap.org/ncat )',
    args: '-l -k -v -n 41101',
    listens: [
      'Ncat: Version 7.93 ( https://nmap.org/ncat )',
      'Ncat: Listening on :::41101',
      'Ncat: Listening on 0.0.0.0:41101',
      'Ncat: Connection from 127.0.0.1.',
      'Ncat: Connection from 127.0.0.1:44272.',
      'Ncat: Connection from ::1.',
      'Ncat: Connection from ::1:41738.',
    ],
    taken: ['Ncat: Version 7.93 ( https://nmap.org/ncat )', 'Ncat: Listening on :::41101', 'Ncat: bind to 0.0.0.0:41101: Address already in use. QUITTING.'],
    takenCode: 2,
    said: ['befw: python3 is not installed: listening with ncat -k', 'befw: listening on TCP 41101', 'befw: connection from 127.0.0.1 to port 41101', 'befw: connection from ::1 to port 41101'],
  },
  {
    name: 'traditional',
    help: '[v1.10-47]',
    args: '-l -v -n -p 41101',
    listens: ['listening on [any] 41101 ...', 'connect to [127.0.0.1] from (UNKNOWN) [127.0.0.1] 34442'],
    again: ['listening on [any] 41101 ...'],
    taken: ['retrying local 0.0.0.0:41101 : Address already in use', 'retrying local 0.0.0.0:41101 : Address already in use', "Can't grab 0.0.0.0:41101 with bind"],
    takenCode: 1,
    said: [
      'befw: python3 is not installed: listening with traditional nc, on IPv4 only; it takes one connection, then listens again: a connect in that moment is refused',
      'befw: listening on TCP 41101',
      'befw: connection from 127.0.0.1 to port 41101',
    ],
  },
];

/** An nc that prints what `variant` does, then listens (sleeps) until the script stops it, or fails as `failure` says; any other call fails the test. */
function ncListenerStub(variant: NcListener, failure?: { lines: readonly string[]; code: number }): string {
  const print = (lines: readonly string[]) => `printf '%s\\n' ${lines.map(shWord).join(' ')} >&2`;
  const started = join(folder, `nc-started-${variant.name}`);
  rmSync(started, { force: true });
  return [
    '#!/bin/sh',
    `case "$*" in -h) echo ${shWord(variant.help)} >&2; exit 1 ;; ${shWord(variant.args)}) ;; *) echo "nc stub: unexpected arguments: $*" >&2; exit 99 ;; esac`,
    failure ? `${print(failure.lines)}; exit ${failure.code}` : variant.again ? `if [ -e ${shWord(started)} ]; then ${print(variant.again)}; exec sleep 30; fi; : >${shWord(started)}; ${print(variant.listens)}; exit 0` : `${print(variant.listens)}; exec sleep 30`,
    '',
  ].join('\n');
}

function runListener(bin: string, seconds: number): { code: number | null; lines: string[] } {
  const path = join(folder, 'listen.sh');
  writeFileSync(path, listenScriptBash(listenPlanOn(41101)).text);
  const result = spawnSync(BASH, [path, String(seconds)], { cwd: folder, encoding: 'utf8', env: { PATH: bin }, timeout: 15_000 });
  return { code: result.status, lines: result.stdout.split('\n') };
}

describe('the bash listener script, with nc when python3 is missing', () => {
  for (const variant of NC_LISTENERS) {
    it(`keeps listening with ${variant.name} nc and prints each connection as befw does`, () => {
      const bin = toolFolder(folder, { nc: ncListenerStub(variant) });
      assert.deepEqual(runListener(bin, 1), { code: 0, lines: [...opening(41101, 1), ...variant.said, 'befw: closed the listeners on TCP 41101', ''] });
    });

    it(`says when the port is taken, with ${variant.name} nc`, () => {
      const bin = toolFolder(folder, { nc: ncListenerStub(variant, { lines: variant.taken, code: variant.takenCode }) });
      assert.deepEqual(runListener(bin, 1), {
        code: 0,
        lines: [...opening(41101, 1), variant.said[0], 'befw: port 41101: something listens there already', 'befw: closed the listeners on TCP 41101', ''],
      });
    });
  }

  it('says why nc cannot listen, and does not start it again', () => {
    // netcat-openbsd 1.219-1 run as an unprivileged user on port 80.
    const bin = toolFolder(folder, { nc: ncListenerStub(NC_LISTENERS[0], { lines: ['nc: Permission denied'], code: 1 }) });
    assert.deepEqual(runListener(bin, 1), {
      code: 0,
      lines: [...opening(41101, 1), NC_LISTENERS[0].said[0], 'befw: port 41101: nc cannot listen: Permission denied', 'befw: closed the listeners on TCP 41101', ''],
    });
  });
});
