import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getDefaultCatalog } from '../../server/src/engine/catalog/catalog';
import { checkByCode } from '../../server/src/engine/checks/registry';
import { closestTerms, explain } from '../../server/src/engine/explain';
import { generateRules } from '../../server/src/engine/generate/generateRules';
import { doHover } from '../../server/src/engine/language/hover';
import { ruleSnippetsWithoutManifest } from '../support/completion';
import { checkFiles, memoryService, summary, uriOf, type FileSet } from '../support/engine';
import { hoverInRuleFile } from '../support/hover';

/**
 * What befw says of Backup Exec stays inside its sources: each statement
 * that once went beyond them (issue 12) is pinned here on every surface it
 * reaches, from the catalog through explain, hover, messages and snippets.
 */
const catalog = getDefaultCatalog();
const root = join(__dirname, '..', '..', '..');
const explained = (term: string) => explain(catalog, term)?.markdown ?? '';

const site = (settings: string, hosts: string, rules: string): FileSet => ({
  'site.bexnet.yaml': `version: 1\nsettings:\n${settings}\nhosts:\n${hosts}\nfirewalls:\n  - { name: dmz, rules: dmz.fwrules.yaml, protects: [sql01] }\n`,
  'dmz.fwrules.yaml': `version: 1\nevaluation: first-match\ndefaults: { inbound: block, outbound: allow }\nrules:\n${rules}\n`,
});
const HOSTS = '  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }\n  - { name: sql01, role: remote-computer, address: 10.0.2.20 }';
const CONTROL_AND_DATA = '  - { name: be-to-sql01, action: allow, protocol: tcp, from: [be01], to: [sql01], ports: [10000, 50100-50199] }';

const hoverOn = (files: FileSet, token: string) => hoverInRuleFile(files, 'site.bexnet.yaml', 'dmz.fwrules.yaml', token);

describe('1. no invented default for the media server range', () => {
  it('no snippet writes 1025-65535 toward the Backup Exec server; the server-range snippet leaves a placeholder and says why', async () => {
    const rules = await ruleSnippetsWithoutManifest();
    const server = rules.filter((e) => e.detail?.startsWith('Rule: Backup Exec server dynamic port range:'));
    assert.deepEqual(server.map((e) => e.label), ['rule-server-dynamic-range']);
    const body = server[0].insertText.split('\n');
    assert.ok(body.includes('    ports: [${4:server-range}]'), body.join('\n'));
    assert.ok(body.some((line) => line.includes('no source gives it a default')));
    for (const snippet of rules) {
      if (/to: \[\$\{3:Backup Exec server host\}\]/.test(snippet.insertText)) assert.doesNotMatch(snippet.insertText, /1025-65535/, snippet.label);
    }
  });

  it('every snippet prefix is its own', async () => {
    const prefixes = (await ruleSnippetsWithoutManifest()).map((e) => e.label);
    assert.deepEqual(prefixes.filter((p, i) => prefixes.indexOf(p) !== i), []);
    assert.ok(prefixes.includes('port-1025-65535'), 'the agent data range keeps its documented default');
  });
});

describe('2. who connects and which way the data goes, separately', () => {
  it('the data connections are made to the remote computer; the data of a backup travels from it, as an inference', () => {
    const text = explained('remote-agent-data');
    assert.doesNotMatch(text, /data flows from the Backup Exec server to the Remote Agent/i);
    assert.match(text, /- Who connects: Backup Exec server → Remote computer\. The data connections are made to the remote computer/);
    assert.match(text, /- Data: In a backup the data itself travels from the remote computer to the Backup Exec server .* \(inferred by befw/);
  });
});

describe('3. consequences keep the article\'s "may" and are tied only where it ties them', () => {
  it('BEX100\'s docs, the README and the symptoms say "may"', () => {
    const docs = checkByCode('BEX100')!.docs;
    assert.doesNotMatch(docs, /then fail/);
    assert.match(docs, /"Backup or restore failures may be seen"/);
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    assert.match(readme.slice(0, readme.indexOf('\n\n', readme.indexOf('(Veritas KB'))), /may be seen.*0xE0000F02/s);
    for (const item of catalog.data.symptoms.items.filter((i) => /0xE0000F02/.test(i))) assert.match(item, /may be seen/);
  });

  it('no error code is tied to the Oracle, deduplication, M365 or console flows', () => {
    for (const id of ['job-engine-oracle', 'dedup-engine', 'dedup-manager', 'm365', 'remote-admin-console']) {
      const service = catalog.service(id)!;
      assert.equal(service.whenBlocked, undefined, id);
      assert.doesNotMatch(`${service.explanation} ${explained(id)}`, /0xE0000F/, id);
    }
    for (const error of catalog.data.errors) assert.deepEqual(error.services.filter((s) => !['remote-agent-control', 'remote-agent-data', 'agent-browser'].includes(s)), [], error.code);
  });
});

describe('4. peers no source names are shown as not documented', () => {
  it('3527, 6106 and 50104: "not documented → Backup Exec server", and their snippets leave the source to fill in', async () => {
    const rules = await ruleSnippetsWithoutManifest();
    for (const [port, snippetName] of [['3527', 'rule-be-server'], ['50104', 'rule-management-service']]) {
      assert.match(explained(port), /- Who connects: not documented → Backup Exec server\. .*\(not documented by the sources\)/, port);
      assert.doesNotMatch(explained(port), /any computer/, port);
      const body = rules.find((e) => e.label === snippetName)!.insertText;
      assert.match(body, /from: \[\$\{2:who-connects\}\]/, snippetName);
      assert.match(body, /# No source says which computers connect to TCP/, snippetName);
      assert.doesNotMatch(body, /from: \[\$\{2:any\}\]/);
    }
  });
});

describe('5. the Agent for Oracle\'s direction is marked as inferred everywhere', () => {
  const oracleSite = site('  ndmpPort: 10000', HOSTS.replace('address: 10.0.2.20 }', 'address: 10.0.2.20, features: [oracle] }'), '  - { name: oracle-in, action: allow, protocol: tcp, from: [sql01], to: [be01], ports: [6101, 5633] }\n' + CONTROL_AND_DATA);

  it('in explain 5633, in the hover on 5633, and in the BEX100 message for 5633, citing the article and never FACTS.md', async () => {
    assert.match(explained('5633'), /befw infers that the Oracle host .* connects to the Job Engine on the Backup Exec server; KB100017208 lists 5633 .* \(inferred by befw from KB100017208/);
    assert.match(await hoverOn(oracleSite, '5633'), /inferred by befw from KB100017208/);
    // Outbound blocked by default and the rule toward be01 narrowed: 6101 (stated direction) and 5633 (inferred) are blocked.
    const rules = oracleSite['dmz.fwrules.yaml'].replace('outbound: allow', 'outbound: block').replace('ports: [6101, 5633]', 'ports: [443]');
    const blocked = { ...oracleSite, 'dmz.fwrules.yaml': rules };
    const { report } = await checkFiles(blocked, 'site.bexnet.yaml');
    const bex100 = [...report.diagnostics.values()].flat().filter((d) => d.code === 'BEX100');
    const message = String(bex100.find((d) => /5633/.test(String(d.message)))?.message ?? "");
    assert.match(message, /Note: befw infers that the Oracle host .* KB100017208 lists 5633 as "Used for Oracle Agent" without saying who connects\.$/);
    const controlMessages = bex100.filter((d) => !/5633/.test(String(d.message)));
    assert.ok(controlMessages.length > 0);
    assert.ok(controlMessages.every((d) => !/Note: |infer/.test(String(d.message))), 'stated directions are not called inferred');
    assert.doesNotMatch(readFileSync(join(root, 'server', 'catalog', 'backup-exec.catalog.json'), 'utf8'), /FACTS\.md/);
  });
});

describe('6. topics no source documents answer as such; a typo still gets "nothing is known"', () => {
  it('push install, VMware, Hyper-V, SQL Server and cloud storage: no ports, said plainly', () => {
    for (const term of ['push install', 'vmware', 'Hyper-V', 'sql server', 'cloud storage']) {
      assert.match(explained(term), /The sources befw relies on document no ports for .*; befw states none\..*\(not documented by the sources\)/, term);
      assert.doesNotMatch(explained(term), /\b(135|445)\b/, term);
    }
  });

  it('a typo knows nothing and is offered the closest terms', () => {
    assert.equal(explain(catalog, 'vmwar'), undefined);
    assert.deepEqual(closestTerms(catalog, 'vmwar').slice(0, 1), ['vmware']);
    assert.deepEqual(closestTerms(catalog, 'zzzzzzzzzz'), []);
  });
});

describe('7. 1024: the article\'s table and text disagree, and befw says so', () => {
  it('explain 1024 and a hover on 1024 state the disagreement with both lines', async () => {
    const fromOne = site('  ndmpPort: 10000', HOSTS, '  - { name: low, action: allow, protocol: tcp, from: [be01], to: [sql01], ports: [1024, 10000, 1025-65535] }');
    for (const text of [explained('1024'), await hoverOn(fromOne, '1024')]) {
      assert.match(text, /"Dynamic range between 1024 to 65535"/);
      assert.match(text, /"The Dynamic or Private Ports are the ones from 1025 through 65535\."/);
      assert.doesNotMatch(text, /not a port any documented Backup Exec service uses/);
    }
  });
});

describe('8 and 9. 49152 and the anti-virus advice are where a user looks', () => {
  it('explain "dynamic range" shows 49152, the 25-port advice for anti-virus firewalls, and which way each range connects', () => {
    const text = explained('dynamic range');
    assert.match(text, /"49152 onwards"/);
    assert.match(text, /"If Symantec Endpoint Protection or another anti-virus software is being used as a firewall, free any 25 dynamic ports\./);
    assert.match(text, /- Remote agent range: Backup Exec server → Remote computer\./);
    assert.match(text, /- Media server range: Remote computer → Backup Exec server\. .*\(inferred by befw from TN255831/);
  });

  it('BEX010 and BEX011 docs show 49152; BEX011 docs carry the anti-virus advice', () => {
    assert.match(checkByCode('BEX010')!.docs, /49152/);
    assert.match(checkByCode('BEX011')!.docs, /49152/);
    assert.match(checkByCode('BEX011')!.docs, /Symantec Endpoint Protection/);
  });

  it('befw explain anti-virus / "Symantec Endpoint Protection" quote the article, and the range hover carries it', async () => {
    for (const term of ['anti-virus', 'antivirus', 'Symantec Endpoint Protection']) assert.match(explained(term), /KB100017208 .*"If Symantec Endpoint Protection/, term);
    const { report } = await checkFiles(site('  dynamicPorts: { agent: { enabled: true, range: 50100-50199 } }', HOSTS, CONTROL_AND_DATA), 'site.bexnet.yaml');
    const manifestText = report.manifest!.text;
    const hover = doHover({ catalog, report, file: { kind: 'manifest', model: report.manifest! }, offset: manifestText.indexOf('50100-50199') + 2 });
    assert.match(hover?.markdown ?? '', /Symantec Endpoint Protection/);
  });
});

describe('10. only setting names a source has', () => {
  it('"Enable TCP dynamic port ranges" appears nowhere users read; TN255831\'s two names do', () => {
    const surfaces = ['server/catalog/backup-exec.catalog.json', 'README.md', 'docs/codes.md', 'schemas/bexnet.schema.json', 'snippets/befw-manifest.code-snippets'];
    for (const path of surfaces.filter((p) => existsSync(join(root, p)))) assert.doesNotMatch(readFileSync(join(root, path), 'utf8'), /Enable TCP dynamic port ranges/i, path);
    assert.match(explained('dynamic range'), /"Enable media server TCP dynamic port range" and "Enable remote agent TCP dynamic port range"/);
  });
});

describe('11. the agent type matters', () => {
  it('explain beremote.exe names the Linux process and its tier; a hover toward a Linux host shows the Linux process only', async () => {
    assert.match(explained('beremote.exe'), /on an Agent for Linux \/opt\/VRTSralus\/bin\/beremote \(community source, not Veritas\)/);
    const linux = site('  ndmpPort: 10000', HOSTS.replace('address: 10.0.2.20 }', 'address: 10.0.2.20, agent: linux }'), CONTROL_AND_DATA);
    const onLinux = await hoverOn(linux, '10000');
    assert.match(onLinux, /- Process: \/opt\/VRTSralus\/bin\/beremote \(Agent for Linux, community source, not Veritas\)/);
    assert.doesNotMatch(onLinux, /beremote\.exe/);
    assert.match(onLinux, /RALUS-PUPPET \[community source, not Veritas\]/);
    const onWindows = await hoverOn(site('  ndmpPort: 10000', HOSTS, CONTROL_AND_DATA), '10000');
    assert.match(onWindows, /- Process: beremote\.exe\n/);
    assert.doesNotMatch(onWindows, /VRTSralus/);
  });

  it('a hover on a Linux host says what no source documents for it, e.g. whether the agent range applies', async () => {
    const linux = site('  ndmpPort: 10000', HOSTS.replace('address: 10.0.2.20 }', 'address: 10.0.2.20, agent: linux }'), CONTROL_AND_DATA);
    const { report } = await checkFiles(linux, 'site.bexnet.yaml');
    const text = report.manifest!.text;
    const hover = doHover({ catalog, report, file: { kind: 'manifest', model: report.manifest! }, offset: text.indexOf('sql01') + 1 })?.markdown ?? '';
    assert.match(hover, /Agent for Linux \(package VRTSralus\) \(community source, not Veritas\)/);
    assert.match(hover, /No source documents whether the remote agent TCP dynamic port range applies to the Agent for Linux/);
  });
});

describe('12. generation writes exactly what the checks require', () => {
  it('no Remote Administration Console rules for a network firewall; the host firewall of the managed server gets them', () => {
    const files = {
      'site.bexnet.yaml':
        'version: 1\nhosts:\n  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }\n  - { name: admin01, role: remote-administration-console, address: 10.0.3.5 }\n' +
        'firewalls:\n  - { name: core, rules: core.fwrules.yaml, protects: [be01] }\n  - { name: be01-host, rules: host.fwrules.yaml, host: be01 }\n',
    };
    const manifest = memoryService(files).parseManifest({ uri: uriOf('site.bexnet.yaml'), text: files['site.bexnet.yaml'] });
    const network = generateRules(manifest, catalog, 'core', 'yaml');
    const host = generateRules(manifest, catalog, 'be01-host', 'yaml');
    assert.ok(!('error' in network) && !('error' in host));
    assert.equal(network.flows, 0);
    assert.doesNotMatch(network.text, /RPC-EPMAP|WMI/);
    assert.equal(host.flows, 1);
    assert.match(host.text, /windowsRules: \["Remote Service Management \(RPC-EPMAP\)", "Windows Management Instrumentation \(WMI-In\)"\]/);
  });

  it("the console's own host firewall is not judged for the managed server's inbound rules", async () => {
    const files = {
      'site.bexnet.yaml':
        'version: 1\nhosts:\n  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }\n  - { name: admin01, role: remote-administration-console, address: 10.0.3.5 }\n' +
        'firewalls:\n  - { name: admin01-host, rules: admin.fwrules.yaml, host: admin01 }\n',
      'admin.fwrules.yaml': 'version: 1\nevaluation: block-wins\ndefaults: { inbound: block, outbound: block }\nrules: []\n',
    };
    const { report } = await checkFiles(files, 'site.bexnet.yaml');
    assert.deepEqual(report.evaluations.map((e) => e.flow.service.id), []);
    assert.deepEqual(summary(report), []);
  });
});

describe('13. sizes and names worded as the sources word them', () => {
  const sized = (server: string, agent: string, jobs: number) =>
    checkFiles(site(`  dynamicPorts:\n    server: { enabled: true, range: ${server} }\n    agent: { enabled: true, range: ${agent} }\n  concurrentJobs: ${jobs}`, HOSTS, CONTROL_AND_DATA.replace('50100-50199', agent)), 'site.bexnet.yaml');

  it('the 25-port minimum is for the remote agent range: 24 ports warn, 25 do not; a 10-port server range does not', async () => {
    assert.deepEqual(summary((await sized('50000-50009', '50100-50123', 1)).report), ['site.bexnet.yaml:5 BEX011']);
    assert.deepEqual(summary((await sized('50000-50009', '50100-50124', 1)).report), []);
  });

  it('two ports per job at a minimum: 2 × jobs - 1 ports warn, 2 × jobs do not, for either range', async () => {
    assert.deepEqual(summary((await sized('50000-50009', '50100-50139', 5)).report), []);
    assert.deepEqual(summary((await sized('50000-50008', '50100-50139', 5)).report), ['site.bexnet.yaml:4 BEX012']);
    assert.match(explained('dynamic range'), /A minimum of two ports is required per backup job/);
  });

  it('the BEX012 fix widens the media server range to exactly 2 × jobs (no 25-port floor there)', async () => {
    const { service, report } = await sized('50000-50008', '50100-50139', 5);
    const diagnostic = [...report.diagnostics.values()].flat().find((d) => d.code === 'BEX012')!;
    assert.deepEqual(service.getQuickFixes(report, diagnostic).map((f) => f.title), ['Change the range to 50000-50009']);
  });

  it('10000 is not called a port only Backup Exec uses; pvlsvr.exe makes no connection', () => {
    assert.equal(catalog.service('remote-agent-control')!.backupExecSpecific, false);
    assert.match(checkByCode('BEX204')!.docs, /10000 is not one of them/);
    const media = explained('pvlsvr.exe');
    assert.match(media, /- Connections: none/);
    assert.doesNotMatch(media, /Backup Exec server → Backup Exec server/);
  });
});

describe('explain answers for processes, ndmp and RPC-EPMAP, and says which way a dynamic port\'s connections go', () => {
  it('each process name leads to its services', () => {
    const expected: [string, RegExp][] = [
      ['beremote.exe', /Remote Agent control connection[\s\S]*Remote Agent data connections/],
      ['benetns.exe', /Backup Exec Agent Browser/],
      ['bengine.exe', /^(?=[\s\S]*Backup Exec Job Engine \(Agent for Oracle\))(?=[\s\S]*Backup Exec server dynamic port range)/],
      ['beserver.exe', /Backup Exec Server service/],
      ['pvlsvr.exe', /Device and Media Service/],
      ['spoold', /Deduplication Engine/],
      ['spad', /Deduplication Manager/],
      ['ndmp', /Remote Agent control \(NDMP\) port[\s\S]*Remote Agent control connection/],
      ['RPC-EPMAP', /Remote Administration Console management/],
    ];
    for (const [term, pattern] of expected) assert.match(explained(term), pattern, term);
  });

  it('a dynamic port says who connects on each range; 49152 also names the older example', () => {
    assert.match(explained('50000'), /- Remote agent range: Backup Exec server → Remote computer[\s\S]*- Media server range: Remote computer → Backup Exec server/);
    assert.doesNotMatch(explained('50000'), /49152 onwards/);
    assert.match(explained('49152'), /"49152 onwards"/);
  });

  it('a process name is known with or without ".exe", and by the last part of a Linux path', () => {
    for (const term of ['benetns', 'BENETNS.EXE', 'spoold.exe', 'beremote']) assert.notEqual(explain(catalog, term), undefined, term);
    assert.match(explained('beremote'), /Remote Agent control connection/);
  });
});

describe('every statement of direction or consequence carries a quote or says it is inferred', () => {
  it('each claim that is stated has a quote, each inferred one says "infer"; the prose holds no consequence of its own', () => {
    for (const service of catalog.services) {
      if (service.protocol !== 'none') assert.ok(service.direction, `${service.id} has a direction`);
      for (const claim of [service.direction, service.whenBlocked, service.dataFlow].filter((c) => c !== undefined)) {
        if (claim.basis === 'stated') assert.ok(claim.quote, `${service.id}: "${claim.text}" has a quote`);
        if (claim.basis === 'inferred') assert.match(explained(service.id), /inferred by befw/, service.id);
      }
      assert.doesNotMatch(service.explanation, /0xE0000F|fail|may not populate/i, service.id);
    }
  });
});
