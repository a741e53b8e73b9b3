import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dialectOf } from '../../server/src/engine/dialects/registry';
import { fixRoundTrip, theDiagnostic } from '../support/checkFixtures';
import { checkFiles, summary, uriOf, type FileSet } from '../support/engine';
import type { CheckReport } from '../../server/src/engine/service';
import { hostFirewallSite } from '../support/scriptSite';
import { applyOffsetEdits } from '../support/scriptEdits';

/**
 * Script fixes through the service: the finding, the edit, and the check again. A turned-around
 * rule must let the very flow it was reversed from through, on a host firewall and on a network one.
 */

const ADD = 'netsh advfirewall firewall add rule';
const NEW = 'New-NetFirewallRule';
const NDMP = 'Remote Agent control connection (NDMP)';

/** `files` after the rule file's rule `index` is turned around as the dialect does it. */
async function turnedAround(files: FileSet, manifest: string, name: string, index: number): Promise<FileSet> {
  const { report } = await checkFiles(files, manifest);
  const ruleFile = report.ruleFiles.find((file) => file.uri === uriOf(name))!;
  const edits = dialectOf(ruleFile).edits!.reverseRule!(ruleFile, ruleFile.rules[index], report.manifest);
  assert.ok(edits, 'the rule can be turned around');
  return { ...files, [name]: applyOffsetEdits(files[name], edits) };
}

/** The report's findings, which must be `code` in the rule file and its twin in the manifest alone: what a fix of it takes away. */
function only(report: CheckReport, code: string): string[] {
  const findings = summary(report);
  assert.deepEqual(findings.map((f) => f.replace(/:\d+ /, ' ')), [`site.bexnet.yaml ${code}`, `${findings[1].split(':')[0]} ${code}`]);
  return findings;
}

async function ndmpProblem(files: FileSet, manifest: string): Promise<string | undefined> {
  const { report } = await checkFiles(files, manifest);
  return report.evaluations.find((e) => e.flow.service.name === NDMP)!.problem;
}

describe('a reversed script rule turned around (BEX103)', () => {
  const data = (name: string) => (name.endsWith('.ps1') ? `${NEW} -DisplayName 'BE data' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 50100-50149 -RemoteAddress 10.0.1.10\n` : `${ADD} name="BE data" dir=in action=allow protocol=TCP localport=50100-50149 remoteip=10.0.1.10\n`);
  const cases: [string, string, string][] = [
    ['sql01.cmd', `${ADD} name="BE control" dir=out action=allow protocol=TCP remoteport=10000 remoteip=10.0.1.10\n`, `${ADD} name="BE control" dir=in action=allow protocol=TCP localport=10000 remoteip=10.0.1.10\n`],
    ['sql01.ps1', `${NEW} -DisplayName 'BE control' -Direction Outbound -Action Allow -Protocol TCP -RemotePort 10000 -RemoteAddress 10.0.1.10\n`, `${NEW} -DisplayName 'BE control' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 10000 -RemoteAddress 10.0.1.10\n`],
  ];
  for (const [name, reversedRule, expected] of cases) {
    it(`${name} on the host's own firewall: BEX103's fix turns it around, and the control connection gets through`, async () => {
      const files = { 'site.bexnet.yaml': hostFirewallSite(name), [name]: reversedRule + data(name) };
      const { service, report } = await checkFiles(files, 'site.bexnet.yaml');
      const diagnostic = theDiagnostic(report, name, 'BEX103');
      const { fix, fixed } = await fixRoundTrip({ files, manifest: 'site.bexnet.yaml', service, report, diagnostic, gone: only(report, 'BEX103') });
      assert.equal(fix.title, 'Turn rule "BE control" around: from 10.0.1.10 to any');
      assert.equal(fixed[name], expected + data(name));
      assert.equal(await ndmpProblem(fixed, 'site.bexnet.yaml'), undefined);
    });
  }

  it('on a network firewall the local and remote addresses stay: swapped, they would name the wrong computers', async () => {
    const manifest = hostFirewallSite('edge.cmd').replace('  - { name: sql01-host, rules: edge.cmd, host: sql01 }', '  - { name: edge, rules: edge.cmd, protects: [sql01] }');
    const rule = `${ADD} name="BE control" dir=out action=allow protocol=TCP remoteport=10000 localip=10.0.2.20 remoteip=10.0.1.10\n`;
    const files = { 'site.bexnet.yaml': manifest, 'edge.cmd': rule + `${ADD} name="BE data" dir=in action=allow protocol=TCP localport=50100-50149 localip=10.0.2.20 remoteip=10.0.1.10\n` };
    assert.equal(await ndmpProblem(files, 'site.bexnet.yaml'), 'reversed');
    const fixed = await turnedAround(files, 'site.bexnet.yaml', 'edge.cmd', 0);
    assert.ok(fixed['edge.cmd'].startsWith(`${ADD} name="BE control" dir=in action=allow protocol=TCP localport=10000 localip=10.0.2.20 remoteip=10.0.1.10\n`));
    assert.equal(await ndmpProblem(fixed, 'site.bexnet.yaml'), undefined);
    const swapped = { ...fixed, 'edge.cmd': fixed['edge.cmd'].replace('localip=10.0.2.20 remoteip=10.0.1.10', 'localip=10.0.1.10 remoteip=10.0.2.20') };
    assert.equal(await ndmpProblem(swapped, 'site.bexnet.yaml'), 'missing');
  });
});

describe('script quick-fixes round trip through the service', () => {
  it('BEX101 in a batch file: the literal port list of the rule grows, its name stays', async () => {
    const cmd = `@echo off\r\nset BESERVER=10.0.1.10\r\nREM Backup Exec\r\n${ADD} name="Backup Exec Remote Agent" dir=in action=allow ^\r\n    protocol=TCP localport=10000,50100-50120 remoteip=%BESERVER%\r\n`;
    const files = { 'site.bexnet.yaml': hostFirewallSite('sql01.cmd'), 'sql01.cmd': cmd };
    const { service, report } = await checkFiles(files, 'site.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'sql01.cmd', 'BEX101');
    const { fix, fixed } = await fixRoundTrip({ files, manifest: 'site.bexnet.yaml', service, report, diagnostic, gone: only(report, 'BEX101') });
    assert.equal(fix.title, 'Widen 50100-50120 to 50100-50149 in rule "Backup Exec Remote Agent"');
    assert.equal(fixed['sql01.cmd'], cmd.replace('localport=10000,50100-50120', 'localport=10000,50100-50149'));
  });

  it('BEX101 in a PowerShell script with a quoted list', async () => {
    const ps1 = `${NEW} -DisplayName 'BE agent' -Direction Inbound -Action Allow -Protocol TCP -LocalPort '10000', '50100-50120' -RemoteAddress 10.0.1.10\n`;
    const files = { 'site.bexnet.yaml': hostFirewallSite('sql01.ps1'), 'sql01.ps1': ps1 };
    const { service, report } = await checkFiles(files, 'site.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'sql01.ps1', 'BEX101');
    const { fixed } = await fixRoundTrip({ files, manifest: 'site.bexnet.yaml', service, report, diagnostic, gone: only(report, 'BEX101') });
    assert.equal(fixed['sql01.ps1'], ps1.replace("'50100-50120'", "'50100-50149'"));
  });

  it('BEX100 in a CRLF PowerShell script: the rule goes after the related one, naming the variable, in its layout', async () => {
    const lines = ["$be01 = '10.0.1.10'", '# control connection from be01', `${NEW} -DisplayName 'BE control' \``, '    -Direction Inbound -Action Allow -Protocol TCP -LocalPort 10000 -RemoteAddress $be01', '# other', `${NEW} -DisplayName 'RDP' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 3389`, ''];
    const files = { 'site.bexnet.yaml': hostFirewallSite('sql01.ps1'), 'sql01.ps1': lines.join('\r\n') };
    const { service, report } = await checkFiles(files, 'site.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'sql01.ps1', 'BEX100');
    const { fixed } = await fixRoundTrip({ files, manifest: 'site.bexnet.yaml', service, report, diagnostic, gone: only(report, 'BEX100') });
    const description = "-Description 'Backup Exec: Remote Agent data connections (TCP 50100-50149, beremote.exe); source: KB100017208, TN255831'";
    const added = [`${NEW} -DisplayName 'Remote Agent data connections from be01 to sql01' ${description} \``, '    -Direction Inbound -Action Allow -Protocol TCP -LocalPort 50100-50149 -RemoteAddress $be01'];
    assert.equal(fixed['sql01.ps1'], [...lines.slice(0, 4), ...added, ...lines.slice(4)].join('\r\n'));
  });
});
