import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixtures, theDiagnostic, withCode } from '../../support/checkFixtures';
import { applyFix, checkFiles, type FileSet } from '../../support/engine';

/**
 * The fix widens the 10-port agent range 50100-50109 to 25 ports, keeping its
 * start (50100-50124) unless that would share a port with the server range;
 * then it keeps its end (50085-50109). The server range of the invalid
 * fixture is moved per case, to one port either side of the first choice.
 */
const MANIFEST = 'invalid.bexnet.yaml';

async function withServerRange(server: string): Promise<FileSet> {
  const files = await fixtures(__dirname, [MANIFEST, 'invalid-dmz.fwrules.yaml']);
  return { ...files, [MANIFEST]: files[MANIFEST].replace('range: 50000-50049 }', `range: ${server} }`) };
}

describe('BEX011 fix next to the server range', () => {
  for (const [server, widened] of [
    ['50124-50173', '50085-50109'],
    ['50125-50174', '50100-50124'],
  ]) {
    it(`with the server range at ${server} the agent range becomes ${widened}, which overlaps nothing`, async () => {
      const files = await withServerRange(server);
      const { service, report } = await checkFiles(files, MANIFEST);
      const [fix] = service.getQuickFixes(report, theDiagnostic(report, MANIFEST, 'BEX011'));
      assert.equal(fix.title, `Change the range to ${widened}`);
      const fixed = applyFix(files, fix);
      assert.equal(fixed[MANIFEST], files[MANIFEST].replace('range: 50100-50109 }', `range: ${widened} }`));
      const { report: after } = await checkFiles(fixed, MANIFEST);
      assert.deepStrictEqual([...withCode(after, MANIFEST, 'BEX011'), ...withCode(after, MANIFEST, 'BEX013')], []);
    });
  }
});
