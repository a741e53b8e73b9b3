import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doHover } from '../../../server/src/engine/language/hover';
import { applyFix, checkFiles, codesOf, diagnosticsOf, loadFiles, sourceFolder, summary, uriOf, type FileSet } from '../../support/engine';

const NAMES = ['site.bexnet.yaml', 'sql02-deployed.cmd', 'sql02-remediation.ps1'];
const site = () => loadFiles(sourceFolder(__dirname), NAMES);
const withManifest = (files: FileSet, edit: (text: string) => string): FileSet => ({ ...files, 'site.bexnet.yaml': edit(files['site.bexnet.yaml']) });

describe('a firewall naming several rule files, and Windows network profiles', () => {
  it('reads the files as one rule set: the script allows the data range the export lacks', async () => {
    const files = withManifest(await site(), (t) => t.replace('    host: sql02\n', '    host: sql02\n    profile: domain\n'));
    const { report } = await checkFiles(files, 'site.bexnet.yaml');
    assert.deepEqual(summary(report), []);
    const evaluation = report.evaluations.find((e) => e.flow.ports.has(10000))!;
    assert.equal(evaluation.allowedBy[0].rule.uri, uriOf('sql02-deployed.cmd'));
    assert.equal(report.evaluations.find((e) => e.flow.ports.has(50100))!.allowedBy[0].rule.uri, uriOf('sql02-remediation.ps1'));
  });

  it('without the second file the data range is missing, reported in the file a fix writes into', async () => {
    const files = withManifest(await site(), (t) => t.replace('[sql02-deployed.cmd, sql02-remediation.ps1]', '[sql02-deployed.cmd]').replace('    host: sql02\n', '    host: sql02\n    profile: domain\n'));
    const { report } = await checkFiles(files, 'site.bexnet.yaml');
    assert.deepEqual(codesOf(report, 'sql02-deployed.cmd'), ['BEX100']);
  });

  it('a domain-only rule does not count when the host\'s profile is unknown, and the hover says why', async () => {
    const { report } = await checkFiles(await site(), 'site.bexnet.yaml');
    const control = report.evaluations.find((e) => e.flow.ports.has(10000))!;
    assert.equal(control.problem, 'missing');
    assert.deepEqual(codesOf(report, 'sql02-deployed.cmd'), []);
    // The missing control port is written into the remediation script, the last file a fix can edit.
    assert.deepEqual(codesOf(report, 'sql02-remediation.ps1'), ['BEX100']);
    const deployed = report.ruleFiles.find((f) => f.uri === uriOf('sql02-deployed.cmd'))!;
    const rule = deployed.rules[0];
    const hover = doHover({ catalog: (await checkFiles(await site(), 'site.bexnet.yaml')).service.catalog, report, file: { kind: 'rules', model: deployed }, offset: rule.syntax.name!.range[0] + rule.base + 1 });
    assert.match(hover!.markdown, /Applies in profile Domain\./);
    assert.match(hover!.markdown, /At firewall "sql02-host" \(profile unknown \(set `profile:` in the manifest\): an allow rule counts only if it applies in every profile, a block rule if in any\): it does not count\./);
  });

  it('counts in the profile the manifest names, and not in another', async () => {
    const inDomain = await checkFiles(withManifest(await site(), (t) => t.replace('    host: sql02\n', '    host: sql02\n    profile: domain\n')), 'site.bexnet.yaml');
    assert.equal(inDomain.report.evaluations.find((e) => e.flow.ports.has(10000))!.problem, undefined);
    const inPublic = await checkFiles(withManifest(await site(), (t) => t.replace('    host: sql02\n', '    host: sql02\n    profile: public\n')), 'site.bexnet.yaml');
    assert.equal(inPublic.report.evaluations.find((e) => e.flow.ports.has(10000))!.problem, 'missing');
  });

  it('the fix for a missing flow writes into the remediation script and the re-check is clean', async () => {
    const files = await site();
    const { service, report } = await checkFiles(files, 'site.bexnet.yaml');
    const diagnostic = diagnosticsOf(report, 'sql02-remediation.ps1').find((d) => d.code === 'BEX100')!;
    const [fix] = service.getQuickFixes(report, diagnostic);
    assert.deepEqual(Object.keys(fix.changes), [uriOf('sql02-remediation.ps1')]);
    const fixed = applyFix(files, fix);
    assert.equal(
      fixed['sql02-remediation.ps1'].slice(files['sql02-remediation.ps1'].length),
      "New-NetFirewallRule -DisplayName 'Remote Agent control connection (NDMP) from be02 to sql02' -Description 'Backup Exec: Remote Agent control connection (NDMP) (TCP 10000, beremote.exe); source: KB100017208, ADMIN20' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 10000 -RemoteAddress 10.1.1.10\n",
    );
    assert.deepEqual(summary((await checkFiles(fixed, 'site.bexnet.yaml')).report), []);
  });

  it('format: reads a file whose name says nothing in the dialect it names; a file whose name says keeps its dialect', async () => {
    const files = await site();
    const renamed: FileSet = { ...files, 'deployed.txt': files['sql02-deployed.cmd'] };
    const manifest = (format: string) => withManifest(renamed, (t) => t.replace('sql02-deployed.cmd', 'deployed.txt').replace('    host: sql02\n', `    host: sql02\n    profile: domain\n${format}`));
    assert.deepEqual(summary((await checkFiles(manifest('    format: netsh\n'), 'site.bexnet.yaml')).report), []);
    // Read as YAML, the same text is not a rule file.
    assert.ok(codesOf((await checkFiles(manifest(''), 'site.bexnet.yaml')).report, 'deployed.txt').includes('BEX001'));
  });

  it('a file of the list that cannot be read leaves the firewall unevaluated, with BEX017 at its path', async () => {
    const files = withManifest(await site(), (t) => t.replace('sql02-remediation.ps1]', 'missing.ps1]'));
    const { report } = await checkFiles(files, 'site.bexnet.yaml');
    assert.deepEqual(report.evaluations, []);
    const [bex017] = diagnosticsOf(report, 'site.bexnet.yaml').filter((d) => d.code === 'BEX017');
    assert.equal(files['site.bexnet.yaml'].split('\n')[bex017.range.start.line].slice(bex017.range.start.character, bex017.range.end.character), 'missing.ps1');
  });

  it('a block rule counts if it applies in any profile the host may be in; an allow rule only if in all', async () => {
    const files = await site();
    const blockPublic = 'netsh advfirewall firewall add rule name="No backups on public networks" dir=in action=block protocol=TCP localport=50100-50149 profile=public\n';
    const withBlock = { ...files, 'sql02-deployed.cmd': files['sql02-deployed.cmd'] + blockPublic };
    const data = (report: Awaited<ReturnType<typeof checkFiles>>['report']) => report.evaluations.find((e) => e.flow.ports.has(50100))!;
    const unknown = data((await checkFiles(withBlock, 'site.bexnet.yaml')).report);
    assert.deepEqual([unknown.problem, unknown.blockedBy.map((s) => s.rule.name)], ['block-precedence', ['No backups on public networks']]);
    const inDomain = data((await checkFiles(withManifest(withBlock, (t) => t.replace('    host: sql02\n', '    host: sql02\n    profile: domain\n')), 'site.bexnet.yaml')).report);
    assert.deepEqual([inDomain.problem, inDomain.blockedBy], [undefined, []]);
  });

  it('hovering a path of rules: names the file, its dialect, its rules and the disabled ones', async () => {
    const files = await site();
    const disabled: FileSet = { ...files, 'sql02-deployed.cmd': files['sql02-deployed.cmd'] + 'netsh advfirewall firewall add rule name="Old agent" dir=in action=allow protocol=TCP localport=10000 enable=no\n' };
    const { service, report } = await checkFiles(disabled, 'site.bexnet.yaml');
    const text = disabled['site.bexnet.yaml'];
    const hover = doHover({ catalog: service.catalog, report, file: { kind: 'manifest', model: report.manifest! }, offset: text.indexOf('sql02-deployed.cmd') + 2 });
    assert.equal(hover!.markdown, `Rule file ${uriOf('sql02-deployed.cmd')} (netsh advfirewall script): 2 rules, 1 disabled, block-wins evaluation.\n\nDisabled (they never count):\n- Old agent`);
  });

  it('a profile that ignores inbound allow rules (DoNotAllowExceptions=1 in a .reg) lets no inbound flow in; the others still pass', async () => {
    const reg = (shielded: 0 | 1) =>
      [
        'Windows Registry Editor Version 5.00',
        '',
        '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\DomainProfile]',
        `"DoNotAllowExceptions"=dword:0000000${shielded}`,
        '',
        '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\FirewallRules]',
        '"BE"="v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=10000|LPort2_10=50100-50149|RA4=10.1.1.10|Name=Backup Exec|"',
        '',
      ].join('\r\n');
    const files = await site();
    const manifest = (text: string) => withManifest({ ...files, 'sql02.reg': text }, (t) => t.replace('[sql02-deployed.cmd, sql02-remediation.ps1]', 'sql02.reg').replace('    host: sql02\n', '    host: sql02\n    profile: domain\n'));
    const problems = async (text: string) => (await checkFiles(manifest(text), 'site.bexnet.yaml')).report.evaluations.map((e) => `${e.direction} ${e.flow.ports}: ${e.problem ?? 'allowed'}`);
    assert.deepEqual(await problems(reg(0)), ['inbound 10000: allowed', 'inbound 50100-50149: allowed', 'outbound 6101: allowed']);
    assert.deepEqual(await problems(reg(1)), ['inbound 10000: missing', 'inbound 50100-50149: missing', 'outbound 6101: allowed']);
    const [bex100] = diagnosticsOf((await checkFiles(manifest(reg(1)), 'site.bexnet.yaml')).report, 'sql02.reg');
    assert.match(String(bex100.message), /Note: rule "Backup Exec" would allow it, but the export says inbound allow rules are ignored in profile Domain\.$/);
  });

  it('no .reg fix writes a local rule that Group Policy ignores (AllowLocalPolicyMerge=0): it would be offered again forever', async () => {
    const reg = [
      'Windows Registry Editor Version 5.00',
      '',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\PublicProfile]',
      '"AllowLocalPolicyMerge"=dword:00000000',
      '',
      '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules]',
      '"BE"="v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort2_10=50100-50149|RA4=10.1.1.10|Name=Backup Exec data|"',
      '',
    ].join('\r\n');
    const files = await site();
    const set = withManifest({ ...files, 'sql02.reg': reg }, (t) => t.replace('[sql02-deployed.cmd, sql02-remediation.ps1]', 'sql02.reg'));
    const { service, report } = await checkFiles(set, 'site.bexnet.yaml');
    const missing = diagnosticsOf(report, 'sql02.reg').filter((d) => d.code === 'BEX100');
    assert.equal(missing.length, 2);
    assert.deepEqual(missing.flatMap((d) => service.getQuickFixes(report, d)), []);
  });

  it('first-match files listed together: the fix goes above the first denying rule, in its file, and the re-check is clean', async () => {
    const base = [
      'version: 1',
      'evaluation: first-match',
      'rules:',
      '  - { name: control, action: allow, protocol: tcp, from: [be02], to: [sql02], ports: [10000] }',
      '  - { name: nothing else to sql02, action: block, protocol: any, from: [any], to: [sql02], ports: [1-65535] }',
      '',
    ].join('\n');
    const later = ['version: 1', 'evaluation: first-match', 'rules:', '  - { name: advertising, action: allow, protocol: tcp, from: [sql02], to: [be02], ports: [6101] }', ''].join('\n');
    const files = await site();
    const set = withManifest({ ...files, 'base.fwrules.yaml': base, 'site.fwrules.yaml': later }, (t) =>
      t.replace('    host: sql02\n    rules: [sql02-deployed.cmd, sql02-remediation.ps1]', '    protects: [sql02]\n    rules: [base.fwrules.yaml, site.fwrules.yaml]'),
    );
    const { service, report } = await checkFiles(set, 'site.bexnet.yaml');
    const data = report.evaluations.find((e) => e.flow.ports.has(50100))!;
    assert.equal(data.problem, 'missing');
    const diagnostic = diagnosticsOf(report, 'base.fwrules.yaml').find((d) => d.code === 'BEX100') ?? diagnosticsOf(report, 'site.fwrules.yaml').find((d) => d.code === 'BEX100')!;
    const [fix] = service.getQuickFixes(report, diagnostic);
    assert.equal(fix.title, 'Add rule "Remote Agent data connections from be02 to sql02" above rule "nothing else to sql02"');
    assert.deepEqual(Object.keys(fix.changes), [uriOf('base.fwrules.yaml')]);
    assert.deepEqual(summary((await checkFiles(applyFix(set, fix), 'site.bexnet.yaml')).report).filter((s) => /BEX10\d/.test(s)), []);
  });

  it('predefined-rule flows pass where the export turns the firewall off or allows inbound by default, and fail where it blocks', async () => {
    const manifest = ['version: 1', 'hosts:', '  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }', '  - { name: admin01, role: remote-administration-console, address: 10.0.3.5 }', 'firewalls:', '  - { name: be01-host, rules: be01.reg, host: be01, profile: domain }', ''].join('\n');
    const reg = (value: string) => ['Windows Registry Editor Version 5.00', '', '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\DomainProfile]', value, ''].join('\r\n');
    const console = async (value: string) => (await checkFiles({ 'site.bexnet.yaml': manifest, 'be01.reg': reg(value) }, 'site.bexnet.yaml')).report.evaluations.find((e) => e.flow.windowsRules.length > 0)!.problem;
    assert.equal(await console('"EnableFirewall"=dword:00000000'), undefined);
    assert.equal(await console('"DefaultInboundAction"=dword:00000000'), undefined);
    assert.equal(await console('"DefaultInboundAction"=dword:00000001'), 'missing');
  });

  it('two exports listed together: profile settings merged value by value, the file listed first winning', async () => {
    const reg = (...values: string[]) => ['Windows Registry Editor Version 5.00', '', '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\DomainProfile]', ...values, ''].join('\r\n');
    const files = await site();
    const check = async (first: string, second: string) => {
      const set = withManifest({ ...files, 'gpo.reg': first, 'local.reg': second }, (t) =>
        t.replace('[sql02-deployed.cmd, sql02-remediation.ps1]', '[gpo.reg, local.reg]').replace('    host: sql02\n', '    host: sql02\n    profile: domain\n'),
      );
      return (await checkFiles(set, 'site.bexnet.yaml')).report.evaluations.find((e) => e.flow.ports.has(10000))!.problem;
    };
    // The first file says nothing of inbound: the second's "allow" stands.
    assert.equal(await check(reg('"EnableFirewall"=dword:00000001'), reg('"DefaultInboundAction"=dword:00000000')), undefined);
    // Both say it: the first's "block" wins.
    assert.equal(await check(reg('"DefaultInboundAction"=dword:00000001'), reg('"DefaultInboundAction"=dword:00000000')), 'missing');
  });
});
