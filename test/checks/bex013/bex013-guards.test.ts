import { describe, it } from 'node:test';
import { assertDiagnostic, assertNoCode, fixtures, range, theDiagnostic } from '../../support/checkFixtures';
import { checkFiles, type FileSet } from '../../support/engine';

/**
 * The overlap test at its bounds, on the server range 50000-50049 of the
 * invalid fixture: a range sharing a single port with it overlaps, on either
 * side; a range that only touches it (ends one port before, starts one port
 * after) does not.
 */
const MANIFEST = 'invalid.bexnet.yaml';
const WRITTEN = '50040-50089';

async function withAgentRange(agent: string): Promise<FileSet> {
  const files = await fixtures(__dirname, [MANIFEST, 'invalid-dmz.fwrules.yaml']);
  return { ...files, [MANIFEST]: files[MANIFEST].replace(WRITTEN, agent) };
}

describe('BEX013 at the bounds of the overlap', () => {
  for (const [agent, side] of [
    ['50049-50098', "its first port is the server range's last"],
    ['49951-50000', "its last port is the server range's first"],
  ]) {
    it(`an agent range sharing one port overlaps (${agent}: ${side})`, async () => {
      const files = await withAgentRange(agent);
      const { report } = await checkFiles(files, MANIFEST);
      assertDiagnostic(files, MANIFEST, theDiagnostic(report, MANIFEST, 'BEX013'), {
        range: range(5, 35, 5, 46),
        text: agent,
        facts: [`agent range ${agent} overlaps the server range 50000-50049`],
      });
    });
  }

  for (const agent of ['50050-50099', '49950-49999']) {
    it(`an agent range that only touches the server range does not overlap (${agent})`, async () => {
      await assertNoCode(await withAgentRange(agent), MANIFEST, 'BEX013');
    });
  }
});
