import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFiles, summary } from '../support/engine';
import { hostFirewallSite } from '../support/scriptSite';

/** sql01's host firewall, written as a script, against the flows from the server be01. */
const MANIFEST = (rules: string) => hostFirewallSite(rules, true);
const BE01_OK = [
  "New-NetFirewallRule -DisplayName 'Agent Browser' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 6101 -RemoteAddress 10.0.2.20",
  "Enable-NetFirewallRule -DisplayGroup 'Remote Service Management'",
  "Enable-NetFirewallRule -DisplayGroup 'Windows Management Instrumentation (WMI)'",
  '',
].join('\n');

async function check(name: string, script: string, be01 = BE01_OK): Promise<string[]> {
  const { report } = await checkFiles({ 'site.bexnet.yaml': MANIFEST(name), [name]: script, 'be01.ps1': be01 }, 'site.bexnet.yaml');
  return summary(report).filter((f) => !f.startsWith('site.bexnet.yaml'));
}

describe('Windows Defender Firewall semantics in scripts', () => {
  it('netsh: all required flows allowed by literal rules', async () => {
    assert.deepEqual(await check('sql01.cmd', 'netsh advfirewall firewall add rule name="BE" dir=in action=allow protocol=TCP localport=10000,50100-50149 remoteip=10.0.1.10\n'), []);
  });

  it('a block rule wins over an allow rule whatever their order (BEX104), in both dialects', async () => {
    const netsh = [
      'netsh advfirewall firewall add rule name="BE" dir=in action=allow protocol=TCP localport=10000,50100-50149 remoteip=10.0.1.10',
      'netsh advfirewall firewall add rule name="No NDMP from anywhere" dir=in action=block protocol=TCP localport=10000',
      '',
    ].join('\n');
    assert.deepEqual(await check('sql01.cmd', netsh), ['sql01.cmd:2 BEX104']);
    const powershell = [
      "New-NetFirewallRule -DisplayName 'No NDMP from anywhere' -Direction Inbound -Action Block -Protocol TCP -LocalPort 10000",
      "New-NetFirewallRule -DisplayName 'BE' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 10000, 50100-50149 -RemoteAddress 10.0.1.10",
      '',
    ].join('\n');
    assert.deepEqual(await check('sql01.ps1', powershell), ['sql01.ps1:1 BEX104']);
  });

  it('an outbound rule does not open an inbound flow', async () => {
    const findings = await check('sql01.cmd', 'netsh advfirewall firewall add rule name="BE" dir=out action=allow protocol=TCP remoteport=10000,50100-50149 remoteip=10.0.1.10\n');
    assert.ok(findings.some((f) => /BEX10[03]/.test(f)), findings.join(', '));
  });

  it('a disabled rule and a disabled group do not count; an IP range and bypass do', async () => {
    const disabled = await check('sql01.cmd', 'netsh advfirewall firewall add rule name="BE" dir=in action=allow protocol=TCP localport=10000,50100-50149 remoteip=10.0.1.10 enable=no\n');
    assert.ok(disabled.some((f) => /BEX100/.test(f)), disabled.join(', '));
    const ranged = await check('sql01.cmd', 'netsh advfirewall firewall add rule name="BE" dir=in action=bypass protocol=TCP localport=10000,50100-50149 remoteip=10.0.1.1-10.0.1.20\n');
    assert.deepEqual(ranged, []);
    const be01 = `${BE01_OK}Disable-NetFirewallRule -DisplayGroup 'Windows Management Instrumentation (WMI)'\n`;
    const { report } = await checkFiles({ 'site.bexnet.yaml': MANIFEST('sql01.cmd'), 'sql01.cmd': '', 'be01.ps1': be01.replace(/^Enable.*WMI.*\n/m, '') }, 'site.bexnet.yaml');
    assert.ok(summary(report).some((f) => /be01\.ps1:\d+ BEX10[01]/.test(f)), summary(report).join(', '));
    assert.ok(!summary(await checkFiles({ 'site.bexnet.yaml': MANIFEST('sql01.cmd'), 'sql01.cmd': '', 'be01.ps1': BE01_OK }, 'site.bexnet.yaml').then((r) => r.report)).some((f) => f.startsWith('be01.ps1')));
  });

  it('a rule whose direction, protocol or enabled state is known only at run time is not counted, in both dialects', async () => {
    // One note each, for the unknown value: which side the source ports restrict is moot when the rule is not counted.
    const allow = '-Action Allow -LocalPort 10000, 50100-50149 -RemotePort 1024-65535 -RemoteAddress 10.0.1.10';
    for (const unknown of ['-Direction $Direction -Protocol TCP', '-Direction Inbound -Protocol $Protocol', '-Direction Inbound -Protocol TCP -Enabled $Enabled']) {
      const findings = await check('sql01.ps1', `New-NetFirewallRule -DisplayName 'BE' ${unknown} ${allow}\n`);
      assert.deepEqual(findings, ['sql01.ps1:1 BEX018', 'sql01.ps1:1 BEX100', 'sql01.ps1:1 BEX100'], unknown);
    }
    const netsh = (unknown: string) => `netsh advfirewall firewall add rule name="BE" ${unknown} action=allow localport=10000,50100-50149 remoteip=10.0.1.10\n`;
    for (const unknown of ['dir=%DIR% protocol=TCP', 'dir=in protocol=%PROTOCOL%', 'dir=in protocol=TCP enable=%ENABLED%']) {
      assert.deepEqual(await check('sql01.cmd', netsh(unknown)), ['sql01.cmd:1 BEX018', 'sql01.cmd:1 BEX100', 'sql01.cmd:1 BEX100'], unknown);
    }
  });
});
