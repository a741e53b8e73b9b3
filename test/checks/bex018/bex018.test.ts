import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { fixtures, textAt, withCode } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

describe('BEX018 value known only when the script runs', () => {
  it('reports a computed port and a run-time address keyword where they are written, as information, and guesses neither', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', 'invalid-sql01.ps1']);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const found = withCode(report, 'invalid-sql01.ps1', 'BEX018');
    assert.deepEqual(found.map((d) => textAt(files, 'invalid-sql01.ps1', d.range)), ['$range', 'LocalSubnet']);
    assert.ok(found.every((d) => d.severity === DiagnosticSeverity.Information));
    assert.match(String(found[0].message), /not a literal|cannot be checked without running/);
    // Not guessed, and not taken as "any" either: with its ports unknown the rule allows nothing, so both flows are blocked.
    assert.deepEqual(summary(report), [
      'invalid-sql01.ps1:3 BEX018',
      'invalid-sql01.ps1:3 BEX018',
      'invalid-sql01.ps1:3 BEX100',
      'invalid-sql01.ps1:3 BEX100',
      'invalid.bexnet.yaml:8 BEX100',
      'invalid.bexnet.yaml:8 BEX100',
    ]);
  });

  it('the valid fixture, every value a literal, has no finding', async () => {
    const files = await fixtures(__dirname, ['valid.bexnet.yaml', 'valid-sql01.ps1']);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepEqual(summary(report), []);
  });
});
