import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFiles, summary } from '../support/engine';
import { hostFirewallSite } from '../support/scriptSite';

/** sql01's host firewall as a script, against the NDMP and data flows from be01. */
const MANIFEST = (rules: string) => hostFirewallSite(rules);

async function findings(name: string, script: string): Promise<string[]> {
  const { report } = await checkFiles({ 'site.bexnet.yaml': MANIFEST(name), [name]: script }, 'site.bexnet.yaml');
  return summary(report);
}

describe('Windows Defender Firewall script guards', () => {
  it('an outbound rule to any address on the agent\'s ports does not open the inbound flows to it: it opens them the other way (BEX103)', async () => {
    const netsh = 'netsh advfirewall firewall add rule name="BE out" dir=out action=allow protocol=TCP remoteport=10000,50100-50149\n';
    assert.deepStrictEqual(await findings('sql01.cmd', netsh), ['site.bexnet.yaml:8 BEX103', 'site.bexnet.yaml:8 BEX103', 'sql01.cmd:1 BEX103', 'sql01.cmd:1 BEX103']);
  });

  it('-RemotePort Any, as PowerShell writes it, restricts nothing: the rule counts', async () => {
    const powershell = "New-NetFirewallRule -DisplayName 'BE' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 10000,50100-50149 -RemotePort Any -RemoteAddress 10.0.1.10\n";
    assert.deepStrictEqual(await findings('sql01.ps1', powershell), []);
  });
});
