import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dialectById, dialectFor, parseInDialect } from '../../../server/src/engine/dialects/registry';
import { readRegFile } from '../../../server/src/engine/dialects/windows-registry/regFile';
import type { OffsetRange, RuleFileModel } from '../../../server/src/engine/model/types';
import { sourceFolder } from '../../support/engine';

const read = (name: string) => readFileSync(join(sourceFolder(__dirname), name), 'utf8');
const at = (text: string, range: OffsetRange | undefined) => (range ? text.slice(range[0], range[1]) : undefined);
const parse = (name: string, text = read(name)): RuleFileModel => parseInDialect({ uri: `file:///x/${name}`, text });
/** Each problem as the text under its range and its message. */
const placed = (text: string, problems: readonly { message: string; range: OffsetRange }[]) => problems.map((p) => [at(text, p.range), p.message]);
const ruleNamed = (model: RuleFileModel, name: string) => model.rules.find((rule) => rule.name === name)!;

describe('Windows Firewall registry exports (.reg)', () => {
  it('is chosen for .reg files and recognised by the regedit header; other texts are not', () => {
    assert.equal(dialectFor('file:///x/sql01.REG').id, 'windows-registry');
    assert.equal(dialectFor('file:///x/export.txt', 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE]\r\n').id, 'windows-registry');
    assert.equal(dialectFor('file:///x/export.txt', '\uFEFFREGEDIT4\n').id, 'windows-registry');
    assert.equal(dialectFor('file:///x/notes.txt', 'rules:\n  # Windows Registry Editor Version 5.00\n').id, 'yaml');
  });

  it('reads the local store: ports, ranges, addresses, escapes, profiles, Active, and the documented real-world leniencies', () => {
    const text = read('local-rules.reg');
    assert.ok(text.includes('\r\n') && !/[^\r]\n/.test(text), 'the fixture is stored with CRLF line ends, as regedit writes');
    const model = parse('local-rules.reg', text);
    assert.equal(model.dialect, 'windows-registry');
    assert.deepEqual([model.evaluation, model.defaults, model.defaultsAssumed, model.layout.eol], ['block-wins', { inbound: 'block', outbound: 'allow' }, true, '\r\n']);
    assert.deepEqual(
      model.rules.map((r) => [r.name, r.syntax.direction, r.action, r.protocol, r.enabled, r.usable, r.sources, r.ports.toString(), r.syntax.profiles?.value]),
      [
        ['Backup Exec Remote Agent (NDMP)', 'inbound', 'allow', 'tcp', true, true, ['10.0.1.0/24'], '10000', undefined],
        ['Backup Exec "data" 50100-50149', 'inbound', 'allow', 'tcp', true, true, ['10.0.1.10'], '50100-50149', undefined],
        ['Backup Exec Agent Browser (old)', 'inbound', 'allow', 'tcp', false, true, ['any'], '6101', undefined],
        // Active= absent: inactive ([MS-GPFAS] 2.2.2.19); LPort repeated: both ports.
        ['Déduplication côté client', 'inbound', 'allow', 'tcp', false, true, ['any'], '10082, 10102', undefined],
        // ICMP (Protocol=1) is neither TCP nor UDP: the rule can match no Backup Exec flow.
        ['@FirewallAPI.dll,-28543', 'inbound', 'allow', 'any', true, false, [], '1-65535', ['private', 'public']],
        // RA4=Any and an empty Desc= (a Puppet module writes them): any source.
        ['My Rule', 'inbound', 'allow', 'tcp', true, true, ['Any'], '443', undefined],
        ['Sauvegarde Oracle – sql01', 'inbound', 'allow', 'tcp', true, true, ['10.0.2.0/255.255.255.0'], '5633', ['domain']],
        ['SNMP from the local subnet', 'inbound', 'allow', 'udp', true, true, ['fe80::/64'], '161', undefined],
      ],
    );
    // Ranges map back to the file through the \\ and \" escapes.
    const data = ruleNamed(model, 'Backup Exec "data" 50100-50149');
    assert.deepEqual([data.syntax.name!.range.map((o) => o + data.base), at(text, [data.syntax.name!.range[0] + data.base, data.syntax.name!.range[1] + data.base])], [[763, 795], 'Backup Exec \\"data\\" 50100-50149']);
    assert.deepEqual(data.portItems.map((p) => [p.range, at(text, p.range)]), [[[668, 679], '50100-50149']]);
    assert.deepEqual(data.from.map((f) => [f.range, at(text, f.range)]), [[[684, 693], '10.0.1.10']]);
    assert.equal(at(text, ruleNamed(model, 'Backup Exec Remote Agent (NDMP)').range), text.split('\r\n')[5]);
    // The documented invalid rule: RemoteIP= is not a key; the rule is not counted.
    assert.deepEqual(model.problems.map((p) => [p.range, at(text, p.range)]), [[[1645, 1653], 'RemoteIP']]);
    assert.match(model.problems[0].message, /^"RemoteIP" is not a Windows Firewall rule key \(\[MS-GPFAS\] 2\.2\.2\.19\): write RA4= \(IPv4\) or RA6= \(IPv6\)\. .*parsing-error status.*does not count/);
    assert.equal(model.rules.some((r) => r.name === 'Block Windows Update 1'), false);
    assert.deepEqual(placed(text, model.unresolved), [
      ['BE-Dedup-NoActive', 'this rule string has no Active=, and [MS-GPFAS] 2.2.2.19 says the rule is then inactive, so it does not count'],
      ['Name=Sauvegarde Oracle – sql01', 'the rule string does not end with the "|" the grammar requires ([MS-GPFAS] 2.2.2.19); whether Windows reads its last field is NOT VERIFIED, befw reads it'],
      ['LocalSubnet', 'LocalSubnet is resolved by Windows at run time, so this rule is not counted for Backup Exec flows'],
      ['LocalSubnet', 'LocalSubnet is resolved by Windows at run time, so this rule is not counted for Backup Exec flows'],
    ]);
    assert.deepEqual(model.unresolved.map((u) => u.range[0]), [930, 1499, 1159, 1752]);
    assert.deepEqual([at(text, model.layout.rulesKeyRange), model.layout.rulesEnd], ['HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules', text.length]);
  });

  it('combines Group Policy and local stores: local rules leave the profiles where AllowLocalPolicyMerge=0, settings take the policy value first', () => {
    const text = read('gpo-rules.reg');
    const model = parse('gpo-rules.reg', text);
    assert.deepEqual(model.problems, []);
    assert.deepEqual(
      model.rules.map((r) => [r.name, r.action, r.sources, r.ports.toString(), r.syntax.profiles?.value]),
      [
        ['BE data range (GPO)', 'allow', ['10.0.1.10'], '50100-50149', undefined],
        ['No RDP from outside 10/8', 'block', ['0.0.0.0-9.255.255.255', '11.0.0.0-255.255.255.255'], '3389', ['public']],
        ['Backup Exec NDMP (local)', 'allow', ['10.0.1.10'], '10000', ['domain', 'private']],
      ],
    );
    // The local rule limited to the public profile counts nowhere: it is not in the model.
    assert.deepEqual(placed(text, model.unresolved), [
      ['BE-NDMP-Local', "Group Policy sets AllowLocalPolicyMerge=0 for the public profile (line 21), where the local store's rules are ignored: this local rule counts in the domain and private profiles only"],
      ['BE-NDMP-Public', "Group Policy sets AllowLocalPolicyMerge=0 for the public profile (line 21), where the local store's rules are ignored: this local rule applies in no other profile, so it does not count at all"],
    ]);
    // Public: the policy's EnableFirewall=1 and DefaultInboundAction=1 win over the local EnableFirewall=0; the local DefaultOutboundAction=1 applies, the policy setting none.
    const { domain, private: privateProfile, public: publicProfile } = model.profileSettings!;
    assert.deepEqual([domain?.enabled, domain?.inbound, domain?.outbound, at(text, domain?.range)], [true, 'block', 'allow', '"DefaultInboundAction"=dword:00000001']);
    assert.deepEqual([privateProfile?.enabled, privateProfile?.inbound, privateProfile?.outbound, at(text, privateProfile?.range)], [true, undefined, undefined, '"EnableFirewall"=dword:00000001']);
    assert.deepEqual([publicProfile?.enabled, publicProfile?.inbound, publicProfile?.outbound, publicProfile?.range], [true, 'block', 'block', [866, 903]]);
    assert.equal(model.defaultsAssumed, false);
    // Fixes go to the store the rules are in, Group Policy's first: after its last value line.
    assert.deepEqual([at(text, model.layout.rulesKeyRange), model.layout.rulesEnd], ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\FirewallRules', 1649]);
    assert.equal(text.slice(model.layout.rulesEnd - 28, model.layout.rulesEnd + 3), 'No RDP from outside 10/8|"\r\n\r\n[');
  });

  it('re-reads a local rule whose text is unchanged when Group Policy\'s AllowLocalPolicyMerge changes its profiles', () => {
    const dialect = dialectById('windows-registry')!;
    const cache = dialect.createCache();
    const text = read('gpo-rules.reg');
    const local = (model: RuleFileModel) => ruleNamed(model, 'Backup Exec NDMP (local)').syntax.profiles?.value;
    assert.deepEqual(local(dialect.parse({ uri: 'file:///x/gpo.reg', text }, cache)), ['domain', 'private']);
    const merged = text.replace('"AllowLocalPolicyMerge"=dword:00000000', '"AllowLocalPolicyMerge"=dword:00000001');
    assert.equal(local(dialect.parse({ uri: 'file:///x/gpo.reg', text: merged }, cache)), undefined);
    assert.deepEqual(local(dialect.parse({ uri: 'file:///x/gpo.reg', text }, cache)), ['domain', 'private']);
  });

  it('applies StandardProfile to private and public only when neither has its own Group Policy key ([MS-GPFAS] 2.2.3)', () => {
    const head = 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\StandardProfile]\r\n"EnableFirewall"=dword:00000000\r\n"DefaultInboundAction"=dword:00000000\r\n';
    const standard = parse('std.reg', head);
    assert.deepEqual([standard.profileSettings?.private?.enabled, standard.profileSettings?.public?.enabled, standard.profileSettings?.domain], [false, false, undefined]);
    // DefaultInboundAction "MUST NOT be present" under StandardProfile: noted and ignored.
    assert.deepEqual(placed(head, standard.unresolved), [['DefaultInboundAction', 'DefaultInboundAction must not be set under StandardProfile ([MS-GPFAS] 2.2.3); what Windows does with it there is NOT VERIFIED, befw ignores it']]);
    const withPrivate = parse('std.reg', `${head}\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\PrivateProfile]\r\n`);
    assert.equal(withPrivate.profileSettings, undefined);
    // The local store's StandardProfile is the private profile.
    const local = parse('local.reg', 'REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\StandardProfile]\n"DefaultInboundAction"=dword:00000000\n');
    assert.deepEqual(Object.keys(local.profileSettings!), ['private']);
    assert.equal(local.profileSettings!.private!.inbound, 'allow');
  });

  it('reports profile values that are not dword 0 or 1 at the data', () => {
    const text = 'Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\DomainProfile]\n"EnableFirewall"="1"\n"DefaultInboundAction"=dword:00000002\n';
    const model = parse('bad.reg', text);
    assert.deepEqual(placed(text, model.problems), [
      ['"1"', 'EnableFirewall takes dword:00000000 or dword:00000001 ([MS-GPFAS] 2.2.3), not "1"; befw ignores it'],
      ['dword:00000002', 'DefaultInboundAction takes dword:00000000 or dword:00000001 ([MS-GPFAS] 2.2.3), not dword:00000002; befw ignores it'],
    ]);
    assert.equal(model.profileSettings, undefined);
  });

  it('REGEDIT4, ControlSet001, LF: constraint violations are problems at the value and the rule is not counted', () => {
    const text = read('regedit4.reg');
    const model = parse('regedit4.reg', text);
    assert.deepEqual(placed(text, model.problems), [
      ['70000', 'LPort=70000: port 70000 is above 65535. The rule breaks the grammar Windows reads it by, so befw does not count it.'],
      ['50149-50100', 'LPort2_10=50149-50100: the range starts above its end. The rule breaks the grammar Windows reads it by, so befw does not count it.'],
      ['50100-50149', 'LPort=50100-50149: a range is written LPort2_10=50100-50149; LPort= takes one port (0-65535) or RPC, RPC-EPMap, Teredo. The rule breaks the grammar Windows reads it by, so befw does not count it.'],
      ['LPort', 'LPort= needs Protocol=6 (TCP) or Protocol=17 (UDP) before it in the rule string ([MS-GPFAS] 2.2.2.19). The rule breaks the grammar Windows reads it by, so befw does not count it.'],
      ['ICMP4', 'ICMP4= needs Protocol=1 before it in the rule string ([MS-GPFAS] 2.2.2.19). The rule breaks the grammar Windows reads it by, so befw does not count it.'],
      ['10.0.0.0/33', 'RA4=10.0.0.0/33: the prefix length 33 is out of range (0-32). The rule breaks the grammar Windows reads it by, so befw does not count it.'],
      ['Action', 'Action= may appear only once in a rule string ([MS-GPFAS] 2.2.2.19). The rule breaks the grammar Windows reads it by, so befw does not count it.'],
    ]);
    assert.deepEqual(model.problems.map((p) => p.range[0]), [989, 1079, 1180, 1277, 1370, 1474, 1528]);
    assert.deepEqual(
      model.rules.map((r) => [r.name, r.syntax.direction, r.action, r.sources, r.ports.toString(), r.windowsRuleNames, r.usable]),
      [
        ['Backup Exec control (NDMP)', 'inbound', 'allow', ['10.0.1.10'], '10000', [], true],
        // ByPass allows; a range of addresses is one source.
        ['Backup Exec data', 'inbound', 'allow', ['10.0.1.1-10.0.1.20'], '50100-50149', [], true],
        // A predefined rule on RPC ports with a display name written out: read by name, as `set rule … enable=yes`.
        ['Remote Service Management (RPC-EPMAP)', undefined, 'allow', ['any'], '', ['Remote Service Management (RPC-EPMAP)'], true],
        ['@FirewallAPI.dll,-34251', 'inbound', 'allow', ['any'], '', [], false],
        // No Dir=: read as inbound (noted); RA42 alone: no address befw can know, so no source.
        ['no direction', 'inbound', 'block', [], '10000', [], false],
      ],
    );
    assert.deepEqual(placed(text, model.unresolved), [
      ['@FirewallAPI.dll,-34251', '"@FirewallAPI.dll,-34251" is a reference to a text inside a Windows file, which only Windows resolves: befw cannot tell whether this is a predefined rule a Backup Exec flow requires by name'],
      ['UDP-Any-Dir', 'this rule string has no Dir=; befw reads it as inbound (Dir=In), which is NOT VERIFIED'],
      ['IntErnet', 'RA42=IntErnet stands for addresses only Windows knows on the host ([MS-GPFAS] 2.2.2.13), so this rule is not counted for them'],
      ['RPC', 'port RPC is chosen by Windows at run time; it is not counted as any Backup Exec port'],
    ]);
    assert.deepEqual([model.layout.eol, at(text, model.layout.rulesKeyRange)], ['\n', 'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules']);
  });

  it('follows regedit import order: [-KEY] deletes what was written under it, a repeated name replaces, "name"=- deletes; hex continuations keep lines right', () => {
    const text = read('deleted-key.reg');
    const model = parse('deleted-key.reg', text);
    assert.deepEqual(model.problems, []);
    assert.deepEqual(model.rules.map((r) => [r.name, r.sources, at(text, r.range)?.slice(0, 9)]), [["Backup Exec data range (be01's subnet)", ['10.0.1.0/24'], '"BE-Data"']]);
    assert.equal(model.rules[0].range[0], 929);
    assert.deepEqual(placed(text, model.unresolved), [
      ['BE-NDMP-Old', '"[-…\\FirewallRules]" on line 7 deletes this key with its values when regedit imports the file, so this value does not count'],
      ['BE-Data', 'a value of the same name on line 16 replaces it (regedit keeps the last one it imports), so this value does not count'],
      ['Block-WU', '"Block-WU"=- on line 18 deletes it, so this value does not count'],
    ]);
    assert.deepEqual(model.unresolved.map((u) => u.range[0]), [236, 803, 1075]);
    // The live rules key is the one written after the deletion: fixes go after its last value line ("Block-WU"=-).
    assert.deepEqual([model.layout.rulesKeyRange, model.layout.rulesEnd], [[694, 799], 1205]);
    assert.equal(text.slice(1191, 1205), '"Block-WU"=-\r\n');
    // Line numbers after a hex value continued over two lines.
    const file = readRegFile(text);
    assert.deepEqual(file.keys.map((k) => [k.line, k.deleted, k.values.map((v) => `${v.line}:${v.data.kind}`)]), [
      [4, false, ['5:string']],
      [7, true, []],
      [9, false, ['10:other', '12:dword']],
      [14, false, ['15:string', '16:string', '17:string', '18:delete']],
    ]);
  });

  it('reports lines regedit cannot read, a missing header, and a value outside any key; never throws', () => {
    const text = [
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\FirewallRules]',
      '"open"="v2.30|Action=Allow',
      '"x"=dword:xyz',
      'stray text',
      '"name" "v2.30|"',
      '"y"="v2.30|Action=Allow|" trailing',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE',
      '"z"="v2.30|"',
      '',
    ].join('\n');
    const model = parse('broken.reg', text);
    assert.deepEqual(
      model.problems.map((p) => [at(text, p.range), p.message.slice(0, 48)]),
      [
        [text.split('\n')[0], 'this is not a regedit export: its first line mus'],
        ['"v2.30|Action=Allow', 'the string has no closing quote on this line (wr'],
        ['dword:xyz', '"dword:xyz" is not value data regedit reads: exp'],
        ['stray text', '"stray text" is not a [key], a "name"=value line'],
        [' "v2.30|"', 'expected = after the value name'],
        [' trailing', 'unexpected "trailing" after the closing quote; a'],
        ['[HKEY_LOCAL_MACHINE\\SOFTWARE', 'a key line must end with "]": [HKEY_LOCAL_MACHIN'],
        ['"z"="v2.30|"', 'the [key] line above it cannot be read, so reged'],
      ],
    );
    const orphan = parse('orphan.reg', 'Windows Registry Editor Version 5.00\n"a"="b"\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall]\n');
    assert.deepEqual(placed(orphan.text, orphan.problems), [['"a"="b"', 'it comes before any [key] line, so regedit has no key to write this value in']]);
  });

  it('stays silent on a .reg without any key of either firewall store', () => {
    const text = 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\Contoso]\r\n"Theme"="dark"\r\nnot a line\r\n';
    const model = parse('theme.reg', text);
    assert.deepEqual([model.rules.length, model.problems.length, model.unresolved.length, dialectById('windows-registry')!.silentWithoutRules], [0, 0, 0, true]);
  });
});
