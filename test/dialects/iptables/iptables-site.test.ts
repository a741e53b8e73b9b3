import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInDialect } from '../../../server/src/engine/dialects/registry';
import type { CheckReport } from '../../../server/src/engine/service';
import { fixRoundTrip, fixtures, spliced, textAt, theDiagnostic } from '../../support/checkFixtures';
import type { Diagnostic } from 'vscode-languageserver-types';
import { applyFix, checkFiles, diagnosticsOf, summary, uriOf, type FileSet } from '../../support/engine';
import { restoreTest, restoreUnavailable } from './restoreTool';

/**
 * An iptables-save as the host firewall of a Linux agent (agent01), checked through the service:
 * what gets through walks INPUT and the chains it jumps to, what befw cannot evaluate never counts,
 * and each fix lands where the packet meets it, re-checked and loaded by the real iptables-restore.
 */

const MANIFEST = 'site.bexnet.yaml';
const RULES = 'agent01.iptables';
const FIXTURE = 'ralus-agent.iptables-save.rules';
const site = (rules: string, be01 = '10.1.1.10', name = RULES): FileSet => ({
  [MANIFEST]: [
    '# be01 backs up agent01, a Linux host whose own firewall is iptables.',
    'version: 1',
    'settings:',
    '  dynamicPorts:',
    '    agent: { enabled: true, range: 50100-50149 }',
    'hosts:',
    `  - { name: be01, role: backup-exec-server, address: ${be01} }`,
    '  - { name: agent01, role: remote-computer, address: 10.1.2.20, agent: linux }',
    'firewalls:',
    `  - { name: agent01-host, rules: ${name}, host: agent01 }`,
    '',
  ].join('\n'),
  [name]: rules,
});
const ralus = async () => (await fixtures(__dirname, [FIXTURE]))[FIXTURE];

/**
 * Each flow as "service: ok" or "service: denied <ports>", with what allowed it, what may drop it on the
 * host, and the policy that denied it. How a denial is classed (missing, reversed…) is the engine's.
 */
function flows(report: CheckReport): string[] {
  return report.evaluations.map((e) => {
    const by = e.allowedBy.map((share) => share.rule.name).join(' + ');
    const may = e.chains?.mayBlockBy.map((share) => ` (may be dropped by ${share.rule.name})`).join('') ?? '';
    const blocked = e.blockedBy.map((share) => ` (dropped by ${share.rule.name})`).join('');
    const policy = e.chains?.policyDenials.map((denial) => ` (policy of ${denial.chain.id})`).join('') ?? '';
    return `${e.flow.service.name}: ${e.denied.isEmpty ? 'ok' : `denied ${e.denied}`}${by ? ` by ${by}` : ''}${may}${blocked}${policy}`;
  });
}

async function check(files: FileSet) {
  const { service, report } = await checkFiles(files, MANIFEST);
  return { service, report, flows: flows(report), findings: summary(report).filter((f) => !f.endsWith('BEX022')) };
}

/** The one diagnostic in the rules file on the control connection (TCP 10000) not getting through. */
function ndmpMissing(report: CheckReport, name = RULES) {
  const found = diagnosticsOf(report, name).filter((d) => /^BEX10\d$/.test(String(d.code)) && /\(TCP 10000\)/.test(String(d.message)));
  assert.equal(found.length, 1, summary(report).join(', '));
  return found[0];
}

/** The real iptables-restore accepts the text (skipped, said, where it cannot run). */
function assertRestores(t: { skip(message: string): void }, text: string): void {
  const unavailable = restoreUnavailable();
  if (unavailable) return t.skip(unavailable);
  const result = restoreTest(text);
  assert.equal(result.status, 0, result.output);
}

const NDMP_RULE = (source: string) => `-A INPUT -p tcp -s ${source} --dport 10000 -m comment --comment "Remote Agent control connection (NDMP) from be01 to agent01" -j ACCEPT`;

/** The findings a fix of `diagnostic` removes: it, and its twin on the firewall in the manifest. */
const gone = (diagnostic: Diagnostic) => [`${RULES}:${diagnostic.range.start.line + 1} ${String(diagnostic.code)}`, `${MANIFEST}:10 ${String(diagnostic.code)}`];

/**
 * Applies the one fix of the NDMP diagnostic, asserts the file is `text` with exactly `inserted` written at
 * `at`, and that re-checked, NDMP gets through by the written rule while the other flows fare as before.
 */
async function fixNdmp(files: FileSet, at: number, inserted: string): Promise<{ title: string; fixed: FileSet }> {
  const before = await check(files);
  const fixes = before.service.getQuickFixes(before.report, ndmpMissing(before.report));
  assert.equal(fixes.length, 1);
  const fixed = applyFix(files, fixes[0]);
  assert.equal(fixed[RULES], spliced(files[RULES], at, 0, inserted));
  const after = await check(fixed);
  assert.deepEqual(after.flows, ['Remote Agent control connection (NDMP): ok by Remote Agent control connection (NDMP) from be01 to agent01', ...before.flows.slice(1)]);
  assert.ok(!diagnosticsOf(after.report, RULES).some((d) => /\(TCP 10000\)/.test(String(d.message))), summary(after.report).join(', '));
  return { title: fixes[0].title, fixed };
}

describe('iptables-save as a Linux agent\'s host firewall', () => {
  it('lets NDMP through a user chain, the data range through a second jump; the ipset drop there is said, not counted', async () => {
    const text = await ralus();
    const { report, flows: found, findings } = await check(site(text));
    assert.deepEqual(found, [
      'Remote Agent control connection (NDMP): ok by Backup Exec "NDMP" (RALUS)',
      'Remote Agent data connections: ok by Remote agent data range (may be dropped by -A BE-DATA -m set --match-set be-quarantine src -j DROP)',
      // OUTPUT accepts by policy.
      'Backup Exec Agent Browser (advertising): ok',
    ]);
    // BEX018 says the rule is the host's; BEX105 that it may drop a required flow there.
    assert.deepEqual(findings, [`${RULES}:28 BEX018`, `${RULES}:28 BEX105`]);
    const note = theDiagnostic(report, RULES, 'BEX018');
    assert.equal(textAt(site(text), RULES, note.range), '-m set --match-set be-quarantine src');
    assert.match(String(note.message), /an ipset: its members are known only on the host\): .* on the host it may stop a Backup Exec flow$/);
  });

  it('RETURN sends a server the user chain turns away back to INPUT, whose policy drops it; the fix appends to INPUT', async (t) => {
    const files = site((await ralus()).replace('-A BE-DATA -m set --match-set be-quarantine src -j DROP\n', ''), '10.1.1.66');
    const { report, flows: found } = await check(files);
    assert.deepEqual(found, [
      'Remote Agent control connection (NDMP): denied 10000 (policy of INPUT)',
      'Remote Agent data connections: denied 50100-50149 (policy of INPUT)',
      'Backup Exec Agent Browser (advertising): ok',
    ]);
    const written = report.evaluations[0].chains!.policyDenials[0].written!;
    assert.deepEqual([written.uri, files[RULES].slice(...written.range)], [uriOf(RULES), 'DROP']);
    const logLine = '-A INPUT -j LOG --log-prefix "INPUT drop: " --log-level 6\n';
    const { title, fixed } = await fixNdmp(files, files[RULES].indexOf(logLine) + logLine.length, `${NDMP_RULE('10.1.1.66')}\n`);
    assert.equal(title, 'Add rule "Remote Agent control connection (NDMP) from be01 to agent01" at the end of chain INPUT');
    assertRestores(t, fixed[RULES]);
  });

  it('-j comes back on RETURN and INPUT\'s next rule accepts; -g does not come back, and the policy drops', async () => {
    const accept = '-A INPUT -s 10.1.1.66/32 -p tcp -m tcp --dport 10000 -j ACCEPT\n';
    const jumped = (await ralus()).replace('-A INPUT -s 10.9.0.0/16', `${accept}-A INPUT -s 10.9.0.0/16`);
    assert.equal((await check(site(jumped, '10.1.1.66'))).flows[0], 'Remote Agent control connection (NDMP): ok by -A INPUT -s 10.1.1.66/32 -p tcp -m tcp --dport 10000 -j ACCEPT');
    const went = jumped.replace('-A INPUT -s 10.1.1.0/24 -j BE-MEDIA-SERVERS', '-A INPUT -s 10.1.1.0/24 -g BE-MEDIA-SERVERS');
    assert.equal((await check(site(went, '10.1.1.66'))).flows[0], 'Remote Agent control connection (NDMP): denied 10000 (policy of INPUT)');
    // From be01 (10.1.1.10) the goto target accepts: a goto is followed like a jump.
    assert.equal((await check(site(went))).flows[0], 'Remote Agent control connection (NDMP): ok by Backup Exec "NDMP" (RALUS)');
  });

  it('a DROP before the jump to the accept stops NDMP, said at the DROP', async () => {
    const drop = '-A INPUT -p tcp -m tcp --dport 10000 -m comment --comment "no NDMP from outside" -j DROP\n';
    const files = site((await ralus()).replace('-A INPUT -s 10.1.1.0/24', `${drop}-A INPUT -s 10.1.1.0/24`));
    const { report, flows: found } = await check(files);
    assert.equal(found[0], 'Remote Agent control connection (NDMP): denied 10000 (dropped by no NDMP from outside)');
    const said = ndmpMissing(report);
    assert.deepEqual([said.range.start.line + 1, textAt(files, RULES, said.range)], [22, '"no NDMP from outside"']);
  });

  it('fix: the accept goes right above the DROP that stops the flow', async (t) => {
    const drop = '-A INPUT -p tcp -m tcp --dport 10000 -m comment --comment "no NDMP from outside" -j DROP\n';
    const text = [
      '*filter',
      ':INPUT DROP [0:0]',
      ':FORWARD DROP [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      '-A INPUT -i lo -j ACCEPT',
      '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      drop.trimEnd(),
      '-A INPUT -s 10.1.1.10/32 -p tcp -m multiport --dports 50100:50149 -m comment --comment "Backup Exec data from be01" -j ACCEPT',
      'COMMIT',
      '',
    ].join('\n');
    const files = site(text);
    const { service, report, flows: found } = await check(files);
    assert.equal(found[0], 'Remote Agent control connection (NDMP): denied 10000 (dropped by no NDMP from outside)');
    const diagnostic = ndmpMissing(report);
    const { fix, fixed } = await fixRoundTrip({ files, manifest: MANIFEST, service, report, diagnostic, gone: gone(diagnostic) });
    assert.equal(fix.title, 'Add rule "Remote Agent control connection (NDMP) from be01 to agent01" at chain INPUT above "no NDMP from outside"');
    assert.equal(fixed[RULES], spliced(text, text.indexOf(drop), 0, `${NDMP_RULE('10.1.1.10')}\n`));
    assertRestores(t, fixed[RULES]);
  });

  it('an accept for established connections only, or on eth0 only, does not let NDMP in; the eth0 one is said', async () => {
    const only = (rule: string) => `*filter\n:INPUT DROP [0:0]\n${rule}\nCOMMIT\n`;
    const established = await check(site(only('-A INPUT -p tcp -m tcp --dport 10000 -m state --state RELATED,ESTABLISHED -j ACCEPT')));
    assert.deepEqual([established.flows[0], established.report.evaluations[0].allowed.isEmpty], ['Remote Agent control connection (NDMP): denied 10000 (policy of INPUT)', true]);
    const files = site(only('-A INPUT -i eth0 -p tcp -m tcp --dport 10000 -j ACCEPT'));
    const eth0 = await check(files);
    assert.equal(eth0.flows[0], 'Remote Agent control connection (NDMP): denied 10000 (policy of INPUT)');
    const note = theDiagnostic(eth0.report, RULES, 'BEX018');
    assert.deepEqual([textAt(files, RULES, note.range), note.range.start.line], ['-i eth0', 2]);
  });

  it('a save with counters and CRLF line ends: the fix writes [0:0] like its neighbours and keeps CRLF', async (t) => {
    const lines = ['# Generated by iptables-save v1.8.9 (nf_tables) on Mon Nov 30 15:12:44 2026', '*filter', ':INPUT DROP [1204:98311]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [88412:10234551]', '[913:61220] -A INPUT -i lo -j ACCEPT', '[80211:9913002] -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', '[12:720] -A INPUT -s 10.20.0.0/16 -p tcp -m tcp --dport 22 -j ACCEPT', '[7:420] -A INPUT -p tcp -m tcp --dport 10000 -j DROP', 'COMMIT', ''];
    const text = lines.join('\r\n');
    const files = site(text);
    const { fixed } = await fixNdmp(files, text.indexOf('[7:420]'), `[0:0] ${NDMP_RULE('10.1.1.10')}\r\n`);
    assert.doesNotMatch(fixed[RULES], /(^|[^\r])\n/, 'CRLF kept');
    // iptables-restore refuses CRLF (NOTES.md): the host loads the file with LF ends.
    assertRestores(t, fixed[RULES].replace(/\r\n/g, '\n'));
  });

  it('in a chain with -I lines, the fix inserts by number after the chain\'s last line, so the rule lands before the drop', async (t) => {
    const text = '*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp -m tcp --dport 10000 -j DROP\n-I INPUT -i lo -j ACCEPT\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n';
    const files = site(text);
    const { fixed } = await fixNdmp(files, text.indexOf('COMMIT'), `${NDMP_RULE('10.1.1.10').replace('-A INPUT', '-I INPUT 2')}\n`);
    assertRestores(t, fixed[RULES]);
  });
});

describe('iptables-save files: recognised by name and content; large files', () => {
  it('a rules.v4 name, and a save with no telling name by its content; ufw\'s user.rules is not taken', () => {
    const save = '*filter\n:INPUT DROP [0:0]\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n';
    assert.equal(parseInDialect({ uri: 'file:///etc/iptables/rules.v4', text: '' }).dialect, 'iptables-save');
    assert.equal(parseInDialect({ uri: 'file:///x/agent01-firewall.txt', text: `# Generated by iptables-save v1.8.9\n${save}` }).dialect, 'iptables-save');
    assert.equal(parseInDialect({ uri: 'file:///x/saved.txt', text: `*filter\n:ufw-user-input - [0:0]\n### RULES ###\nCOMMIT\n` }).dialect === 'iptables-save', false);
  });

  it('reads a 50,000-rule save without a problem', () => {
    const lines = ['*filter', ':INPUT DROP [0:0]'];
    for (let i = 0; i < 50_000; i++) lines.push(`-A INPUT -s 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32 -p tcp -m tcp --dport ${1 + (i % 65535)} -m comment --comment "host ${i}" -j ACCEPT`);
    lines.push('COMMIT', '');
    const model = parseInDialect({ uri: 'file:///x/big.iptables', text: lines.join('\n') });
    assert.deepEqual([model.problems, model.chains?.[0].rules.length, model.rules.length, model.rules[49_999].name], [[], 50_000, 50_000, 'host 49999']);
  });
});
