import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixtures } from '../../support/checkFixtures';
import { applyEdits, applyFix, checkFiles, diagnosticsOf, FIXTURE_ROOT, memoryService, summary, uriOf, type FileSet } from '../../support/engine';

/**
 * An export is not edited by hand: the fix for a flow it lacks writes a
 * remediation script beside it and lists the script after the export, so the
 * re-check reads both as one rule set and the flow gets through.
 */

const MANIFEST = 'site.bexnet.yaml';
const EXPORT = 'sql01.netsh-show.txt';
const DATA_RULE_TEXT = 'Remote Agent data connections from be01 to sql01';
/** What `befw generate` writes for the flow, carried by the fix's rule. */
const DATA_DESCRIPTION = 'Backup Exec: Remote Agent data connections (TCP 50100-50149, beremote.exe); source: KB100017208, TN255831';

async function fixOnce(files: FileSet, options?: { remediationDialect?: 'netsh' | 'powershell' }) {
  const { service, report } = await checkFiles(files, MANIFEST);
  const missing = diagnosticsOf(report, EXPORT).find((d) => d.code === 'BEX100')!;
  const fixes = service.getQuickFixes(report, missing, options);
  assert.equal(fixes.length, 1);
  return { fix: fixes[0], fixed: applyFix(files, fixes[0]) };
}

describe('remediation scripts for exports', () => {
  it('PowerShell by default: creates sql01.remediation.ps1 with the rule, lists it in rules:, and the re-check has no BEX100', async () => {
    const files = await fixtures(__dirname, [MANIFEST, EXPORT]);
    assert.deepEqual(summary((await checkFiles(files, MANIFEST)).report).filter((s) => s.endsWith('BEX100')), [`${MANIFEST}:12 BEX100`, `${EXPORT}:2 BEX100`]);
    const { fix, fixed } = await fixOnce(files);
    assert.equal(fix.title, `Add rule "${DATA_RULE_TEXT}" to a new remediation script sql01.remediation.ps1 (the export is not edited)`);
    assert.deepEqual(fix.creates?.map((c) => c.uri), [uriOf('sql01.remediation.ps1')]);
    assert.equal(
      fixed['sql01.remediation.ps1'],
      [
        '# Remediation for firewall "sql01-host", written by befw: rules missing from sql01.netsh-show.txt.',
        "# Run it on sql01 as an administrator, then export the firewall again.",
        `New-NetFirewallRule -DisplayName '${DATA_RULE_TEXT}' -Description '${DATA_DESCRIPTION}' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 50100-50149 -RemoteAddress 10.0.1.10`,
        '',
      ].join('\n'),
    );
    // The export is untouched; the manifest's scalar becomes a list, its comment kept.
    assert.equal(fixed[EXPORT], files[EXPORT]);
    assert.equal(fixed[MANIFEST], files[MANIFEST].replace('rules: sql01.netsh-show.txt   #', 'rules: [sql01.netsh-show.txt, sql01.remediation.ps1]   #'));
    const after = (await checkFiles(fixed, MANIFEST)).report;
    assert.deepEqual(summary(after).filter((s) => s.endsWith('BEX100')), []);
    assert.equal(after.evaluations.find((e) => e.flow.ports.has(50100))!.allowedBy[0].rule.uri, uriOf('sql01.remediation.ps1'));
  });

  it('netsh when the setting says so; a second missing flow then goes into the script, not a new one', async () => {
    const files = await fixtures(__dirname, [MANIFEST, EXPORT]);
    const { fixed } = await fixOnce(files, { remediationDialect: 'netsh' });
    assert.match(fixed['sql01.remediation.cmd'], /^@echo off\nREM Remediation for firewall "sql01-host"[^\n]*\nREM Run it on sql01[^\n]*\nnetsh advfirewall firewall add rule name="Remote Agent data connections from be01 to sql01" description="Backup Exec: Remote Agent data connections \(TCP 50100-50149, beremote\.exe\); source: KB100017208, TN255831" dir=in action=allow protocol=TCP localport=50100-50149 remoteip=10\.0\.1\.10\n$/);
    // Take the NDMP rule out of the export: its flow is now missing too, and its fix edits the listed script.
    const withoutNdmp = { ...fixed, [EXPORT]: fixed[EXPORT].replace('LocalPort:                            10000', 'LocalPort:                            10001') };
    const { service, report } = await checkFiles(withoutNdmp, MANIFEST);
    const missing = diagnosticsOf(report, 'sql01.remediation.cmd').find((d) => d.code === 'BEX100')!;
    const [fix] = service.getQuickFixes(report, missing, { remediationDialect: 'netsh' });
    assert.equal(fix.creates, undefined);
    assert.deepEqual(Object.keys(fix.changes), [uriOf('sql01.remediation.cmd')]);
    assert.deepEqual(summary((await checkFiles(applyFix(withoutNdmp, fix), MANIFEST)).report).filter((s) => s.endsWith('BEX100')), []);
  });

  it('a block list of rule files gets a new item under the last one, indented alike', async () => {
    const files = await fixtures(__dirname, [MANIFEST, EXPORT]);
    const block = { ...files, [MANIFEST]: files[MANIFEST].replace('    rules: sql01.netsh-show.txt   # exported 2026-11-20', '    rules:\n      - sql01.netsh-show.txt   # exported 2026-11-20') };
    const { fixed } = await fixOnce(block);
    assert.ok(fixed[MANIFEST].endsWith('    rules:\n      - sql01.netsh-show.txt   # exported 2026-11-20\n      - sql01.remediation.ps1\n'));
  });

  it('a flow list gets the path after its last item; a path YAML would misread is quoted', async () => {
    const files = await fixtures(__dirname, [MANIFEST, EXPORT]);
    const flow = { ...files, [MANIFEST]: files[MANIFEST].replace('rules: sql01.netsh-show.txt   #', 'rules: [sql01.netsh-show.txt]   #') };
    assert.match((await fixOnce(flow)).fixed[MANIFEST], /rules: \[sql01\.netsh-show\.txt, sql01\.remediation\.ps1\] {3}# exported/);
    // An export named with a comma and a space: as a plain scalar in a flow list it would be two paths.
    const odd = 'sql01, old.netsh-show.txt';
    // The in-memory files are keyed by URI path, where ", " is percent-encoded.
    const exportUri = memoryService({}).ruleFileUri(uriOf(MANIFEST), odd);
    const quoted: FileSet = { [MANIFEST]: files[MANIFEST].replace('rules: sql01.netsh-show.txt', `rules: "${odd}"`), [exportUri.slice(FIXTURE_ROOT.length)]: files[EXPORT] };
    const { service, report } = await checkFiles(quoted, MANIFEST);
    const inExport = report.diagnostics.get(exportUri)!;
    const [fix] = service.getQuickFixes(report, inExport.find((d) => d.code === 'BEX100')!);
    const manifest = applyEdits(quoted[MANIFEST], fix.changes[uriOf(MANIFEST)]);
    assert.match(manifest, /rules: \["sql01, old\.netsh-show\.txt", "sql01, old\.remediation\.ps1"\]   # exported/);
  });
});
