import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scriptRuleOf } from '../../server/src/engine/dialects/scriptEdits';
import { renderNetshCommand } from '../../server/src/engine/dialects/netsh/render';
import { renderPowerShellCommand } from '../../server/src/engine/dialects/powershell/render';

/**
 * A Windows rule's ports are the local side's inbound and the remote side's
 * outbound: an outbound rule toward an agent's NDMP port must say remoteport,
 * or it would match connections from that port instead.
 */
describe('script rules for outbound flows', () => {
  const outbound = scriptRuleOf({ name: 'BE control to sql01', direction: 'outbound', action: 'allow', protocol: 'tcp', ports: ['10000'], from: ['10.0.1.10'], to: ['10.0.2.20'], hostFirewall: true });

  it('put the ports on the remote side and name only the remote address on a host firewall', () => {
    assert.deepStrictEqual(outbound, { name: 'BE control to sql01', description: undefined, direction: 'outbound', action: 'allow', protocol: 'tcp', remotePorts: ['10000'], localAddresses: undefined, remoteAddresses: ['10.0.2.20'] });
  });

  it('are written with remoteport / -RemotePort in both dialects', () => {
    assert.equal(renderNetshCommand(outbound, undefined), 'netsh advfirewall firewall add rule name="BE control to sql01" dir=out action=allow protocol=TCP remoteport=10000 remoteip=10.0.2.20');
    assert.equal(renderPowerShellCommand(outbound, undefined), "New-NetFirewallRule -DisplayName 'BE control to sql01' -Direction Outbound -Action Allow -Protocol TCP -RemotePort 10000 -RemoteAddress 10.0.2.20");
  });
});
