import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, assertRelated, fixtures, range, theDiagnostic } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

describe('BEX201 rule can never match', () => {
  it('reports a rule shadowed by an earlier rule from "any", pointing at that rule', async () => {
    const files = await fixtures(__dirname, ['invalid-any.bexnet.yaml', 'invalid-any-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'invalid-any.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-any-dmz.fwrules.yaml', 'BEX201');
    assertDiagnostic(files, 'invalid-any-dmz.fwrules.yaml', diagnostic, {
      range: range(14, 10, 14, 29),
      text: 'BE control to sql01',
      facts: ['Rule "BE control to sql01" can never match', 'such as "Agent ports from anywhere"'],
    });
    assertRelated(diagnostic, [{ file: 'invalid-any-dmz.fwrules.yaml', range: range(6, 10, 6, 35), message: 'shadowed by rule "Agent ports from anywhere"' }]);
    assert.deepStrictEqual(summary(report), ['invalid-any-dmz.fwrules.yaml:15 BEX201']);
  });

  it('reports a rule for be01 shadowed by an earlier rule for its subnet (CIDR)', async () => {
    const files = await fixtures(__dirname, ['invalid-cidr.bexnet.yaml', 'invalid-cidr-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'invalid-cidr.bexnet.yaml');
    const diagnostic = theDiagnostic(report, 'invalid-cidr-dmz.fwrules.yaml', 'BEX201');
    assertDiagnostic(files, 'invalid-cidr-dmz.fwrules.yaml', diagnostic, {
      range: range(8, 12, 8, 28),
      text: 'BE data to sql01',
      facts: ['Rule "BE data to sql01" can never match', 'such as "Server subnet to sql01"'],
    });
    assertRelated(diagnostic, [{ file: 'invalid-cidr-dmz.fwrules.yaml', range: range(6, 12, 6, 34), message: 'shadowed by rule "Server subnet to sql01"' }]);
    assert.deepStrictEqual(summary(report), ['invalid-cidr-dmz.fwrules.yaml:9 BEX201']);
  });

  it('earlier subnet rules to another host or another subnet shadow nothing: their source covers be01, their destination is not sql01', async () => {
    const files = await fixtures(__dirname, ['valid-other-host.bexnet.yaml', 'valid-other-host-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'valid-other-host.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
    const rules = report.ruleFiles[0].rules;
    assert.deepStrictEqual(rules.map((r) => [r.sources, r.destinations]), [[['10.0.1.0/24'], ['web01']], [['10.0.1.0/24'], ['10.0.2.0/28']], [['be01'], ['sql01']]]);
  });

  it('is a first-match notion: the same rules under block-wins are not reported', async () => {
    const files = await fixtures(__dirname, ['invalid-any.bexnet.yaml', 'invalid-any-dmz.fwrules.yaml']);
    const blockWins = files['invalid-any-dmz.fwrules.yaml'].replace('evaluation: first-match', 'evaluation: block-wins');
    assert.notEqual(blockWins, files['invalid-any-dmz.fwrules.yaml']);
    const { report } = await checkFiles({ ...files, 'invalid-any-dmz.fwrules.yaml': blockWins }, 'invalid-any.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });

  it('the valid fixture (narrow rule first, wider rules after) has no BEX201 (and no other finding)', async () => {
    const files = await fixtures(__dirname, ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
