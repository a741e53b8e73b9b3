import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseNetshShow } from '../../../server/src/engine/dialects/netsh-show/parse';
import { dialectById, dialectFor, parseInDialect } from '../../../server/src/engine/dialects/registry';
import type { OffsetRange } from '../../../server/src/engine/model/types';
import { sourceFolder } from '../../support/engine';

/**
 * Exports of `netsh advfirewall firewall show rule name=all [verbose]`, written from the layout
 * FORMATS.md 1a documents (captures cited there): every value read at its exact place.
 */

const read = (name: string) => readFileSync(join(sourceFolder(__dirname), name), 'utf8');
const at = (text: string, range: OffsetRange | undefined) => (range ? text.slice(range[0], range[1]) : undefined);
const items = (text: string, list: { items: { value: string; range: OffsetRange }[] } | undefined) => list?.items.map((i) => [i.value, at(text, i.range)]);
const model = (name: string) => parseInDialect({ uri: `file:///x/${name}`, text: read(name) }, dialectById('netsh-show')!);

describe('netsh advfirewall firewall show rule output', () => {
  it('reads every rule of a default listing (CRLF) with the exact place of each value and list item', () => {
    const text = read('english-default.netsh-show.txt');
    assert.ok(text.includes('\r\n') && !/[^\r]\n/.test(text), 'the fixture is stored with CRLF line ends');
    const parsed = parseNetshShow(text);
    assert.deepEqual([parsed.problems, parsed.unresolved, parsed.hasFirewallCommands, parsed.eol], [[], [], true, '\r\n']);
    assert.deepEqual(
      parsed.rules.map((r) => at(text, r.name?.range)),
      [
        'Backup Exec Remote Agent (NDMP) from the media servers',
        'Backup Exec Remote Agent data range 50100-50149',
        'Remote Desktop - User Mode (TCP-In)',
        // Windows allows two rules of one name: both are kept, neither is a problem.
        'Remote Desktop - User Mode (TCP-In)',
        'File and Printer Sharing (SMB-In)',
        'Remote Service Management (RPC)',
        'Core Networking - Echo Request (ICMPv4-In)',
        'Block NetBIOS from the guest Wi-Fi',
        'Backup Exec "Deduplication" – Zugriff über 10082 (Café-Server)',
      ],
    );
    const [ndmp, data, rdpDomain, rdpOthers, smb, rpc, icmp, netbios, dedup] = parsed.rules;
    // A rule runs from its `Rule Name:` line to the end of its Action line, line break left out.
    const ndmpText = at(text, ndmp.range)!;
    assert.ok(ndmpText.startsWith('Rule Name:                            Backup Exec Remote Agent (NDMP)'), ndmpText);
    assert.ok(ndmpText.endsWith('Action:                               Allow'), ndmpText);
    assert.equal(ndmpText.split('\r\n').length, 13);
    assert.deepEqual(
      [at(text, ndmp.direction?.range), ndmp.direction?.value, at(text, ndmp.action?.range), ndmp.action?.value, at(text, ndmp.protocol?.range), ndmp.protocol?.value],
      ['In', 'inbound', 'Allow', 'allow', 'TCP', 'tcp'],
    );
    assert.deepEqual([at(text, ndmp.enabled?.range), ndmp.enabled?.value, at(text, ndmp.profiles?.range), ndmp.profiles?.value], ['Yes', true, 'Domain,Private,Public', ['domain', 'private', 'public']]);
    assert.deepEqual(items(text, ndmp.localPorts), [['10000', '10000']]);
    assert.deepEqual(items(text, ndmp.remotePorts), [['Any', 'Any']]);
    assert.deepEqual(items(text, ndmp.localAddresses), [['Any', 'Any']]);
    // netsh writes subnets with a mask; the engine's address parser reads it as written.
    assert.deepEqual(items(text, ndmp.remoteAddresses), [['10.0.1.0/255.255.255.0', '10.0.1.0/255.255.255.0']]);
    assert.deepEqual([at(text, data.enabled?.range), data.enabled?.value, items(text, data.localPorts)], ['No', false, [['50100-50149', '50100-50149']]]);
    assert.deepEqual(items(text, rdpDomain.remoteAddresses), [['10.0.3.0/255.255.255.0', '10.0.3.0/255.255.255.0'], ['10.0.9.1-10.0.9.40', '10.0.9.1-10.0.9.40']]);
    assert.deepEqual([rdpDomain.profiles?.value, at(text, rdpOthers.profiles?.range), rdpOthers.profiles?.value], [['domain'], 'Private, Public', ['private', 'public']]);
    assert.deepEqual([items(text, smb.remoteAddresses), smb.profiles?.value], [[['LocalSubnet', 'LocalSubnet']], ['domain', 'private']]);
    assert.deepEqual(items(text, rpc.localPorts), [['RPC', 'RPC']]);
    // ICMP rules have no port lines; the type/code table under Protocol is not a field.
    assert.deepEqual([icmp.protocol?.value, icmp.localPorts, icmp.remotePorts, icmp.uncertain], ['icmpv4', undefined, undefined, undefined]);
    assert.ok(at(text, icmp.range)!.includes('Type    Code\r\n                                      8       Any \r\nEdge traversal:'));
    assert.deepEqual([netbios.action?.value, netbios.protocol?.value, items(text, netbios.localPorts)], ['block', 'udp', [['137', '137'], ['138', '138']]]);
    assert.deepEqual([dedup.direction?.value, items(text, dedup.remotePorts), items(text, dedup.localAddresses)], ['outbound', [['10082', '10082'], ['10102', '10102']], [['10.0.2.20/255.255.255.255', '10.0.2.20/255.255.255.255']]]);
    assert.ok(parsed.rules.every((r) => !r.uncertain && r.style.prefix === 'Rule Name:'));
    // An inbound allow on RPC ports only is a predefined rule, read by its display name as scripts' enable commands are.
    assert.deepEqual(parsed.rules.map((r) => r.kind), ['add', 'add', 'add', 'add', 'add', 'enable', 'add', 'add', 'add']);
    assert.deepEqual([rpc.predefined?.by, items(text, rpc.predefined)], ['name', [['Remote Service Management (RPC)', 'Remote Service Management (RPC)']]]);
  });

  it('gives the engine Windows semantics: sides by direction, ICMP not counted, host-known values as notes', () => {
    const text = read('english-default.netsh-show.txt');
    const file = model('english-default.netsh-show.txt');
    assert.deepEqual([file.dialect, file.evaluation, file.defaults, file.defaultsAssumed, file.problems], ['netsh-show', 'block-wins', { inbound: 'block', outbound: 'allow' }, true, []]);
    // BEX100 and other file-level findings point at the first rule's `Rule Name:`.
    assert.equal(at(text, file.layout.rulesKeyRange), 'Rule Name:');
    assert.equal(file.layout.rulesEnd, text.length - 'Ok.\r\n'.length);
    const described = file.rules.map((r) => [r.enabled, r.usable, r.action, r.protocol, r.sources, r.destinations, r.ports.toString()]);
    assert.deepEqual(described, [
      [true, true, 'allow', 'tcp', ['10.0.1.0/255.255.255.0'], ['Any'], '10000'],
      [false, true, 'allow', 'tcp', ['10.0.1.10/255.255.255.255'], ['Any'], '50100-50149'],
      [true, true, 'allow', 'tcp', ['10.0.3.0/255.255.255.0', '10.0.9.1-10.0.9.40'], ['Any'], '3389'],
      [false, true, 'allow', 'tcp', ['Any'], ['Any'], '3389'],
      // LocalSubnet is known on the host only: left out, with a note.
      [true, false, 'allow', 'tcp', [], ['Any'], '445'],
      // The predefined rule: its name, from the one remote address it admits.
      [true, true, 'allow', 'any', ['10.0.3.5/255.255.255.255'], ['Any'], ''],
      [true, false, 'allow', 'any', [], ['Any'], '1-65535'],
      [true, true, 'block', 'udp', ['192.168.50.0/255.255.254.0'], ['Any'], '137-138'],
      [true, true, 'allow', 'tcp', ['10.0.2.20/255.255.255.255'], ['10.0.1.10/255.255.255.255'], '10082, 10102'],
    ]);
    assert.deepEqual(file.rules.map((r) => r.syntax.profiles?.value.length), [3, 3, 1, 2, 2, 1, 2, 3, 3]);
    assert.deepEqual(
      file.unresolved.map((n) => [at(text, n.range), n.message]),
      [
        ['LocalSubnet', 'LocalSubnet is resolved by Windows at run time, so this rule is not counted for Backup Exec flows'],
        ['LocalSubnet', 'LocalSubnet is resolved by Windows at run time, so this rule is not counted for Backup Exec flows'],
      ],
    );
  });

  it('reads a verbose listing (LF): Description, Program and the fields it adds before Action', () => {
    const text = read('english-verbose.netsh-show.txt');
    const parsed = parseNetshShow(text);
    assert.deepEqual([parsed.problems, parsed.eol, parsed.rules.length], [[], '\n', 3]);
    const [agent, dns, winrm] = parsed.rules;
    assert.equal(at(text, agent.description?.range), 'Lets the Backup Exec server reach beremote.exe (NDMP control and data).');
    assert.equal(at(text, agent.program?.range), 'C:\\Program Files\\Veritas\\Backup Exec\\RAWS\\beremote.exe');
    assert.deepEqual(items(text, agent.localPorts), [['10000', '10000'], ['50100-50149', '50100-50149']]);
    assert.ok(at(text, agent.range)!.endsWith('Rule source:                          Local Setting\nAction:                               Allow'));
    assert.deepEqual([dns.direction?.value, items(text, dns.remotePorts), at(text, dns.program?.range)], ['outbound', [['53', '53']], 'C:\\Windows\\system32\\svchost.exe']);
    // An empty Description is no description.
    assert.deepEqual([winrm.description, items(text, winrm.remoteAddresses)?.map(([, written]) => written)], [undefined, ['LocalSubnet', 'DNS', '10.20.3.0/255.255.255.0']]);
  });

  it('says a translated listing is not read, once, on its first line, without guessing its labels', () => {
    // The German labels of the fixture are illustrative (FORMATS.md has no German capture of show
    // rule): what is tested is the structure, a label with its value at column 39 over 70 hyphens.
    const text = read('german-translated.netsh-show.txt');
    const parsed = parseNetshShow(text);
    assert.deepEqual([parsed.rules, parsed.hasFirewallCommands], [[], true]);
    assert.deepEqual(
      parsed.problems.map((p) => [p.message, at(text, p.range)]),
      [
        [
          'the labels of this listing are not English ("Regelname:"): befw reads only the English layout of netsh advfirewall firewall show rule, so none of its 2 rules is counted. Run befw collect --host <name> <manifest> on the host instead (it exports the firewall in a language-neutral JSON), or export the rules again from a session whose display language is English',
          'Regelname:                            Backup Exec Remote Agent (NDMP)',
        ],
      ],
    );
  });

  it('reads the English rules of mixed locales and says each translated rule is not counted', () => {
    const text = read('mixed-locales.netsh-show.txt');
    const parsed = parseNetshShow(text);
    assert.deepEqual(
      parsed.rules.map((r) => [r.name?.value, r.uncertain]),
      [
        ['Backup Exec Remote Agent (NDMP) from the media servers', undefined],
        ['Backup Exec Remote Agent data range 50100-50149', undefined],
        ['File and Printer Sharing (SMB-In)', undefined],
      ],
    );
    const perRule = 'the labels of this rule are not English ("Regelname:"): befw reads only the English layout of netsh advfirewall firewall show rule, so the rule is not counted. Run befw collect';
    assert.deepEqual(
      parsed.problems.map((p) => [p.message.slice(0, perRule.length), at(text, p.range)]),
      [
        [perRule, 'Regelname:                            Backup Exec Remote Agent (NDMP)'],
        [perRule, 'Regelname:                            Datei- und Druckerfreigabe (SMB eingehend)'],
      ],
    );
  });

  it('says a truncated export looks truncated, and does not count its last rule', () => {
    const text = read('truncated.netsh-show.txt');
    assert.ok(text.endsWith('LocalPort:                            33'));
    const parsed = parseNetshShow(text);
    assert.deepEqual(
      parsed.problems.map((p) => [p.message, at(text, p.range)]),
      [
        [
          'the export looks truncated: rule "Remote Desktop - User Mode (TCP-In)" stops before its Action line; the rule is not counted. Export the rules again and keep the whole output, down to "Ok."',
          'Remote Desktop - User Mode (TCP-In)',
        ],
      ],
    );
    assert.deepEqual(parsed.rules.map((r) => r.uncertain), [undefined, undefined, true]);
    assert.deepEqual(model('truncated.netsh-show.txt').rules.map((r) => r.usable), [true, true, false]);

    // Whole rules but no closing "Ok.": the last one may be cut off, so it is not counted either.
    const noOk = read('english-default.netsh-show.txt').replace(/Ok\.\r\n$/, '');
    const cut = parseNetshShow(noOk);
    assert.deepEqual(
      cut.problems.map((p) => [p.message, at(noOk, p.range)]),
      [
        [
          'the export looks truncated: it does not end with netsh\'s closing "Ok.", so rule "Backup Exec "Deduplication" – Zugriff über 10082 (Café-Server)", the last one, may be cut off; the rule is not counted. Export the rules again and keep the whole output, down to "Ok."',
          'Backup Exec "Deduplication" – Zugriff über 10082 (Café-Server)',
        ],
      ],
    );
    assert.deepEqual(cut.rules.map((r) => r.uncertain ?? false), [false, false, false, false, false, false, false, false, true]);
  });

  it('takes "No rules match the specified criteria." as a listing with no rule and no problem', () => {
    const parsed = parseNetshShow(read('no-match.netsh-show.txt'));
    assert.deepEqual([parsed.rules, parsed.problems, parsed.hasFirewallCommands], [[], [], true]);
  });

  it('is recognised by its name, and by its content in a file whose name does not say', () => {
    const uri = 'file:///exports/sql01-firewall.txt';
    assert.equal(dialectFor('file:///exports/SQL01.NETSH-SHOW.TXT').id, 'netsh-show');
    for (const name of ['english-default', 'english-verbose', 'german-translated', 'mixed-locales', 'no-match']) {
      assert.equal(dialectFor(uri, read(`${name}.netsh-show.txt`)).id, 'netsh-show', name);
    }
    // `netsh advfirewall show allprofiles` has the same hyphens under a heading without a value: not a rule listing.
    const profiles = '\r\nDomain Profile Settings:\r\n' + '-'.repeat(70) + '\r\nState                                 ON\r\n';
    assert.equal(dialectFor(uri, profiles).id, 'yaml');
    assert.equal(dialectFor(uri, 'version: 1\nrules:\n  - name: Rule Name: x\n').id, 'yaml');
  });
});
