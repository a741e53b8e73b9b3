import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, changedPart, fixRoundTrip, fixtures, range, theDiagnostic, withCode } from '../../support/checkFixtures';
import { checkFiles, type FileSet } from '../../support/engine';

/**
 * The port table's own words, "between 1024 to 65535": a range starting at
 * 1024 and ending at the last port is BEX020, not BEX010; one port further is
 * out of bounds (BEX010) and no longer BEX020's business. The agent range of
 * the invalid fixture is rewritten per case.
 */
const MANIFEST = 'invalid.bexnet.yaml';
const AGENT_LINE = 5;

async function withAgentRange(agent: string): Promise<FileSet> {
  const files = await fixtures(__dirname, [MANIFEST, 'dmz.fwrules.yaml']);
  return { ...files, [MANIFEST]: files[MANIFEST].replace('range: 1024-1099 }', `range: ${agent} }`) };
}

describe('BEX020 up to the last port', () => {
  it('1024-65535 gets BEX020, and the fix starts it at 1025, keeping its end', async () => {
    const files = await withAgentRange('1024-65535');
    const { service, report } = await checkFiles(files, MANIFEST);
    const diagnostic = theDiagnostic(report, MANIFEST, 'BEX020');
    assertDiagnostic(files, MANIFEST, diagnostic, { range: range(AGENT_LINE, 35, AGENT_LINE, 45), text: '1024-65535', facts: ['agent range 1024-65535 starts at 1024'] });
    const { fix, fixed } = await fixRoundTrip({ files, manifest: MANIFEST, service, report, diagnostic, gone: [`${MANIFEST}:${AGENT_LINE + 1} BEX020`] });
    assert.equal(fix.title, 'Change the range to 1025-65535');
    const at = files[MANIFEST].indexOf('1024-65535') + 3;
    assert.deepStrictEqual(changedPart(files[MANIFEST], fixed[MANIFEST]), { at, removed: '4', inserted: '5' });
  });

  it('1024-65536 reaches past the last port: BEX010 at it, no BEX020', async () => {
    const files = await withAgentRange('1024-65536');
    const { report } = await checkFiles(files, MANIFEST);
    assert.deepStrictEqual(withCode(report, MANIFEST, 'BEX020'), []);
    assert.deepStrictEqual(
      withCode(report, MANIFEST, 'BEX010').map((d) => d.range.start.line),
      [AGENT_LINE - 1, AGENT_LINE],
      'the server range 1023-1099 and the agent range',
    );
  });
});
