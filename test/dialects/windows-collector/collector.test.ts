import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dialectFor, parseInDialect } from '../../../server/src/engine/dialects/registry';
import { parseCollectorExport } from '../../../server/src/engine/dialects/windows-collector/parse';
import type { ScriptList } from '../../../server/src/engine/dialects/scriptRule';
import type { OffsetRange } from '../../../server/src/engine/model/types';
import { sourceFolder } from '../../support/engine';

const read = (name: string) => readFileSync(join(sourceFolder(__dirname), name), 'utf8');
const at = (text: string, range: OffsetRange | undefined) => (range ? text.slice(range[0], range[1]) : undefined);
/** Each item as [value, text under its range]. */
const items = (text: string, list: ScriptList | undefined) => list?.items.map((item) => [item.value, at(text, item.range)]);

const EXPORT = 'sql01.befw-firewall.json';

describe('befw collector exports', () => {
  it('reads a Windows PowerShell 5.1 export (CRLF, \\u escapes, unicode): each rule with its values inside their quotes', () => {
    const text = read(EXPORT);
    const parsed = parseCollectorExport(text);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.unresolved, []);
    assert.equal(parsed.eol, '\r\n');
    assert.equal(at(text, parsed.rulesKey), 'rules');
    assert.equal(parsed.rules.length, 8);
    const [ndmp, data, legacy, epmap, rpc, echo, smb, browser] = parsed.rules;

    assert.equal(at(text, ndmp.name?.range), 'Backup Exec Remote Agent (NDMP) from the media servers');
    assert.deepEqual([ndmp.kind, ndmp.direction?.value, ndmp.action?.value, ndmp.protocol?.value, ndmp.enabled?.value], ['add', 'inbound', 'allow', 'tcp', true]);
    assert.deepEqual([at(text, ndmp.direction?.range), at(text, ndmp.action?.range), at(text, ndmp.protocol?.range), at(text, ndmp.enabled?.range)], ['Inbound', 'Allow', 'TCP', 'true']);
    assert.deepEqual(items(text, ndmp.localPorts), [['10000', '10000']]);
    assert.deepEqual(items(text, ndmp.remoteAddresses), [['10.0.1.0/255.255.255.0', '10.0.1.0/255.255.255.0']]);
    assert.deepEqual(items(text, ndmp.remotePorts), [['Any', 'Any']]);
    // A list is the list, brackets included; a Domain-only rule says so, at its list.
    assert.match(at(text, ndmp.localPorts?.range)!, /^\[\r\n +"10000"\r\n +\]$/);
    assert.deepEqual([ndmp.profiles?.value, at(text, ndmp.profiles?.range)], [['domain'], '[']);
    assert.equal(ndmp.program?.value, '%ProgramFiles%\\Veritas\\Backup Exec\\RAWS\\beremote.exe');
    assert.equal(at(text, ndmp.program?.range), '%ProgramFiles%\\\\Veritas\\\\Backup Exec\\\\RAWS\\\\beremote.exe');
    assert.equal(at(text, ndmp.range)?.[0], '{');
    assert.match(at(text, ndmp.range)!, /"policyStoreSourceType":  "GroupPolicy"\r\n +\}$/);

    // The GPO's data range, from two media servers, in two profiles.
    assert.deepEqual(items(text, data.localPorts), [['50100-50149', '50100-50149']]);
    assert.deepEqual(items(text, data.remoteAddresses), [['10.0.1.10', '10.0.1.10'], ['10.0.1.11', '10.0.1.11']]);
    assert.deepEqual(data.profiles?.value, ['domain', 'private']);

    // Escaped quotes and brackets are decoded; the range is the text as written.
    assert.equal(legacy.name?.value, "Backup Exec 'legacy' dynamic ports <1025-65535> & more");
    assert.equal(at(text, legacy.name?.range), 'Backup Exec \\u0027legacy\\u0027 dynamic ports \\u003c1025-65535\\u003e \\u0026 more');
    assert.deepEqual([legacy.enabled?.value, at(text, legacy.enabled?.range), legacy.profiles], [false, 'false', undefined]);

    // Predefined rules on ports Windows picks at run time are read by their display names (predefinedRules.ts).
    assert.deepEqual(items(text, epmap.localPorts), [['RPCEPMap', 'RPCEPMap']]);
    assert.deepEqual([epmap.kind, epmap.predefined?.by, items(text, epmap.predefined)], ['enable', 'name', [['Remote Service Management (RPC-EPMAP)', 'Remote Service Management (RPC-EPMAP)']]]);
    assert.deepEqual(items(text, rpc.localPorts), [['RPC', 'RPC']]);
    assert.deepEqual([rpc.kind, rpc.predefined?.items[0].value], ['enable', 'Remote Service Management (RPC)']);
    assert.deepEqual(items(text, rpc.remoteAddresses), [['LocalSubnet', 'LocalSubnet']]);
    assert.deepEqual([echo.protocol?.value, at(text, echo.protocol?.range)], ['icmpv4', 'ICMPv4']);

    // All three profiles are every profile; unicode and an IPv6 prefix are read as written.
    assert.deepEqual([smb.action?.value, smb.profiles, smb.name?.value], ['block', undefined, 'Bloquer SMB depuis le VLAN invités – règle d’été']);
    assert.equal(at(text, smb.name?.range), smb.name?.value);
    assert.deepEqual(items(text, smb.remoteAddresses), [['192.168.50.1-192.168.50.254', '192.168.50.1-192.168.50.254'], ['fe80::/64', 'fe80::/64']]);
    assert.deepEqual(items(text, smb.localPorts), [['445', '445'], ['139', '139']]);

    assert.equal(browser.name?.value, 'Backup Exec Agent Browser to be01 "advertising"');
    assert.equal(at(text, browser.name?.range), 'Backup Exec Agent Browser to be01 \\"advertising\\"');
    assert.deepEqual([browser.direction?.value, items(text, browser.remotePorts)], ['outbound', [['6101', '6101']]]);
  });

  it('reads the profiles in effect (NotConfigured says nothing) and the profiles of the connected networks', () => {
    const text = read(EXPORT);
    const { profileSettings, activeProfiles } = parseCollectorExport(text);
    const { domain, private: privateProfile, public: publicProfile } = profileSettings!;
    assert.deepEqual([domain?.enabled, domain?.inbound, domain?.outbound], [true, 'block', 'allow']);
    assert.deepEqual(Object.keys(privateProfile!).sort(), ['enabled', 'range']);
    assert.deepEqual([publicProfile?.enabled, publicProfile?.inbound, publicProfile?.outbound], [false, 'block', 'allow']);
    assert.match(at(text, domain?.range)!, /^\{\r\n +"name":  "Domain",[\s\S]*"allowInboundRules":  true\r\n +\}$/);
    assert.match(at(text, publicProfile?.range)!, /^\{\r\n +"name":  "Public",/);
    // A domain network and an unidentified (Public) one: both profiles are active.
    assert.deepEqual(activeProfiles?.value, ['domain', 'public']);
    assert.match(at(text, activeProfiles?.range)!, /^\[\r\n +\{\r\n +"interfaceAlias":  "Ethernet0",[\s\S]*"networkCategory":  "Public"\r\n +\}\r\n +\]$/);
  });

  it('is the dialect of a file named *.befw-firewall.json, or of a .json whose start says so; rules become Windows rules', () => {
    const text = read(EXPORT);
    assert.equal(dialectFor('file:///site/sql01.befw-firewall.json').id, 'windows-collector');
    assert.equal(dialectFor('file:///site/export.json', text).id, 'windows-collector');
    assert.equal(dialectFor('file:///site/export.json', '{ "Name": "x", "format": "other" }').id, 'yaml');
    const model = parseInDialect({ uri: `file:///site/${EXPORT}`, text });
    assert.deepEqual([model.dialect, model.evaluation, model.defaultsAssumed, model.problems], ['windows-collector', 'block-wins', false, []]);
    assert.equal(at(text, model.layout.rulesKeyRange), 'rules');
    assert.deepEqual(model.activeProfiles?.value, ['domain', 'public']);
    const [ndmp, data, legacy, epmap, , echo, smb, browser] = model.rules;
    assert.deepEqual([ndmp.name, ndmp.syntax.direction, ndmp.action, ndmp.protocol, ndmp.sources, ndmp.destinations, ndmp.ports.toString(), ndmp.usable], [
      'Backup Exec Remote Agent (NDMP) from the media servers',
      'inbound',
      'allow',
      'tcp',
      ['10.0.1.0/255.255.255.0'],
      ['Any'],
      '10000',
      true,
    ]);
    assert.deepEqual(ndmp.syntax.profiles?.value, ['domain']);
    assert.deepEqual([data.sources, data.ports.toString()], [['10.0.1.10', '10.0.1.11'], '50100-50149']);
    assert.deepEqual([legacy.enabled, echo.usable, smb.action], [false, false, 'block']);
    assert.deepEqual([browser.syntax.direction, browser.sources, browser.destinations, browser.ports.toString()], ['outbound', ['Any'], ['10.0.1.10'], '6101']);
    assert.deepEqual([epmap.windowsRuleNames, epmap.sources, epmap.enabled], [['Remote Service Management (RPC-EPMAP)'], [], true]);
    // What Windows decides on the host is noted (BEX018), at the value itself, never guessed.
    assert.deepEqual(
      model.unresolved.map((note) => [at(text, note.range), note.message]),
      Array(3).fill(['LocalSubnet', 'LocalSubnet is resolved by Windows at run time, so this rule is not counted for Backup Exec flows']),
    );
  });

  it('reads one-item lists PowerShell wrote as their item, "Domain, Private" profiles, AllowBypass and protocol numbers; unknown keys are ignored', () => {
    const text = read('sql01-unrolled.befw-firewall.json');
    const parsed = parseCollectorExport(text);
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.eol, '\n');
    const [ndmp, data] = parsed.rules;
    assert.deepEqual([items(text, ndmp.localPorts), at(text, ndmp.localPorts?.range)], [[['10000', '10000']], '10000']);
    assert.deepEqual(items(text, ndmp.remoteAddresses), [['10.0.1.0/24', '10.0.1.0/24']]);
    assert.deepEqual([ndmp.profiles?.value, at(text, ndmp.profiles?.range)], [['domain', 'private'], 'Domain, Private']);
    // An empty display name: the rule's Name stands for it.
    assert.deepEqual([data.name?.value, at(text, data.name?.range)], ['BE-Data', 'BE-Data']);
    assert.deepEqual([data.action?.value, data.protocol?.value, data.profiles], ['bypass', '6', undefined]);
    assert.deepEqual(parsed.profileSettings, { domain: { enabled: true, outbound: 'block', range: parsed.profileSettings!.domain!.range } });
    const model = parseInDialect({ uri: 'file:///site/sql01-unrolled.befw-firewall.json', text });
    assert.deepEqual([model.rules[1].action, model.rules[1].protocol, model.rules[1].ports.toString()], ['allow', 'tcp', '50100-50149']);
  });

  it('keeps absolute offsets in a file that starts with a byte-order mark', () => {
    const text = read('sql01-bom.befw-firewall.json');
    assert.equal(text[0], '\ufeff');
    assert.equal(dialectFor('file:///site/export.json', text).id, 'windows-collector');
    const parsed = parseCollectorExport(text);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.activeProfiles?.value, []);
    assert.deepEqual(parsed.profileSettings, {});
    const [ndmp] = parsed.rules;
    assert.deepEqual([items(text, ndmp.localPorts), items(text, ndmp.remoteAddresses), at(text, ndmp.name?.range)], [[['10000', '10000']], [['10.0.1.10', '10.0.1.10']], 'Backup Exec NDMP']);
    assert.equal(ndmp.range[0], text.indexOf('{"name"'));
  });
});
