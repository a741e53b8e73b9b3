import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ufwEdits } from '../../../server/src/engine/dialects/ufw/edits';
import { generateRules } from '../../../server/src/engine/generate/generateRules';
import type { CheckReport } from '../../../server/src/engine/service';
import { fixtures, spliced, textAt } from '../../support/checkFixtures';
import { applyFix, checkFiles, diagnosticsOf, memoryService, summary, uriOf, type FileSet } from '../../support/engine';
import { restoreTest, restoreUnavailable } from '../iptables/restoreTool';

/**
 * ufw as the host firewall of a Linux agent, through the service: user.rules alone (ufw's default
 * deny assumed, and said), with /etc/default/ufw listed beside it (its policies decide), fixes that
 * write a tuple and its rule in the RULES section, and a generated user.rules iptables-restore loads.
 */

const MANIFEST = 'site.bexnet.yaml';
const RULES = 'agent01/user.rules';
const DEFAULTS = 'agent01/default/ufw';
const manifest = (rules: string) =>
  [
    '# be01 backs up agent01, whose firewall is ufw.',
    'version: 1',
    'settings:',
    '  dynamicPorts:',
    '    agent: { enabled: true, range: 50100-50149 }',
    'hosts:',
    '  - { name: be01, role: backup-exec-server, address: 10.1.1.10 }',
    '  - { name: agent01, role: remote-computer, address: 10.1.2.20, agent: linux }',
    'firewalls:',
    `  - { name: agent01-host, rules: ${rules}, host: agent01 }`,
    '',
  ].join('\n');

async function site(defaults?: (text: string) => string): Promise<FileSet> {
  const files = await fixtures(__dirname, ['agent01-user.rules', 'default-ufw']);
  const set: FileSet = { [MANIFEST]: manifest(defaults ? `[${RULES}, ${DEFAULTS}]` : RULES), [RULES]: files['agent01-user.rules'] };
  if (defaults) set[DEFAULTS] = defaults(files['default-ufw']);
  return set;
}

/** Each flow as "service: ok" or "service: denied <ports>", with the policy that denied it and where that policy comes from. */
function flows(report: CheckReport): string[] {
  return report.evaluations.map((e) => {
    const policy = (e.chains?.policyDenials ?? []).map((denial) => ` (policy of ${denial.chain.id}${denial.written ? `, stated in ${denial.written.uri.slice(uriOf('').length)}` : `, assumed: ${denial.chain.policyAssumed}`})`).join('');
    return `${e.flow.service.name}: ${e.denied.isEmpty ? 'ok' : `denied ${e.denied}`}${policy}`;
  });
}

/** The one diagnostic in ufw's files on a flow of `ports` not getting through (where the engine places it is its own). */
function flowDiagnostic(report: CheckReport, ports: string) {
  const found = [RULES, DEFAULTS].flatMap((name) => diagnosticsOf(report, name)).filter((d) => /^BEX10\d$/.test(String(d.code)) && String(d.message).includes(`(TCP ${ports})`));
  assert.equal(found.length, 1, summary(report).join(', '));
  return found[0];
}

function assertRestores(t: { skip(message: string): void }, text: string, tool = 'iptables-restore'): void {
  const unavailable = restoreUnavailable(tool);
  if (unavailable) return t.skip(unavailable);
  const result = restoreTest(text, tool);
  assert.equal(result.status, 0, result.output);
}

const NDMP_BLOCK = (eol: string) =>
  `### tuple ### allow tcp 10000 0.0.0.0/0 any 10.1.1.10 in comment=${Buffer.from('Remote Agent control connection (NDMP) from be01 to agent01').toString('hex')}${eol}-A ufw-user-input -p tcp --dport 10000 -s 10.1.1.10 -j ACCEPT${eol}${eol}`;

describe('ufw as a Linux agent\'s host firewall', () => {
  it('without /etc/default/ufw, deny is assumed, and said: NDMP is denied, the data range gets through by its rule', async () => {
    const files = await site();
    const { report } = await checkFiles(files, MANIFEST);
    assert.deepEqual(flows(report), [
      "Remote Agent control connection (NDMP): denied 10000 (policy of ufw-user-input, assumed: ufw's default incoming policy is deny; /etc/default/ufw (DEFAULT_INPUT_POLICY) was not given, so deny is assumed)",
      'Remote Agent data connections: ok',
      'Backup Exec Agent Browser (advertising): ok',
    ]);
    assert.deepEqual(report.evaluations[1].allowedBy.map((share) => share.rule.name), ['Backup Exec data from be01']);
    // The eth1 accept does not count: said where it is written.
    const notes = diagnosticsOf(report, RULES).filter((d) => d.code === 'BEX018').map((d) => [d.range.start.line + 1, textAt(files, RULES, d.range)]);
    assert.deepEqual(notes, [[22, '-m recent --update --seconds 30 --hitcount 6'], [32, '-i eth1']]);
  });

  it('with /etc/default/ufw listed beside it, its policy decides: DROP denies (at its value), ACCEPT lets NDMP through', async () => {
    const dropping = await site((text) => text);
    const { report } = await checkFiles(dropping, MANIFEST);
    assert.equal(flows(report)[0], `Remote Agent control connection (NDMP): denied 10000 (policy of ufw-user-input, stated in ${DEFAULTS})`);
    assert.equal(dropping[DEFAULTS].slice(...report.evaluations[0].chains!.policyDenials[0].written!.range), 'DROP');
    const accepting = await site((text) => text.replace('DEFAULT_INPUT_POLICY="DROP"', 'DEFAULT_INPUT_POLICY="ACCEPT"'));
    const open = await checkFiles(accepting, MANIFEST);
    assert.deepEqual(flows(open.report), ['Remote Agent control connection (NDMP): ok', 'Remote Agent data connections: ok', 'Backup Exec Agent Browser (advertising): ok']);
    assert.deepEqual(diagnosticsOf(open.report, DEFAULTS), []);
  });

  it('fix: a tuple and its rule before ### END RULES ###, a blank line after it as ufw writes; re-checked, NDMP gets through; iptables-restore loads it', async (t) => {
    const files = await site();
    const { service, report } = await checkFiles(files, MANIFEST);
    const fixes = service.getQuickFixes(report, flowDiagnostic(report, '10000'));
    assert.deepEqual(fixes.map((fix) => fix.title), ['Add rule "Remote Agent control connection (NDMP) from be01 to agent01" at the end of chain ufw-user-input']);
    const fixed = applyFix(files, fixes[0]);
    assert.equal(fixed[RULES], spliced(files[RULES], files[RULES].indexOf('### END RULES ###'), 0, NDMP_BLOCK('\n')));
    const after = await checkFiles(fixed, MANIFEST);
    assert.deepEqual(flows(after.report), ['Remote Agent control connection (NDMP): ok', 'Remote Agent data connections: ok', 'Backup Exec Agent Browser (advertising): ok']);
    assert.deepEqual(after.report.evaluations[0].allowedBy.map((share) => share.rule.name), ['Remote Agent control connection (NDMP) from be01 to agent01']);
    assertRestores(t, fixed[RULES]);
  });

  it('fix before a deny that stops the flow: the new block goes above the deny\'s whole block; CRLF kept', async (t) => {
    const crlf = (await site())[RULES].replace('-s 203.0.113.0/24 -j DROP', '-j DROP').replace(/\n/g, '\r\n');
    const files = { [MANIFEST]: manifest(RULES), [RULES]: crlf };
    const { report } = await checkFiles(files, MANIFEST);
    const ndmp = report.evaluations[0];
    assert.deepEqual([ndmp.denied.toString(), ndmp.blockedBy.map((share) => share.rule.name), ndmp.chains?.inserts.map((insert) => [insert.chain, insert.before])], ['10000', ['NDMP scanners (Säo Paulo lab)'], [['ufw-user-input', 3]]]);
    // How the engine classes this denial (and whether it offers the fix) is its own: the edit is asked for directly, where the evaluation places it.
    const ruleFile = report.ruleFiles.find((file) => file.uri === uriOf(RULES))!;
    const rule = { name: 'Remote Agent control connection (NDMP) from be01 to agent01', action: 'allow' as const, protocol: 'tcp' as const, from: ['be01'], to: ['agent01'], ports: ['10000'] };
    const edit = ufwEdits.insertRule(ruleFile, { rule, data: { fix: 'insert-rule', direction: 'inbound', hostFirewall: true }, manifest: report.manifest, chain: { id: 'ufw-user-input', before: 3 } })!;
    const fixed = { ...files, [RULES]: spliced(crlf, edit.range[0], edit.range[1] - edit.range[0], edit.newText) };
    assert.equal(fixed[RULES], spliced(crlf, crlf.indexOf('### tuple ### deny tcp 10000'), 0, NDMP_BLOCK('\r\n')));
    assert.equal(flows((await checkFiles(fixed, MANIFEST)).report)[0], 'Remote Agent control connection (NDMP): ok');
    // iptables-restore refuses CRLF; ufw's own files are LF.
    assertRestores(t, fixed[RULES].replace(/\r\n/g, '\n'));
  });

  it('fix of an outgoing flow when /etc/default/ufw denies outgoing: a tuple "out" and its ufw-user-output rule, the range by multiport', async (t) => {
    const files = await site((text) => text.replace('DEFAULT_OUTPUT_POLICY="ACCEPT"', 'DEFAULT_OUTPUT_POLICY="REJECT"'));
    const { service, report } = await checkFiles(files, MANIFEST);
    assert.equal(flows(report)[2], `Backup Exec Agent Browser (advertising): denied 6101 (policy of ufw-user-output, stated in ${DEFAULTS})`);
    const fixed = applyFix(files, service.getQuickFixes(report, flowDiagnostic(report, '6101'))[0]);
    const block = `### tuple ### allow tcp 6101 10.1.1.10 any 0.0.0.0/0 out comment=${Buffer.from('Backup Exec Agent Browser (advertising) from agent01 to be01').toString('hex')}\n-A ufw-user-output -p tcp -d 10.1.1.10 --dport 6101 -j ACCEPT\n\n`;
    assert.equal(fixed[RULES], spliced(files[RULES], files[RULES].indexOf('### END RULES ###'), 0, block));
    assert.equal(flows((await checkFiles(fixed, MANIFEST)).report)[2], 'Backup Exec Agent Browser (advertising): ok');
    // The data range, had it no rule: one tuple, ranges as ufw writes them.
    const noData = { ...files, [RULES]: files[RULES].replace(/### tuple ### allow tcp 50100:50149[^\n]*\n[^\n]*\n\n/, '') };
    const second = await checkFiles(noData, MANIFEST);
    const dataFixed = applyFix(noData, second.service.getQuickFixes(second.report, flowDiagnostic(second.report, '50100-50149'))[0]);
    assert.match(dataFixed[RULES], /\n### tuple ### allow tcp 50100:50149 0\.0\.0\.0\/0 any 10\.1\.1\.10 in comment=[0-9a-f]+\n-A ufw-user-input -p tcp -m multiport --dports 50100:50149 -s 10\.1\.1\.10 -j ACCEPT\n\n### END RULES ###/);
    assertRestores(t, dataFixed[RULES]);
  });
});

describe('befw generate --dialect ufw', () => {
  it('writes a complete user.rules: ufw\'s chains, one tuple and rule per flow, its logging and rate limiting; iptables-restore loads it', async (t) => {
    const text = manifest('agent01/user.rules');
    const files = { [MANIFEST]: text };
    const model = memoryService(files).parseManifest({ uri: uriOf(MANIFEST), text });
    const result = generateRules(model, memoryService(files).catalog, 'agent01-host', 'ufw');
    assert.ok(!('error' in result), JSON.stringify(result));
    const lines = result.text.split('\n');
    assert.match(lines[0], /^# Generated by befw from site\.bexnet\.yaml for firewall "agent01-host": 2 inbound Backup Exec flow\(s\)/);
    const hex = (name: string) => Buffer.from(name).toString('hex');
    assert.deepEqual(lines.slice(1, 4), ['# Installed as /etc/ufw/user.rules (then "ufw reload"), this replaces every rule given to ufw, SSH access', "# included: add the host's own rules (ufw allow OpenSSH) afterwards. /etc/default/ufw's policies stay.", '*filter']);
    assert.deepEqual(lines.slice(4, 20), ['user-input', 'user-output', 'user-forward', 'before-logging-input', 'before-logging-output', 'before-logging-forward', 'user-logging-input', 'user-logging-output', 'user-logging-forward', 'after-logging-input', 'after-logging-output', 'after-logging-forward', 'logging-deny', 'logging-allow', 'user-limit', 'user-limit-accept'].map((chain) => `:ufw-${chain} - [0:0]`));
    assert.deepEqual(lines.slice(20, 32), [
      '### RULES ###',
      '',
      lines[22],
      `### tuple ### allow tcp 10000 0.0.0.0/0 any 10.1.1.10 in comment=${hex('Remote Agent control connection (NDMP) from be01 to agent01')}`,
      '-A ufw-user-input -p tcp --dport 10000 -s 10.1.1.10 -j ACCEPT',
      '',
      lines[26],
      `### tuple ### allow tcp 50100:50149 0.0.0.0/0 any 10.1.1.10 in comment=${hex('Remote Agent data connections from be01 to agent01')}`,
      '-A ufw-user-input -p tcp -m multiport --dports 50100:50149 -s 10.1.1.10 -j ACCEPT',
      '',
      '### END RULES ###',
      '',
    ]);
    assert.match(lines[22], /^# Backup Exec: Remote Agent control connection \(NDMP\) \(TCP 10000.*; source: /);
    assert.match(lines[26], /^# Backup Exec: Remote Agent data connections \(TCP 50100-50149.*; source: /);
    assert.deepEqual(lines.slice(32), [
      '### LOGGING ###',
      '-A ufw-after-logging-input -j LOG --log-prefix "[UFW BLOCK] " -m limit --limit 3/min --limit-burst 10',
      '-A ufw-after-logging-forward -j LOG --log-prefix "[UFW BLOCK] " -m limit --limit 3/min --limit-burst 10',
      '-I ufw-logging-deny -m conntrack --ctstate INVALID -j RETURN -m limit --limit 3/min --limit-burst 10',
      '-A ufw-logging-deny -j LOG --log-prefix "[UFW BLOCK] " -m limit --limit 3/min --limit-burst 10',
      '-A ufw-logging-allow -j LOG --log-prefix "[UFW ALLOW] " -m limit --limit 3/min --limit-burst 10',
      '### END LOGGING ###',
      '',
      '### RATE LIMITING ###',
      '-A ufw-user-limit -m limit --limit 3/minute -j LOG --log-prefix "[UFW LIMIT BLOCK] "',
      '-A ufw-user-limit -j REJECT',
      '-A ufw-user-limit-accept -j ACCEPT',
      '### END RATE LIMITING ###',
      'COMMIT',
      '',
    ]);
    // Checked as agent01's firewall with ufw's shipped defaults, every flow gets through.
    const defaults = (await fixtures(__dirname, ['default-ufw']))['default-ufw'];
    const checked = await checkFiles({ [MANIFEST]: manifest(`[${RULES}, ${DEFAULTS}]`), [RULES]: result.text, [DEFAULTS]: defaults }, MANIFEST);
    assert.deepEqual(checked.report.evaluations.map((e) => e.denied.toString()), ['', '', '']);
    assertRestores(t, result.text);
  });
});
