import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixtures, range, textAt, theDiagnostic } from '../../support/checkFixtures';
import { checkFiles, summary, type FileSet } from '../../support/engine';

/**
 * An export checked as the host firewall of sql01, the remote computer be01 backs up
 * (site.bexnet.yaml): Backup Exec's flows into sql01 are decided by the rules the export holds.
 */

const MANIFEST = 'site.bexnet.yaml';
const EXPORT = 'english-default.netsh-show.txt';
const DATA_RANGE_RULE = 'Rule Name:                            Backup Exec Remote Agent data range 50100-50149\r\n' + '-'.repeat(70) + '\r\nEnabled:                              No';

async function site(): Promise<FileSet> {
  return fixtures(__dirname, [MANIFEST, EXPORT]);
}

/** Each evaluation as "flow: problem or the rules that allow it". */
async function flows(files: FileSet) {
  const { report } = await checkFiles(files, MANIFEST);
  const evaluations = report.evaluations.map((e) => `${e.flow.service.name}: ${e.problem ?? e.allowedBy.map((share) => share.rule.name).join(' + ')}`);
  return { report, evaluations };
}

describe('A netsh show rule export as a host firewall', () => {
  it('lets the NDMP control connection through by the rule from the servers\' subnet, and not the data range, whose rule is disabled', async () => {
    const files = await site();
    assert.ok(files[EXPORT].includes(DATA_RANGE_RULE));
    const { report, evaluations } = await flows(files);
    assert.deepEqual(evaluations, [
      'Remote Agent control connection (NDMP): Backup Exec Remote Agent (NDMP) from the media servers',
      'Remote Agent data connections: missing',
      // Outbound: the default allows, and the export's outbound rule allows the deduplication ports by name.
      'Backup Exec server dynamic port range: ',
      'Backup Exec Agent Browser (advertising): ',
      'Deduplication Engine (spoold): Backup Exec "Deduplication" – Zugriff über 10082 (Café-Server)',
      'Deduplication Manager (spad): Backup Exec "Deduplication" – Zugriff über 10082 (Café-Server)',
    ]);
    assert.deepEqual(summary(report), [
      `${EXPORT}:2 BEX100`,
      // LocalSubnet, twice: known on the host only.
      `${EXPORT}:65 BEX018`,
      `${EXPORT}:93 BEX018`,
      `${MANIFEST}:14 BEX100`,
    ]);
    // The missing flow is reported in the export, at the first rule's "Rule Name:".
    const missing = theDiagnostic(report, EXPORT, 'BEX100');
    assert.deepEqual([missing.range, textAt(files, EXPORT, missing.range)], [range(1, 0, 1, 10), 'Rule Name:']);
    assert.match(String(missing.message), /^Remote Agent data connections \(TCP 50100-50149\) from be01 \(10\.0\.1\.10\) to sql01 \(10\.0\.2\.20\) does not get through firewall "sql01-host" \(inbound\): no rule allows TCP 50100-50149/);
  });

  it('counts the data range once its rule is enabled, and nothing is missing', async () => {
    const files = await site();
    const enabled = { ...files, [EXPORT]: files[EXPORT].replace(DATA_RANGE_RULE, DATA_RANGE_RULE.replace(/No$/, 'Yes')) };
    const { report, evaluations } = await flows(enabled);
    assert.equal(evaluations[1], 'Remote Agent data connections: Backup Exec Remote Agent data range 50100-50149');
    assert.deepEqual(summary(report), [`${EXPORT}:65 BEX018`, `${EXPORT}:93 BEX018`]);
  });

  it('reads an export whose name and start do not say its format when the manifest says format: netsh-show', async () => {
    const files = await site();
    // Saved from a console with the prompt line above: content recognition does not know it.
    const saved = `C:\\Windows\\system32>netsh advfirewall firewall show rule name=all\r\n${files[EXPORT]}`;
    const named = (format: string) => ({ [MANIFEST]: files[MANIFEST].replace(`rules: ${EXPORT}, host: sql01`, `rules: sql01-firewall.txt, host: sql01${format}`), 'sql01-firewall.txt': saved });
    assert.equal((await flows(named(''))).report.ruleFiles[0].dialect, 'yaml');
    const { report, evaluations } = await flows(named(', format: netsh-show'));
    assert.equal(report.ruleFiles[0].dialect, 'netsh-show');
    assert.deepEqual(evaluations.slice(0, 2), ['Remote Agent control connection (NDMP): Backup Exec Remote Agent (NDMP) from the media servers', 'Remote Agent data connections: missing']);
    // The prompt line is the one thing said about the text itself.
    const stray = theDiagnostic(report, 'sql01-firewall.txt', 'BEX001');
    assert.equal(textAt({ 'sql01-firewall.txt': saved }, 'sql01-firewall.txt', stray.range), 'C:\\Windows\\system32>netsh advfirewall firewall show rule name=all');
  });

  it('does not count a rule the export cuts off: the flow it would allow is missing', async () => {
    const files = await site();
    // The console buffer ends inside the NDMP rule, before its Action line.
    const cut = files[EXPORT].slice(0, files[EXPORT].indexOf('Edge traversal:'));
    const { report, evaluations } = await flows({ ...files, [EXPORT]: cut });
    assert.equal(evaluations[0], 'Remote Agent control connection (NDMP): missing');
    const truncated = theDiagnostic(report, EXPORT, 'BEX001');
    assert.equal(textAt({ [EXPORT]: cut }, EXPORT, truncated.range), 'Backup Exec Remote Agent (NDMP) from the media servers');
    assert.match(String(truncated.message), /the export looks truncated: rule "Backup Exec Remote Agent \(NDMP\) from the media servers" stops before its Action line; the rule is not counted/);
  });
});
