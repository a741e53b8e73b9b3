import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getDefaultCatalog } from '../../server/src/engine/catalog/catalog';
import { flowRows } from '../../server/src/engine/language/flowTable';
import { newSite, type NewSiteResult } from '../../server/src/engine/generate/newSite';
import type { NewSiteOptions } from '../../server/src/engine/generate/siteOptions';
import { checkFiles, summary, type FileSet } from '../support/engine';

const catalog = getDefaultCatalog();
const WINDOWS_AGENTS = 'fs01=10.0.2.20, sql01=10.0.2.21';
const MIXED_AGENTS = 'fs01=10.0.2.20; web01=10.0.2.30 linux';

function filesOf(result: NewSiteResult): FileSet {
  assert.ok('files' in result, JSON.stringify(result));
  return Object.fromEntries(result.files.map((file) => [file.relativePath, file.text]));
}

/** Each option set, the files it writes, and the only finding allowed: BEX022's note on a Linux agent (its facts come from community sources). */
const SITES: readonly { options: NewSiteOptions; files: string[]; findings?: string[]; flows: number }[] = [
  { options: { server: 'be01=10.0.1.10', agents: WINDOWS_AGENTS, firewall: 'host', dialect: 'yaml' }, files: ['be01.fwrules.yaml', 'fs01.fwrules.yaml', 'sql01.fwrules.yaml'], flows: 12 },
  { options: { server: 'be01=10.0.1.10', agents: WINDOWS_AGENTS, firewall: 'host', dialect: 'netsh' }, files: ['be01.cmd', 'fs01.cmd', 'sql01.cmd'], flows: 12 },
  { options: { server: 'be01=10.0.1.10', agents: WINDOWS_AGENTS, firewall: 'host', dialect: 'powershell' }, files: ['be01.ps1', 'fs01.ps1', 'sql01.ps1'], flows: 12 },
  { options: { server: 'be01=10.0.1.10', agents: WINDOWS_AGENTS, firewall: 'network', dialect: 'yaml' }, files: ['network.fwrules.yaml'], flows: 6 },
  { options: { server: 'be01=10.0.1.10', agents: MIXED_AGENTS, firewall: 'network', dialect: 'yaml' }, files: ['network.fwrules.yaml'], findings: ['site.bexnet.yaml:13 BEX022'], flows: 6 },
  ...(['iptables', 'nftables', 'firewalld', 'ufw', 'yaml'] as const).map((linuxDialect, i) => ({
    options: { server: 'be01=10.0.1.10', agents: MIXED_AGENTS, firewall: 'host' as const, dialect: 'powershell', linuxDialect },
    files: ['be01.ps1', 'fs01.ps1', ['web01.iptables', 'web01.nft', 'web01.zone.xml', 'web01.user.rules', 'web01.fwrules.yaml'][i]],
    findings: ['site.bexnet.yaml:13 BEX022'],
    flows: 12,
  })),
  {
    options: { server: { name: 'be01', address: '2001:db8::10' }, agents: [{ name: 'web01', address: '2001:db8::30', agent: 'linux' }], firewall: 'host', dialect: 'netsh', linuxDialect: 'nftables' },
    files: ['be01.cmd', 'web01.nft'],
    findings: ['site.bexnet.yaml:12 BEX022'],
    flows: 6,
  },
];

describe('newSite: a new site that checks clean', () => {
  for (const { options, files, findings = [], flows } of SITES) {
    it(`${options.firewall} firewalls as ${options.dialect}${options.linuxDialect ? ` and ${options.linuxDialect}` : ''}: ${files.join(', ')}, every required flow allowed`, async () => {
      const written = filesOf(newSite(options, catalog));
      assert.deepEqual(Object.keys(written), ['site.bexnet.yaml', ...files]);
      const { report } = await checkFiles(written, 'site.bexnet.yaml');
      assert.deepEqual(summary(report), findings);
      const rows = flowRows(report.evaluations);
      assert.equal(rows.length, flows);
      assert.deepEqual(rows.filter((row) => !row.allowed), []);
    });
  }

  it('writes the manifest in the style of examples/site: defaults and comments from the catalog, hosts as flow maps, one host firewall each', () => {
    const written = filesOf(newSite({ server: 'be01=10.0.1.10', agents: 'fs01=10.0.2.20, web01=10.0.2.30 Linux', firewall: 'host', dialect: 'powershell', linuxDialect: 'firewalld' }, catalog));
    assert.equal(
      written['site.bexnet.yaml'],
      [
        '# Backup Exec site of be01, written by befw. Set the same values in Backup Exec',
        '# (Configuration and Settings > Backup Exec Settings > Network and security).',
        'version: 1',
        'settings:                 # Backup Exec Settings > Network and security',
        '  ndmpPort: 10000         # Remote Agent control (NDMP) port: the ndmp entry of the services file (KB100017208, ADMIN20)',
        '  dynamicPorts:           # TCP dynamic port ranges, one flag per range (KB100017208, TN255831, TECH43579):',
        '    # "Enable remote agent TCP dynamic port range"; keep at least 25 ports open for the remote system (KB100017208)',
        '    agent: { enabled: true, range: 50100-50149 }   # remote agent range',
        '  concurrentJobs: 4       # jobs through the firewall at the same time, at least 2 ports each (KB100017208)',
        'hosts:',
        '  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }',
        '  - { name: fs01, role: remote-computer, address: 10.0.2.20, agent: windows }',
        '  - { name: web01, role: remote-computer, address: 10.0.2.30, agent: linux }',
        'firewalls:',
        '  - { name: be01-host, rules: be01.ps1, host: be01 }   # host firewall of be01 (Windows Defender Firewall)',
        '  - { name: fs01-host, rules: fs01.ps1, host: fs01 }   # host firewall of fs01 (Windows Defender Firewall)',
        '  - { name: web01-host, rules: web01.zone.xml, host: web01 }   # host firewall of web01, a Linux host',
        '',
      ].join('\n'),
    );
  });

  it('a network firewall protects the agents; names YAML would read as other values are quoted, IPv6 addresses too', () => {
    const written = filesOf(newSite({ server: 'be01=2001:db8::10', agents: '123=2001:db8::20, true=2001:db8::21', firewall: 'network', dialect: 'YAML' }, catalog));
    assert.deepEqual(written['site.bexnet.yaml'].split('\n').slice(10), [
      '  - { name: be01, role: backup-exec-server, address: "2001:db8::10" }',
      '  - { name: "123", role: remote-computer, address: "2001:db8::20", agent: windows }',
      '  - { name: "true", role: remote-computer, address: "2001:db8::21", agent: windows }',
      'firewalls:',
      '  - { name: network, rules: network.fwrules.yaml, protects: ["123", "true"] }   # network firewall in front of the agents: flows into and out of them cross it',
      '',
    ]);
  });

  it('each rule file is what `befw generate` writes for its firewall', () => {
    const written = filesOf(newSite({ server: 'be01=10.0.1.10', agents: 'fs01=10.0.2.20', firewall: 'host', dialect: 'netsh' }, catalog));
    assert.match(written['fs01.cmd'], /^@echo off\nREM Generated by befw from site\.bexnet\.yaml for firewall "fs01-host": 2 inbound Backup Exec flow\(s\), one rule each; 1 outbound flow\(s\) pass by default\.\n/);
    assert.match(written['fs01.cmd'], /\nnetsh advfirewall firewall add rule name="Remote Agent data connections from be01 to fs01" description="[^"]+" dir=in action=allow protocol=TCP localport=50100-50149 remoteip=10\.0\.1\.10\n/);
  });
});

describe('newSite: options an admin may get wrong', () => {
  const valid: NewSiteOptions = { server: 'be01=10.0.1.10', agents: WINDOWS_AGENTS, firewall: 'host', dialect: 'yaml' };
  const cases: readonly [string, Partial<Record<keyof NewSiteOptions, unknown>>, NewSiteResult][] = [
    ['no server', { server: '' }, { error: 'name one Backup Exec server as name=address (e.g. be01=10.0.1.10)', field: 'server' }],
    ['two servers', { server: 'be01=10.0.1.10, be02=10.0.1.11' }, { error: 'name one Backup Exec server as name=address (e.g. be01=10.0.1.10)', field: 'server' }],
    ['a Linux server', { server: 'be01=10.0.1.10 linux' }, { error: 'be01: the Backup Exec server runs on Windows; "linux" is for the agents', field: 'server' }],
    ['no agent', { agents: ' , ' }, { error: 'name at least one remote computer with an agent (e.g. fs01=10.0.2.20, or web01=10.0.2.30 linux for an Agent for Linux)', field: 'agents' }],
    ['no "="', { agents: 'fs01 10.0.2.20' }, { error: '"fs01 10.0.2.20" is not name=address (e.g. fs01=10.0.2.20, or web01=10.0.2.30 linux for an Agent for Linux)', field: 'agents' }],
    ['a bad name', { agents: 'fs 01=10.0.2.20' }, { error: '"fs 01=10.0.2.20" is not name=address (e.g. fs01=10.0.2.20, or web01=10.0.2.30 linux for an Agent for Linux)', field: 'agents' }],
    ['a name the schema refuses', { agents: '-fs01=10.0.2.20' }, { error: '"-fs01" is not a host name: use letters, digits, ".", "_" and "-", starting with a letter or a digit', field: 'agents' }],
    ['"any" as a name', { agents: 'Any=10.0.2.20' }, { error: '"Any" cannot name a host: rules would read it as any address', field: 'agents' }],
    ['an address as a name', { agents: '10.0.2.20=10.0.2.20' }, { error: '"10.0.2.20" cannot name a host: rules would read it as an address', field: 'agents' }],
    ['a Windows device name', { agents: 'nul=10.0.2.20' }, { error: '"nul" cannot name a host: Windows keeps it for a device, so its rule file could not be written there', field: 'agents' }],
    ['a bad address', { agents: 'fs01=10.0.2.300' }, { error: 'fs01: "10.0.2.300" is not an IPv4 or IPv6 address', field: 'agents' }],
    ['a subnet', { agents: 'fs01=10.0.2.0/24' }, { error: 'fs01: "10.0.2.0/24" is a range of addresses; give the address of the host itself', field: 'agents' }],
    ['an unknown agent', { agents: 'fs01=10.0.2.20 macos' }, { error: 'fs01: "macos" is not an agent; write linux for an Agent for Linux, or nothing for the Agent for Windows', field: 'agents' }],
    ['a name twice, in another case', { agents: 'fs01=10.0.2.20, FS01=10.0.2.21' }, { error: 'fs01 is named twice (as FS01); give each host its own name', field: 'agents' }],
    ['the server\'s name for an agent', { agents: 'be01=10.0.2.20' }, { error: 'be01 is named twice; give each host its own name', field: 'agents' }],
    ['one address twice, written two ways', { agents: 'fs01=10.0.2.20, sql01=10.0.2.020' }, { error: 'fs01 and sql01 have the same address 10.0.2.020; give each host its own', field: 'agents' }],
    ['IPv4 and IPv6 mixed', { agents: 'fs01=2001:db8::20' }, { error: 'be01 has an IPv4 address and fs01 an IPv6 one; give the server and its agents addresses of one family', field: 'agents' }],
    ['an unknown firewall kind', { firewall: 'cloud' }, { error: 'the firewall kind is "host" (each host\'s own firewall) or "network" (one firewall in front of the agents)', field: 'firewall' }],
    ['an unknown dialect', { dialect: 'pf' }, { error: '"pf": the rules of the Windows hosts\' own firewalls are written as yaml, netsh or powershell', field: 'dialect' }],
    ['a Linux dialect for the Windows hosts', { dialect: 'iptables' }, { error: '"iptables": the rules of the Windows hosts\' own firewalls are written as yaml, netsh or powershell', field: 'dialect' }],
    ['a script for a network firewall', { firewall: 'network', dialect: 'netsh' }, { error: '"netsh": the rules of a network firewall are written as yaml', field: 'dialect' }],
    ['a Windows dialect left for a Linux agent', { agents: MIXED_AGENTS, dialect: 'netsh' }, { error: 'the rules of the Linux agents\' own firewalls need a dialect of their own: yaml, iptables, nftables, firewalld or ufw', field: 'linuxDialect' }],
    ['a Windows dialect for a Linux agent', { agents: MIXED_AGENTS, linuxDialect: 'powershell' }, { error: '"powershell": the rules of the Linux agents\' own firewalls are written as yaml, iptables, nftables, firewalld or ufw', field: 'linuxDialect' }],
    ['iptables for IPv6', { server: 'be01=2001:db8::10', agents: 'web01=2001:db8::30 linux', linuxDialect: 'iptables' }, { error: 'iptables-save output holds IPv4 rules only, and these addresses are IPv6: write the Linux agents\' rules as yaml, nftables, firewalld or ufw', field: 'linuxDialect' }],
    ['agents of the wrong type', { agents: 42 }, { error: 'the agents must be given as name=address (e.g. fs01=10.0.2.20, or web01=10.0.2.30 linux for an Agent for Linux)', field: 'agents' }],
    ['an agent of the wrong shape', { agents: [null] }, { error: 'a host has no name (e.g. fs01=10.0.2.20, or web01=10.0.2.30 linux for an Agent for Linux)', field: 'agents' }],
    ['no server object', { server: undefined }, { error: 'a host has no name (e.g. be01=10.0.1.10)', field: 'server' }],
    ['a dialect of the wrong type', { dialect: ['yaml'] }, { error: 'no dialect: the rules of the Windows hosts\' own firewalls are written as yaml, netsh or powershell', field: 'dialect' }],
  ];
  for (const [what, change, expected] of cases) {
    it(`${what}: ${expected && 'error' in expected ? expected.error.slice(0, 60) : ''}`, () => {
      assert.deepEqual(newSite({ ...valid, ...change } as NewSiteOptions, catalog), expected);
    });
  }

  it('no options at all: a message, not a throw', () => {
    assert.deepEqual(newSite(null as unknown as NewSiteOptions, catalog), { error: 'a host has no name (e.g. be01=10.0.1.10)', field: 'server' });
  });

  it('a name of 10,000 characters is quoted as an excerpt', () => {
    const result = newSite({ ...valid, agents: `fs01=10.0.2.20 ${'x'.repeat(10_000)}` }, catalog);
    assert.ok('error' in result && result.error.length < 200, JSON.stringify(result).slice(0, 300));
  });
});
