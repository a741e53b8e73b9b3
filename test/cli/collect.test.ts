import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { linuxCollectorScript } from '../../server/src/engine/collect/linuxCollectorScript';
import { collectorScript } from '../../server/src/engine/dialects/windows-collector/collectorScript';
import { NODE_WORDING, runBefw, tempFolders } from '../support/cli';

const folder = tempFolders();

const MANIFEST = [
  'version: 1',
  'settings:',
  '  dynamicPorts: { agent: { enabled: true, range: 50100-50149 } }',
  'hosts:',
  '  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }',
  '  - { name: sql01, role: remote-computer, address: 10.0.2.20 }',
  '  - { name: ora01, role: remote-computer, address: 10.0.2.30, agent: linux }',
  '  - { name: web02, role: remote-computer, address: 10.0.2.31, agent: linux }',
  '  - { name: admin01, role: remote-administration-console, address: 10.0.3.5 }',
  '  - { name: m365, role: m365-endpoints, address: any }',
  'firewalls:',
  '  - { name: sql01-host, rules: sql01.befw-firewall.json, host: sql01 }',
  '  - { name: be01-host, rules: be01-firewall.ps1, host: be01 }',
  '  - { name: \'web02 "edge" firewall\', rules: [web02.iptables, web02.nft], host: web02 }',
  '',
].join('\n');

const site = () => folder({ 'site.bexnet.yaml': MANIFEST, 'be01-firewall.ps1': "New-NetFirewallRule -DisplayName 'BE' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 6101\n" });
const USAGE_HINT = 'Run "befw --help" for usage.\n';

describe('befw collect', () => {
  it('writes the collector script of a Windows host to stdout, and nothing else', async () => {
    const { code, stdout, stderr } = await runBefw(['collect', '--host', 'sql01', 'site.bexnet.yaml'], site());
    assert.deepEqual([code, stderr], [0, '']);
    assert.equal(stdout, collectorScript('sql01', 'site.bexnet.yaml').text);
    assert.match(stdout, /\r\n\$manifestHost = 'sql01'\r\n/);
  });

  it('--output writes the script there and says how to use it; --dialect powershell is the default', async () => {
    const base = site();
    const { code, stdout, stderr } = await runBefw(['collect', '--host', 'admin01', '--dialect', 'powershell', '--output', 'befw-collect-admin01.ps1', 'site.bexnet.yaml'], base);
    assert.deepEqual([code, stdout], [0, '']);
    assert.equal(
      stderr,
      'befw: wrote the collector script for admin01 to befw-collect-admin01.ps1. Run it in PowerShell on admin01: it changes nothing and writes admin01.befw-firewall.json; name that file in the rules: of the host firewall of admin01.\n',
    );
    assert.equal(readFileSync(join(base, 'befw-collect-admin01.ps1'), 'utf8'), collectorScript('admin01', 'site.bexnet.yaml').text);
  });

  it('exits 2 with a clear message for a host it cannot collect from, and lists the Windows hosts', async () => {
    for (const [host, message] of [
      ['SQL01', 'the manifest has no host "SQL01" (its Windows hosts: "be01", "sql01", "admin01")'],
      ['ora01', 'host "ora01" runs the Agent for Linux; the PowerShell collector reads Windows Defender Firewall: use --dialect bash for a Linux host'],
      ['m365', 'host "m365" stands for the Microsoft 365 endpoints, not a computer the collector can run on'],
    ]) {
      const { code, stdout, stderr } = await runBefw(['collect', '--host', host, 'site.bexnet.yaml'], site());
      assert.deepEqual([code, stdout, stderr], [2, '', `befw: ${message}\n${USAGE_HINT}`], host);
    }
  });

  it('exits 2 on a wrong call: powershell or bash as --dialect, --host and one manifest needed', async () => {
    for (const [args, message] of [
      [['--host', 'sql01', '--dialect', 'netsh', 'site.bexnet.yaml'], '--dialect must be powershell (for a Windows host) or bash (for a Linux host), not "netsh"'],
      [['--host', 'ora01', '--dialect', 'sh', 'site.bexnet.yaml'], '--dialect must be powershell (for a Windows host) or bash (for a Linux host), not "sh"'],
      [['--host', 'ora01', '--dialect', 'toString', 'site.bexnet.yaml'], '--dialect must be powershell (for a Windows host) or bash (for a Linux host), not "toString"'],
      [['site.bexnet.yaml'], 'collect needs --host <name> (a host of the manifest)'],
      [['--host', 'sql01'], 'collect needs exactly one manifest (*.bexnet.yaml)'],
      [['--host', 'sql01', 'site.bexnet.yaml', 'other.bexnet.yaml'], 'collect needs exactly one manifest (*.bexnet.yaml)'],
      [['--host', 'sql01', 'missing.bexnet.yaml'], 'cannot read "missing.bexnet.yaml": no such file'],
      [['--host'], '--host needs a value'],
    ] as const) {
      const { code, stdout, stderr } = await runBefw(['collect', ...args], site());
      assert.deepEqual([code, stdout, stderr], [2, '', `befw: ${message}\n${USAGE_HINT}`], args.join(' '));
    }
  });

  it('never writes over the manifest or a rule file it names, collected yet or not', async () => {
    const base = site();
    for (const [output, what] of [
      ['site.bexnet.yaml', 'the manifest'],
      ['./be01-firewall.ps1', 'a rule file the manifest names'],
      ['sql01.befw-firewall.json', 'a rule file the manifest names'],
    ]) {
      const { code, stderr } = await runBefw(['collect', '--host', 'sql01', '--output', output, 'site.bexnet.yaml'], base);
      assert.deepEqual([code, stderr], [2, `befw: --output "${output}" is ${what}; write the script to another file\n${USAGE_HINT}`], output);
    }
    assert.equal(readFileSync(join(base, 'site.bexnet.yaml'), 'utf8'), MANIFEST);
    assert.match(readFileSync(join(base, 'be01-firewall.ps1'), 'utf8'), /^New-NetFirewallRule/);
    const unwritable = await runBefw(['collect', '--host', 'sql01', '--output', 'no/such/collect.ps1', 'site.bexnet.yaml'], base);
    assert.equal(unwritable.stderr, `befw: cannot write "no/such/collect.ps1": its folder does not exist\n${USAGE_HINT}`);
    assert.doesNotMatch(unwritable.stderr, NODE_WORDING);
  });

  it('a manifest with problems is to be fixed first', async () => {
    const base = site();
    writeFileSync(join(base, 'site.bexnet.yaml'), MANIFEST.replace('role: remote-computer, address: 10.0.2.20', 'role: remote-computr, address: 10.0.2.20'));
    const { code, stderr } = await runBefw(['collect', '--host', 'sql01', 'site.bexnet.yaml'], base);
    assert.deepEqual([code, stderr], [2, 'befw: "site.bexnet.yaml" has 1 problem(s); run "befw check site.bexnet.yaml" and fix them first.\n']);
  });

  it('is in the usage text', async () => {
    const { stdout } = await runBefw(['--help'], site());
    assert.match(stdout, /\n {2}befw collect --host <name> \[--dialect powershell\|bash\] \[--output <file>\]\n/);
    assert.match(stdout, /bash, for a Linux host \(agent: linux\)/);
  });
});

describe('befw collect --dialect bash', () => {
  it('writes the sh script of a Linux host to stdout, naming its firewall <host>-host when the manifest has none', async () => {
    const { code, stdout, stderr } = await runBefw(['collect', '--host', 'ora01', '--dialect', 'bash', 'site.bexnet.yaml'], site());
    assert.deepEqual([code, stderr], [0, '']);
    assert.equal(stdout, linuxCollectorScript({ host: 'ora01', firewallName: 'ora01-host', manifestName: 'site.bexnet.yaml' }).text);
    assert.match(stdout, /^#!\/bin\/sh\n/);
    assert.match(stdout, /\nprintf '%s\\n' 'firewalls:' '  - name: ora01-host' '    host: ora01'\n/);
  });

  it('--output writes it there and says how to run it; the manifest lines keep the name of the host firewall the manifest has', async () => {
    const base = site();
    const { code, stdout, stderr } = await runBefw(['collect', '--host', 'web02', '--dialect', 'bash', '--output', 'befw-collect-web02.sh', 'site.bexnet.yaml'], base);
    assert.deepEqual([code, stdout], [0, '']);
    assert.equal(
      stderr,
      'befw: wrote the collector script for web02 to befw-collect-web02.sh. Run it as root on web02 (sudo sh befw-collect-web02.sh): it changes nothing, ' +
        'saves the firewall it finds there beside itself (web02.iptables, web02.nft, ...) and prints the manifest lines that name those files.\n',
    );
    const written = readFileSync(join(base, 'befw-collect-web02.sh'), 'utf8');
    assert.equal(written, linuxCollectorScript({ host: 'web02', firewallName: 'web02 "edge" firewall', manifestName: 'site.bexnet.yaml' }).text);
    assert.ok(written.includes(`'  - name: "web02 \\"edge\\" firewall"'`));
  });

  it('exits 2 for a host that is not a Linux computer of the manifest, and lists its Linux hosts', async () => {
    for (const [host, message] of [
      ['sql01', 'host "sql01" is a Windows host (the manifest does not say agent: linux); the bash collector reads a Linux host\'s firewall: use --dialect powershell'],
      ['m365', 'host "m365" stands for the Microsoft 365 endpoints, not a computer the collector can run on'],
      ['ORA01', 'the manifest has no host "ORA01" (its Linux hosts: "ora01", "web02")'],
    ]) {
      const { code, stdout, stderr } = await runBefw(['collect', '--host', host, '--dialect', 'bash', 'site.bexnet.yaml'], site());
      assert.deepEqual([code, stdout, stderr], [2, '', `befw: ${message}\n${USAGE_HINT}`], host);
    }
  });

  it('never writes over a rule file the manifest names', async () => {
    const base = site();
    const { code, stderr } = await runBefw(['collect', '--host', 'web02', '--dialect', 'bash', '--output', 'web02.nft', 'site.bexnet.yaml'], base);
    assert.deepEqual([code, stderr], [2, `befw: --output "web02.nft" is a rule file the manifest names; write the script to another file\n${USAGE_HINT}`]);
  });
});
