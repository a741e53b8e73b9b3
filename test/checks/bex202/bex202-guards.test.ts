import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, fixtures, range, theDiagnostic } from '../../support/checkFixtures';
import { checkFiles, summary, type FileSet } from '../../support/engine';

/**
 * What makes two rules the same: their meaning (ports merged however they are
 * written, the direction of script rules), and only among rules that are on.
 * Each case serves its rule file to the invalid fixture's manifest.
 */
const MANIFEST = 'invalid.bexnet.yaml';

async function withRuleFile(name: string): Promise<FileSet> {
  const files = await fixtures(__dirname, [MANIFEST, name]);
  return { ...files, [MANIFEST]: files[MANIFEST].replace('rules: invalid-dmz.fwrules.yaml', `rules: ${name}`) };
}

describe('BEX202 guards', () => {
  it('ports written in pieces that meet are the same ports: BEX202, not BEX201', async () => {
    const files = await withRuleFile('invalid-pieces-dmz.fwrules.yaml');
    const { report } = await checkFiles(files, MANIFEST);
    assertDiagnostic(files, 'invalid-pieces-dmz.fwrules.yaml', theDiagnostic(report, 'invalid-pieces-dmz.fwrules.yaml', 'BEX202'), {
      range: range(13, 10, 13, 30),
      text: 'Backup Exec to sql01',
      facts: ['Rule "Backup Exec to sql01" duplicates rule "BE control and data to sql01"'],
    });
    assert.deepStrictEqual(summary(report), ['invalid-pieces-dmz.fwrules.yaml:14 BEX202']);
  });

  it('copies that are switched off, before and after the rule, are no duplicates (and nothing else is found)', async () => {
    const files = await withRuleFile('valid-disabled-dmz.fwrules.yaml');
    const { report } = await checkFiles(files, MANIFEST);
    assert.deepStrictEqual(summary(report), []);
  });

  it('a script\'s inbound and outbound rules on the same ports are two rules (and nothing else is found)', async () => {
    const files = await withRuleFile('valid-both-ways-dmz.cmd');
    const { report } = await checkFiles(files, MANIFEST);
    assert.deepStrictEqual(summary(report), []);
  });
});
