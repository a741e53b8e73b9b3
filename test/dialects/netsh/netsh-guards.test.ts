import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNetsh } from '../../../server/src/engine/dialects/netsh/parse';
import { renderNetshCommand } from '../../../server/src/engine/dialects/netsh/render';

/** netsh splits its arguments at blanks: a list it is given must be written without any. */
describe('netsh rendering guards', () => {
  it('a rule with two ports and two addresses is one command whose lists parse back whole', () => {
    const spec = { name: 'BE to sql01', direction: 'inbound' as const, action: 'allow' as const, protocol: 'tcp' as const, localPorts: ['10000', '50100-50149'], remoteAddresses: ['10.0.1.10', '10.0.1.11'] };
    const command = renderNetshCommand(spec, undefined);
    assert.equal(command, 'netsh advfirewall firewall add rule name="BE to sql01" dir=in action=allow protocol=TCP localport=10000,50100-50149 remoteip=10.0.1.10,10.0.1.11');
    const parsed = parseNetsh(command);
    assert.deepStrictEqual(parsed.problems, []);
    const [back] = parsed.rules;
    assert.deepStrictEqual([back.localPorts?.items.map((i) => i.value), back.remoteAddresses?.items.map((i) => i.value)], [spec.localPorts, spec.remoteAddresses]);
  });
});
