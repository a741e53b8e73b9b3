import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Range } from 'vscode-languageserver-types';
import { assertDiagnostic, assertRelated, fixtures, range, theDiagnostic } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

const FIREWALL_NAME = range(9, 12, 9, 15);
const FLOW = 'Remote Agent data connections (TCP 50100-50149) from be01 (10.0.1.10) to sql01 (10.0.2.20)';
const PRECEDENCE = 'block rule "Block high ports" takes precedence over allow rule "BE control and data to sql01"';

/** Checks one case and asserts both diagnostics, with relatedInformation at the block and the allow rule. */
async function assertCase(name: string, block: Range, allow: Range, why: string): Promise<void> {
  const manifest = `${name}.bexnet.yaml`;
  const ruleFile = `${name}-dmz.fwrules.yaml`;
  const files = await fixtures(__dirname, [manifest, ruleFile]);
  const { service, report } = await checkFiles(files, manifest);
  const inRules = theDiagnostic(report, ruleFile, 'BEX104');
  assertDiagnostic(files, ruleFile, inRules, { range: block, text: 'Block high ports', facts: [FLOW, PRECEDENCE, why] });
  assertRelated(inRules, [
    { file: manifest, range: FIREWALL_NAME, message: 'firewall "dmz" in the manifest' },
    { file: ruleFile, range: block, message: 'block rule: rule "Block high ports"' },
    { file: ruleFile, range: allow, message: 'overridden allow rule: rule "BE control and data to sql01"' },
    { file: manifest, range: range(6, 12, 6, 16), message: 'source: be01' },
    { file: manifest, range: range(7, 12, 7, 17), message: 'destination: sql01' },
  ]);
  const inManifest = theDiagnostic(report, manifest, 'BEX104');
  assertDiagnostic(files, manifest, inManifest, { range: FIREWALL_NAME, text: 'dmz', facts: [FLOW, PRECEDENCE, why] });
  assertRelated(inManifest, [
    { file: ruleFile, range: block, message: 'rule file of "dmz"' },
    { file: ruleFile, range: block, message: 'block rule' },
    { file: ruleFile, range: allow, message: 'overridden allow rule' },
  ]);
  // Only the data range is blocked: the control port 10000 gets through.
  assert.deepStrictEqual(summary(report), [`${ruleFile}:${block.start.line + 1} BEX104`, `${manifest}:10 BEX104`]);
  assert.deepStrictEqual(service.getQuickFixes(report, inRules), [], 'narrowing or moving the block rule is the user\'s call');
}

describe('BEX104 a block rule takes precedence over the allow', () => {
  it('first-match: the block rule comes before the allow', async () => {
    await assertCase('invalid-first-match', range(6, 10, 6, 26), range(14, 10, 14, 38), 'it comes first and this firewall uses first-match evaluation');
  });

  it('block-wins: the block rule overrides the allow that comes before it', async () => {
    await assertCase('invalid-block-wins', range(14, 10, 14, 26), range(6, 10, 6, 38), 'block rules override allow rules on this firewall (block-wins)');
  });

  it('the valid fixture (allow above the block, first-match) has no BEX104 (and no other finding)', async () => {
    const files = await fixtures(__dirname, ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml']);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
