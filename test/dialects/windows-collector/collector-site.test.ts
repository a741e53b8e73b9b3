import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { LineIndex } from '../../../server/src/engine/util/lineIndex';
import { checkFiles, diagnosticsOf, loadFiles, sourceFolder, summary, uriOf, type FileSet } from '../../support/engine';

/**
 * A manifest whose host firewall of sql01 names the export the collector wrote on sql01: the
 * export is checked like any Windows rule file, block wins, rules count in the profiles the host
 * is judged in, and what Windows resolves on the host (LocalSubnet) is noted, never guessed.
 */

const MANIFEST = 'site.bexnet.yaml';
const EXPORT = 'sql01.befw-firewall.json';

const site = () => loadFiles(sourceFolder(__dirname), [MANIFEST, EXPORT]);
const textUnder = (text: string, diagnostic: Diagnostic) => {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(diagnostic.range.start), lines.offsetAt(diagnostic.range.end));
};
/** The export with the n-th rule's "enabled" (0-based) set to false. */
function disableRule(text: string, n: number): string {
  let at = text.indexOf('"rules"');
  for (let i = 0; i <= n; i++) at = text.indexOf('"enabled":  true', at + 1);
  return `${text.slice(0, at)}"enabled":  false${text.slice(at + '"enabled":  true'.length)}`;
}

describe('a host firewall checked from its collector export', () => {
  it('in the domain profile the manifest names, every flow to sql01 is allowed; only what Windows resolves on the host is noted', async () => {
    const files = await site();
    const { report } = await checkFiles(files, MANIFEST);
    assert.deepEqual(summary(report), [`${EXPORT}:160 BEX018`, `${EXPORT}:190 BEX018`, `${EXPORT}:220 BEX018`]);
    const notes = diagnosticsOf(report, EXPORT).map((d) => [textUnder(files[EXPORT], d), String(d.message)]);
    assert.deepEqual(notes, Array(3).fill(['LocalSubnet', 'LocalSubnet is resolved by Windows at run time, so this rule is not counted for Backup Exec flows']));
  });

  it('without profile: in the manifest, the host is judged in the profiles active when the export was made; the firewall is off in Public, so Domain-only rules count', async () => {
    const files: FileSet = await site();
    files[MANIFEST] = files[MANIFEST].replace(', profile: domain', '');
    const { report } = await checkFiles(files, MANIFEST);
    assert.deepEqual([...new Set(report.evaluations.map((e) => e.ruleSet.profiles.join()))], ['domain,public']);
    assert.deepEqual(diagnosticsOf(report, EXPORT).filter((d) => d.code === 'BEX100'), []);
  });

  it('with the Public firewall on, the Domain-only rules do not count there, and the message says so', async () => {
    const files: FileSet = await site();
    files[MANIFEST] = files[MANIFEST].replace(', profile: domain', '');
    const publicOff = '"name":  "Public",\r\n                         "enabled":  false,';
    assert.ok(files[EXPORT].includes(publicOff));
    files[EXPORT] = files[EXPORT].replace(publicOff, publicOff.replace('false', 'true'));
    const { report } = await checkFiles(files, MANIFEST);
    const missing = diagnosticsOf(report, EXPORT).filter((d) => d.code === 'BEX100');
    assert.deepEqual(
      missing.map((d) => /Note: (.*)$/.exec(String(d.message))?.[1]),
      [
        'rule "Backup Exec Remote Agent (NDMP) from the media servers" allows it only in profile Domain, and this host is judged in profile Domain, Public (active when the export was made); rule "Backup Exec \'legacy\' dynamic ports <1025-65535> & more" would allow it but is disabled.',
        'rule "Backup Exec agent data range (50100-50149)" allows it only in profile Domain, Private, and this host is judged in profile Domain, Public (active when the export was made); rule "Backup Exec \'legacy\' dynamic ports <1025-65535> & more" would allow it but is disabled.',
      ],
    );
  });

  it('the NDMP rule disabled on the host: BEX100 at "rules"; its fix is a remediation script, the export is not edited', async () => {
    const files: FileSet = await site();
    files[EXPORT] = disableRule(files[EXPORT], 0);
    const { service, report } = await checkFiles(files, MANIFEST);
    assert.deepEqual(summary(report).filter((line) => !line.endsWith('BEX018')), [`${MANIFEST}:14 BEX100`, `${EXPORT}:43 BEX100`]);
    const [missing] = diagnosticsOf(report, EXPORT).filter((d) => d.code === 'BEX100');
    assert.equal(textUnder(files[EXPORT], missing), 'rules');
    assert.deepEqual(missing.range, { start: { line: 42, character: 5 }, end: { line: 42, character: 10 } });
    assert.equal(
      missing.message,
      'Remote Agent control connection (NDMP) (TCP 10000) from be01 (10.0.1.10) to sql01 (10.0.2.20) does not get through firewall "sql01-host" (inbound): no rule allows TCP 10000 and the inbound default is block. Add an allow rule from be01 to sql01. ' +
        'Note: rule "Backup Exec Remote Agent (NDMP) from the media servers" would allow it but is disabled; rule "Backup Exec \'legacy\' dynamic ports <1025-65535> & more" would allow it but is disabled.',
    );
    const [fix] = service.getQuickFixes(report, missing);
    assert.deepEqual([Object.keys(fix.changes), fix.creates?.map((file) => file.uri)], [[uriOf(MANIFEST)], [uriOf('sql01.remediation.ps1')]]);
  });

  it('the data range rule disabled: BEX100 for 50100-50149, whatever the disabled 1025-65535 rule would allow', async () => {
    const files: FileSet = await site();
    files[EXPORT] = disableRule(files[EXPORT], 1);
    const { report } = await checkFiles(files, MANIFEST);
    const [missing] = diagnosticsOf(report, EXPORT).filter((d) => d.code === 'BEX100');
    assert.match(String(missing.message), /^Remote Agent data connections \(TCP 50100-50149\) from be01 \(10\.0\.1\.10\) to sql01 \(10\.0\.2\.20\) does not get through firewall "sql01-host" \(inbound\): no rule allows TCP 50100-50149/);
  });

  it('a block rule on the host wins over the GPO\'s allow rule exported before it (BEX104, at the block rule\'s name)', async () => {
    const files: FileSet = await site();
    // The SMB block rule, further down than the GPO's NDMP rule, turned into a block of NDMP from the media servers' subnet.
    files[EXPORT] = files[EXPORT]
      .replace(/"localPorts":  \[\r\n +"445",/, (list) => list.replace('"445"', '"10000"'))
      .replace('"192.168.50.1-192.168.50.254"', '"10.0.1.0/24"');
    const { report } = await checkFiles(files, MANIFEST);
    const [blocked] = diagnosticsOf(report, EXPORT).filter((d) => d.code === 'BEX104');
    assert.equal(textUnder(files[EXPORT], blocked), 'Bloquer SMB depuis le VLAN invités – règle d’été');
    assert.match(String(blocked.message), /block rule "Bloquer SMB depuis le VLAN invités – règle d’été" takes precedence over allow rule "Backup Exec Remote Agent \(NDMP\) from the media servers"/);
  });
});
