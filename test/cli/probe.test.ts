import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getDefaultCatalog, getFirewallService } from '../../server/src/engine';
import { listenPlan, probePlan } from '../../server/src/engine/probe/probePlan';
import { listenScript, probeScript } from '../../server/src/engine/probe/probeScripts';
import { runBefw, tempFolders } from '../support/cli';

const folder = tempFolders();

const MANIFEST = [
  'version: 1',
  'settings:',
  '  dynamicPorts: { agent: { enabled: true, range: 50100-50149 } }',
  'hosts:',
  '  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }',
  '  - { name: sql01, role: remote-computer, address: 10.0.2.20 }',
  '  - { name: ora01, role: remote-computer, address: 10.0.2.30, agent: linux }',
  '  - { name: fs-net, role: remote-computer, address: 10.0.3.0/24 }',
  '  - { name: m365, role: m365-endpoints, address: any }',
  'firewalls:',
  '  - { name: be01-host, rules: be01.fwrules.yaml, host: be01 }',
  '',
].join('\n');

const site = () => folder({ 'site.bexnet.yaml': MANIFEST });
const USAGE_HINT = 'Run "befw --help" for usage.\n';
const service = getFirewallService({ fileSystem: { readFile: () => Promise.reject(new Error('not read')) } });
const manifest = () => service.parseManifest({ uri: 'file:///site/site.bexnet.yaml', text: MANIFEST });
const options = { manifestName: 'site.bexnet.yaml' };
const SKIPS = [
  'befw: not tested: fs-net: Remote Agent control connection (NDMP) (TCP 10000): its address is the subnet 10.0.3.0/24: give one with --address fs-net=<address>\n',
  'befw: not tested: fs-net: Remote Agent data connections (TCP 50100-50149): its address is the subnet 10.0.3.0/24: give one with --address fs-net=<address>\n',
].join('');

describe('befw probe', () => {
  it('writes the probe script of a Windows host to stdout in PowerShell, and says on stderr how to run it and what it skips', async () => {
    const { code, stdout, stderr } = await runBefw(['probe', '--host', 'be01', 'site.bexnet.yaml'], site());
    assert.equal(code, 0);
    assert.equal(stdout, probeScript(probePlan(manifest(), getDefaultCatalog(), 'be01', options), 'powershell').text);
    assert.equal(
      stderr,
      'befw: the probe script for be01 is on standard output.\n' +
        'befw: Run it on be01 in PowerShell (.\\befw-probe-be01.ps1): it only connects, and writes be01.probe.jsonl in the folder it runs in; copy that file beside the manifest, where befw check and the editor read it.\n' +
        'befw: Dynamic ports answer only while a job runs: run the listener script (befw probe --listen --host <name>) on sql01, ora01 first.\n' +
        SKIPS,
    );
  });

  it('writes bash for a Linux host by default; --address gives a subnet host one address; --output writes the file', async () => {
    const base = site();
    const { code, stdout, stderr } = await runBefw(['probe', '--host', 'ora01', 'site.bexnet.yaml'], base);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^#!\/usr\/bin\/env bash\n/);
    const written = await runBefw(['probe', '--host', 'be01', '--dialect', 'bash', '--address', 'fs-net=10.0.3.7', '--output', 'probe-be01.sh', 'site.bexnet.yaml'], base);
    assert.deepEqual([written.code, written.stdout], [0, '']);
    const addresses = new Map([['fs-net', '10.0.3.7']]);
    assert.equal(readFileSync(join(base, 'probe-be01.sh'), 'utf8'), probeScript(probePlan(manifest(), getDefaultCatalog(), 'be01', { ...options, addresses }), 'bash').text);
    assert.match(readFileSync(join(base, 'probe-be01.sh'), 'utf8'), /\nprobe_target 'fs-net' '10\.0\.3\.7' ipv4 10000 50100 50112 50125 50137 50149\n/);
    assert.equal(
      written.stderr,
      'befw: wrote the probe script for be01 to probe-be01.sh.\n' +
        'befw: Run it on be01 with bash (bash probe-be01.sh): it only connects, and writes be01.probe.jsonl in the folder it runs in; copy that file beside the manifest, where befw check and the editor read it.\n' +
        'befw: Dynamic ports answer only while a job runs: run the listener script (befw probe --listen --host <name>) on sql01, ora01, fs-net first.\n',
    );
  });

  it('--listen writes the listener script, to run on the destination before the probes', async () => {
    const base = site();
    const { code, stdout, stderr } = await runBefw(['probe', '--listen', '--minutes', '5', '--host', 'sql01', '--output', 'listen.ps1', 'site.bexnet.yaml'], base);
    assert.deepEqual([code, stdout], [0, '']);
    assert.equal(readFileSync(join(base, 'listen.ps1'), 'utf8'), listenScript(listenPlan(manifest(), getDefaultCatalog(), 'sql01', { ...options, minutes: 5 }), 'powershell').text);
    assert.equal(
      stderr,
      'befw: wrote the listener script for sql01 to listen.ps1.\n' +
        'befw: Run it on sql01 in PowerShell (.\\listen.ps1) BEFORE the probe scripts of be01: it listens for 5 minute(s) on the sampled ports of the dynamic ranges, prints each connection and then closes them.\n',
    );
    const nothing = await runBefw(['probe', '--listen', '--host', 'be01', 'site.bexnet.yaml'], base);
    assert.equal(nothing.stderr, 'befw: the listener script for be01 is on standard output.\nbefw: no required flow with a dynamic range ends on be01: the script has nothing to listen on.\n');
  });

  it('exits 2 with words for a wrong call', async () => {
    for (const [args, message] of [
      [['--host', 'SQL01', 'site.bexnet.yaml'], 'the manifest has no host "SQL01" (its hosts: "be01", "sql01", "ora01", "fs-net")'],
      [['--host', 'm365', 'site.bexnet.yaml'], 'host "m365" stands for the Microsoft 365 endpoints, not a computer a script can run on'],
      [['--host', 'be01', '--dialect', 'netsh', 'site.bexnet.yaml'], '--dialect must be powershell (for a Windows host) or bash (for a Linux host), not "netsh"'],
      [['site.bexnet.yaml'], 'probe needs --host <name> (the host of the manifest the script runs on)'],
      [['--host', 'be01'], 'probe needs exactly one manifest (*.bexnet.yaml)'],
      [['--host', 'be01', '--address', 'fs-net', 'site.bexnet.yaml'], '--address "fs-net" must be <host>=<address>'],
      [['--host', 'be01', '--address', '=10.0.0.1', 'site.bexnet.yaml'], '--address "=10.0.0.1" must be <host>=<address>'],
      [['--host', 'be01', '--address', 'nas=10.0.0.1', 'site.bexnet.yaml'], '--address "nas=10.0.0.1": the manifest has no host "nas"'],
      [['--host', 'be01', '--address', 'fs-net=10.0.3.0/24', 'site.bexnet.yaml'], '--address "fs-net=10.0.3.0/24": give one IPv4 or IPv6 address or a DNS name, not a subnet, a range or any'],
      [['--host', 'be01', '--address', 'fs-net=any', 'site.bexnet.yaml'], '--address "fs-net=any": give one IPv4 or IPv6 address or a DNS name, not a subnet, a range or any'],
      [['--host', 'be01', '--address', 'fs-net=10.0.3.7', '--listen', 'site.bexnet.yaml'], '--address is for the probe script: the listener script connects nowhere'],
      [['--host', 'sql01', '--minutes', '5', 'site.bexnet.yaml'], '--minutes is for the listener script: add --listen'],
      [['--host', 'sql01', '--listen', '--minutes', '0', 'site.bexnet.yaml'], '--minutes must be a whole number of minutes from 1 to 120, not "0"'],
      [['--host', 'sql01', '--listen', '--minutes', '121', 'site.bexnet.yaml'], '--minutes must be a whole number of minutes from 1 to 120, not "121"'],
      [['--host', 'sql01', '--listen', '--minutes', '2.5', 'site.bexnet.yaml'], '--minutes must be a whole number of minutes from 1 to 120, not "2.5"'],
    ] as const) {
      const { code, stdout, stderr } = await runBefw(['probe', ...args], site());
      assert.deepEqual([code, stdout, stderr], [2, '', `befw: ${message}\n${USAGE_HINT}`], args.join(' '));
    }
  });

  it('never writes over the manifest or a rule file it names', async () => {
    const base = site();
    for (const [output, what] of [
      ['site.bexnet.yaml', 'the manifest'],
      ['./be01.fwrules.yaml', 'a rule file the manifest names'],
    ]) {
      const { code, stderr } = await runBefw(['probe', '--host', 'be01', '--output', output, 'site.bexnet.yaml'], base);
      assert.deepEqual([code, stderr], [2, `befw: --output "${output}" is ${what}; write the script to another file\n${USAGE_HINT}`], output);
    }
    assert.equal(readFileSync(join(base, 'site.bexnet.yaml'), 'utf8'), MANIFEST);
  });

  it('is in the usage text', async () => {
    const { stdout } = await runBefw(['--help'], site());
    assert.match(stdout, /\n {2}befw probe --host <name> \[--dialect powershell\|bash\] \[--listen\] \[--minutes <n>\]\n {13}\[--address <host>=<address>\]\.\.\. \[--output <file>\] \[--max-file-size <MB>\] <manifest>\n/);
  });
});
