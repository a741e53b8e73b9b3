import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseNetsh } from '../../../server/src/engine/dialects/netsh/parse';
import { renderNetshCommand } from '../../../server/src/engine/dialects/netsh/render';
import { dialectById, parseInDialect } from '../../../server/src/engine/dialects/registry';
import type { OffsetRange } from '../../../server/src/engine/model/types';
import { sourceFolder } from '../../support/engine';

const read = (name: string) => readFileSync(join(sourceFolder(__dirname), name), 'utf8');
const at = (text: string, range: OffsetRange | undefined) => (range ? text.slice(range[0], range[1]) : undefined);

describe('netsh advfirewall scripts', () => {
  it('reads add rule commands with quoting, odd casing, ^ continuations and %variables%', () => {
    const text = read('valid-server.cmd');
    const parsed = parseNetsh(text);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.unresolved, []);
    assert.equal(parsed.hasFirewallCommands, true);
    assert.equal(parsed.rules.length, 5);
    const [browser, dedup, oracle, rsm, wmi] = parsed.rules;
    assert.equal(at(text, browser.name?.range), 'Backup Exec Agent Browser');
    assert.deepEqual(browser.localPorts?.items.map((i) => [i.value, at(text, i.range)]), [['6101', '6101']]);
    // An expanded %variable% points at the place it is used.
    assert.deepEqual(browser.remoteAddresses?.items.map((i) => [i.value, at(text, i.range)]), [['10.0.2.20', '%SQL01%']]);
    assert.equal(dedup.direction?.value, 'inbound');
    assert.equal(dedup.action?.value, 'allow');
    assert.deepEqual(dedup.localPorts?.items.map((i) => at(text, i.range)), ['10082', '10102']);
    assert.deepEqual(dedup.style.parameterOrder, ['name', 'direction', 'action', 'protocol', 'localport', 'remoteip', 'profile']);
    assert.equal(dedup.style.prefix, 'NETSH AdvFirewall Firewall Add Rule');
    // A command continued over three lines keeps exact ranges on each of them.
    assert.equal(oracle.protocol?.value, '6');
    assert.equal(at(text, oracle.localPorts?.items[0].range), '5633');
    assert.equal(at(text, oracle.description?.range), 'Oracle agent on sql01');
    assert.match(at(text, oracle.range)!, /^netsh advfirewall firewall add rule name="Backup Exec Oracle job engine" dir=in \^\r?\n {4}action=allow/);
    assert.deepEqual([rsm.kind, rsm.predefined?.by, at(text, rsm.predefined?.items[0].range), rsm.enabled?.value], ['enable', 'group', 'Remote Service Management', true]);
    assert.deepEqual([wmi.predefined?.by, wmi.predefined?.items[0].value, wmi.enabled?.value], ['name', 'Windows Management Instrumentation (WMI-In)', true]);
  });

  it('reports invalid values, unterminated quotes and unknown parameters at their place, and never guesses a value', () => {
    const text = read('invalid-values.bat');
    const parsed = parseNetsh(text);
    const problems = parsed.problems.map((p) => [p.message, at(text, p.range)]);
    assert.deepEqual(problems, [
      ['dir=inbound: expected in, out', 'inbound'],
      ['unterminated quoted value: a closing " is missing', 'name="Unterminated action=allow protocol=TCP localport=6101'],
      ['netsh advfirewall firewall add rule needs action=allow, block or bypass', 'netsh advfirewall firewall add rule'],
      ['unknown parameter "colour" of netsh advfirewall firewall add rule', 'colour'],
      ['netsh advfirewall firewall add rule needs name=', 'netsh advfirewall firewall add rule'],
    ]);
    assert.deepEqual(parsed.unresolved.map((p) => at(text, p.range)), ['%PORT%']);
    // Not guessed, and not "any" either: the rule with the unknown port allows no port.
    assert.deepEqual(parsed.rules.find((r) => r.name?.value === 'Computed')?.localPorts?.items, []);
    const model = parseInDialect({ uri: 'file:///x/invalid-values.bat', text }, dialectById('netsh')!);
    assert.deepEqual(model.unresolved.map((p) => at(text, p.range)), ['%PORT%', 'LocalSubnet', 'RPC-EPMap', 'RPC']);
  });

  it('stays silent in a batch file with no firewall command', () => {
    const parsed = parseNetsh(read('no-firewall.cmd'));
    assert.deepEqual([parsed.hasFirewallCommands, parsed.rules.length, parsed.problems.length], [false, 0, 0]);
  });

  it('maps commands to rules with Windows Defender Firewall semantics: direction, local and remote sides, block-wins', () => {
    const text = read('outbound.netsh');
    const model = parseInDialect({ uri: 'file:///x/outbound.netsh', text }, dialectById('netsh')!);
    assert.equal(model.evaluation, 'block-wins');
    assert.deepEqual(model.defaults, { inbound: 'block', outbound: 'allow' });
    const [m365, telnet] = model.rules;
    assert.deepEqual([m365.syntax.direction, m365.action, m365.protocol, m365.sources, m365.destinations, m365.ports.toString()], ['outbound', 'allow', 'tcp', ['any'], ['any'], '80, 443']);
    assert.deepEqual([telnet.action, telnet.enabled], ['block', false]);
    const inbound = parseInDialect({ uri: 'file:///x/s.cmd', text: read('valid-server.cmd') }, dialectById('netsh')!);
    const oracle = inbound.rules[2];
    assert.deepEqual([oracle.syntax.direction, oracle.protocol, oracle.sources, oracle.destinations, oracle.ports.toString()], ['inbound', 'tcp', ['10.0.2.0/24'], ['any'], '5633']);
    assert.deepEqual(inbound.rules[3].windowsRules.map((w) => w.value), ['group:Remote Service Management']);
  });

  it('renders a command in the style of the file, and it parses back to the same rule', () => {
    const style = parseNetsh(read('valid-server.cmd')).rules[1].style;
    const spec = { name: 'Backup Exec Job Engine (Agent for Oracle) from sql01 to be01', direction: 'inbound' as const, action: 'allow' as const, protocol: 'tcp' as const, localPorts: ['5633'], remoteAddresses: ['10.0.2.20'] };
    const command = renderNetshCommand(spec, style);
    assert.equal(command, 'NETSH AdvFirewall Firewall Add Rule name="Backup Exec Job Engine (Agent for Oracle) from sql01 to be01" dir=in action=allow protocol=TCP localport=5633 remoteip=10.0.2.20');
    const [back] = parseNetsh(command).rules;
    assert.deepEqual([back.name?.value, back.direction?.value, back.action?.value, back.protocol?.value, back.localPorts?.items.map((i) => i.value), back.remoteAddresses?.items.map((i) => i.value)], [spec.name, 'inbound', 'allow', 'tcp', ['5633'], ['10.0.2.20']]);
    assert.equal(renderNetshCommand({ name: 'x', direction: 'inbound', action: 'allow', enableDisplayNames: ['Remote Service Management (RPC-EPMAP)'] }, undefined), 'netsh advfirewall firewall set rule name="Remote Service Management (RPC-EPMAP)" new enable=yes');
  });

  it('handles hostile input in bounded time without throwing', () => {
    for (const text of ['^'.repeat(100_000), `netsh advfirewall firewall add rule name="${'x'.repeat(1_000_000)}`, 'netsh advfirewall firewall add rule '.repeat(20_000), '\u0000\uffff"'.repeat(50_000)]) {
      const parsed = parseNetsh(text);
      for (const problem of parsed.problems) assert.ok(problem.range[0] >= 0 && problem.range[1] <= text.length);
    }
  });
});
