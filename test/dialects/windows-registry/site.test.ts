import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixRoundTrip, fixtures, changedPart } from '../../support/checkFixtures';
import { applyFix, checkFiles, diagnosticsOf, summary, type FileSet } from '../../support/engine';
import { parseInDialect } from '../../../server/src/engine/dialects/registry';
import { ruleIdOf } from '../../../server/src/engine/dialects/windows-registry/edits';

/** The shape of examples/site/site.bexnet.yaml: sql01's own Windows Defender Firewall is a .reg export. */
const MANIFEST = (rules: string, consoleFirewall?: string) =>
  [
    '# Backup Exec at the Noumea branch office: sql01 exports its firewall with reg export.',
    'version: 1',
    'settings:                 # Backup Exec Settings > Network and Security',
    '  ndmpPort: 10000',
    '  dynamicPorts:',
    '    agent: { enabled: true, range: 50100-50149 }    # remote agent range',
    'hosts:',
    '  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }',
    '  - { name: sql01, role: remote-computer, address: 10.0.2.20, agent: windows }',
    ...(consoleFirewall ? ['  - { name: admin01, role: remote-administration-console, address: 10.0.3.5 }'] : []),
    'firewalls:',
    `  - { name: sql01-host, rules: ${rules}, host: sql01 }   # host firewall of sql01`,
    ...(consoleFirewall ? [`  - { name: be01-host, rules: ${consoleFirewall}, host: be01 }`] : []),
    '',
  ].join('\n');

const LOCAL_KEY = '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules]';
const DATA_RULE = '"BE-Data"="v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort2_10=50100-50149|RA4=10.0.1.10|Name=Backup Exec data|"';
/** A local-store export holding these value lines, with CRLF line ends. */
const reg = (...values: string[]) => ['Windows Registry Editor Version 5.00', '', LOCAL_KEY, ...values, ''].join('\r\n');
const ndmp = (fields: string) => `"BE-NDMP"="v2.30|${fields}|Name=Backup Exec NDMP|"`;

async function findings(files: FileSet): Promise<string[]> {
  return summary((await checkFiles(files, 'site.bexnet.yaml')).report);
}
const site = (sql01: string): FileSet => ({ 'site.bexnet.yaml': MANIFEST('sql01.reg'), 'sql01.reg': sql01 });
/**
 * gpo-rules.reg with sql01's profile unknown: the local NDMP rule counts in domain and private only (Group Policy
 * ignores local rules in public), and the public profile's outbound default is block, so NDMP in and advertising out fail.
 */
const FINDINGS_UNKNOWN_PROFILE = ['site.bexnet.yaml:11 BEX100', 'site.bexnet.yaml:11 BEX100', 'sql01.reg:27 BEX100', 'sql01.reg:27 BEX100', 'sql01.reg:36 BEX018', 'sql01.reg:37 BEX018'];
/** The written rule of the NDMP fix, word for word. */
// The fix's rule carries the description `befw generate` writes (Desc=), and its id is made from the whole value.
const NDMP_LINE =
  '"{5178AF19-4E6A-A47B-883D-CB2B9BBED735}"="v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=10000|RA4=10.0.1.10|Name=Remote Agent control connection (NDMP) from be01 to sql01|Desc=Backup Exec: Remote Agent control connection (NDMP) (TCP 10000, beremote.exe); source: KB100017208, ADMIN20|"';

describe('Windows Firewall .reg exports as a host firewall', () => {
  it('the local-rules export lets the control and data connections in; its invalid rule and host-known values are reported', async () => {
    const files = await fixtures(__dirname, ['local-rules.reg']);
    assert.deepEqual(await findings({ ...site(files['local-rules.reg']) }), [
      'sql01.reg:10 BEX018',
      'sql01.reg:12 BEX018',
      'sql01.reg:12 BEX204',
      'sql01.reg:13 BEX001',
      'sql01.reg:14 BEX018',
      'sql01.reg:9 BEX018',
    ]);
  });

  it('counts only rules Windows applies: active, parsable, inbound, TCP; a block rule wins', async () => {
    const allow = 'Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=10000|RA4=10.0.1.10';
    assert.deepEqual(await findings(site(reg(DATA_RULE, ndmp(allow)))), []);
    // Disabled, Active absent (inactive), an unknown key, outbound (its LPort is then a source port: noted), UDP: the control connection is missing.
    assert.deepEqual(await findings(site(reg(DATA_RULE, ndmp(allow.replace('Active=TRUE', 'Active=FALSE'))))), ['site.bexnet.yaml:11 BEX100', 'sql01.reg:3 BEX100']);
    assert.deepEqual(await findings(site(reg(DATA_RULE, ndmp(allow.replace('Active=TRUE|', ''))))), ['site.bexnet.yaml:11 BEX100', 'sql01.reg:3 BEX100', 'sql01.reg:5 BEX018']);
    assert.deepEqual(await findings(site(reg(DATA_RULE, ndmp(allow.replace('RA4=', 'RemoteIP='))))), ['site.bexnet.yaml:11 BEX100', 'sql01.reg:3 BEX100', 'sql01.reg:5 BEX001']);
    assert.deepEqual(await findings(site(reg(DATA_RULE, ndmp(allow.replace('Dir=In', 'Dir=Out'))))), ['site.bexnet.yaml:11 BEX100', 'sql01.reg:3 BEX100', 'sql01.reg:5 BEX018']);
    assert.deepEqual(await findings(site(reg(DATA_RULE, ndmp(allow.replace('Protocol=6', 'Protocol=17'))))), ['site.bexnet.yaml:11 BEX102', 'sql01.reg:5 BEX102']);
    const blocked = await findings(site(reg(DATA_RULE, ndmp(allow), '"No-NDMP"="v2.30|Action=Block|Active=TRUE|Dir=In|Protocol=6|LPort=10000|Name=No NDMP from anywhere|"')));
    assert.deepEqual(blocked, ['site.bexnet.yaml:11 BEX104', 'sql01.reg:6 BEX104']);
  });

  it('with the profile unknown, a local rule Group Policy ignores in the public profile does not let NDMP in; in the domain profile it does', async () => {
    const files = await fixtures(__dirname, ['gpo-rules.reg']);
    assert.deepEqual(await findings(site(files['gpo-rules.reg'])), FINDINGS_UNKNOWN_PROFILE);
    const inDomain = site(files['gpo-rules.reg']);
    inDomain['site.bexnet.yaml'] = inDomain['site.bexnet.yaml'].replace('host: sql01 }', 'host: sql01, profile: domain }');
    assert.deepEqual(await findings(inDomain), ['sql01.reg:36 BEX018', 'sql01.reg:37 BEX018']);
  });

  it('fix: writes the missing rule after the last value line of the live rules key, and the BEX100 is gone', async () => {
    const files = site((await fixtures(__dirname, ['deleted-key.reg']))['deleted-key.reg']);
    const { service, report } = await checkFiles(files, 'site.bexnet.yaml');
    const [diagnostic] = diagnosticsOf(report, 'sql01.reg').filter((d) => d.code === 'BEX100');
    assert.match(String(diagnostic.message), /TCP 10000/);
    const { fix, fixed } = await fixRoundTrip({ files, manifest: 'site.bexnet.yaml', service, report, diagnostic, gone: ['site.bexnet.yaml:11 BEX100', 'sql01.reg:14 BEX100'] });
    assert.equal(fix.title, 'Add rule "Remote Agent control connection (NDMP) from be01 to sql01"');
    const before = files['sql01.reg'];
    assert.deepEqual(changedPart(before, fixed['sql01.reg']), { at: 1205, removed: '', inserted: `${NDMP_LINE}\r\n` });
    assert.equal(before.slice(1191, 1205), '"Block-WU"=-\r\n');
    // The written rule reads back as the rule the fix meant.
    const [written] = parseInDialect({ uri: 'file:///x/sql01.reg', text: fixed['sql01.reg'] }).rules.filter((r) => r.ports.toString() === '10000');
    assert.deepEqual([written.name, written.action, written.protocol, written.sources, written.enabled, written.syntax.direction], ['Remote Agent control connection (NDMP) from be01 to sql01', 'allow', 'tcp', ['10.0.1.10'], true, 'inbound']);
  });

  it('fix in a file without a rules key: the local store\'s key block is added at the end; the same rule gets the same id', async () => {
    const profilesOnly = ['Windows Registry Editor Version 5.00', '', '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\DomainProfile]', '"EnableFirewall"=dword:00000001'].join('\r\n');
    const files = site(profilesOnly);
    const { service, report } = await checkFiles(files, 'site.bexnet.yaml');
    const diagnostic = diagnosticsOf(report, 'sql01.reg').find((d) => d.code === 'BEX100' && /TCP 10000/.test(String(d.message)))!;
    const fixed = applyFix(files, service.getQuickFixes(report, diagnostic)[0]);
    // No line break at the end of the file: one is written first.
    assert.equal(fixed['sql01.reg'], `${profilesOnly}\r\n\r\n${LOCAL_KEY}\r\n${NDMP_LINE}\r\n`);
    const { report: after } = await checkFiles(fixed, 'site.bexnet.yaml');
    assert.ok(!diagnosticsOf(after, 'sql01.reg').some((d) => d.code === 'BEX100' && /TCP 10000/.test(String(d.message))));
    // An empty .reg gets the header too.
    const { service: emptyService, report: emptyReport } = await checkFiles(site(''), 'site.bexnet.yaml');
    const emptyFix = emptyService.getQuickFixes(emptyReport, diagnosticsOf(emptyReport, 'sql01.reg').find((d) => /TCP 10000/.test(String(d.message)))!)[0];
    assert.equal(applyFix(site(''), emptyFix)['sql01.reg'], `Windows Registry Editor Version 5.00\r\n\r\n${LOCAL_KEY}\r\n${NDMP_LINE}\r\n`);
    // Written twice, the same id names one rule: regedit keeps the last value of a name.
    const twice = parseInDialect({ uri: 'file:///x/sql01.reg', text: reg(NDMP_LINE, NDMP_LINE) });
    assert.deepEqual([twice.rules.length, twice.unresolved.map((u) => u.message.slice(0, 43))], [1, ['a value of the same name on line 5 replaces']]);
    assert.equal(ruleIdOf('v2.30|Action=Allow|'), ruleIdOf('v2.30|Action=Allow|'));
    assert.notEqual(ruleIdOf('v2.30|Action=Allow|LPort=10000|'), ruleIdOf('v2.30|Action=Allow|LPort=10001|'));
    assert.match(ruleIdOf(''), /^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/);
  });

  it('a predefined rule written with its display name satisfies the Remote Administration Console; a resource reference cannot', async () => {
    const rpc = '"RemoteSvcAdmin-RPCSS-In-TCP"="v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=RPC-EPMap|Svc=RPCSS|Name=Remote Service Management (RPC-EPMAP)|EmbedCtxt=Remote Service Management|"';
    const wmi = (name: string) => `"WMI-WINMGMT-In-TCP"="v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=RPC|Svc=winmgmt|Name=${name}|EmbedCtxt=${name}|"`;
    const check = async (be01: string) => {
      const { report } = await checkFiles({ 'site.bexnet.yaml': MANIFEST('sql01.reg', 'be01.reg'), 'sql01.reg': reg(DATA_RULE, ndmp('Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=10000')), 'be01.reg': be01 }, 'site.bexnet.yaml');
      return diagnosticsOf(report, 'be01.reg').filter((d) => d.code === 'BEX018' || /Remote Administration Console/.test(String(d.message))).map((d) => `${String(d.code)} ${String(d.message).slice(0, 60)}`);
    };
    assert.deepEqual(await check(reg(rpc, wmi('Windows Management Instrumentation (WMI-In)'))), []);
    const referenced = await check(reg(rpc, wmi('@FirewallAPI.dll,-34251')));
    assert.ok(referenced.some((f) => f.startsWith('BEX100') || f.startsWith('BEX101')), referenced.join('\n'));
    assert.ok(referenced.some((f) => f.startsWith('BEX018 "@FirewallAPI.dll,-34251" is a reference')), referenced.join('\n'));
  });
});
