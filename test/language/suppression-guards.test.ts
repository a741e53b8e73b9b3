import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isSuppressed } from '../../server/src/engine/language/suppression';
import { checkFiles, codesOf, loadFiles } from '../support/engine';

/** A directive silences the codes it names and no other (issue 13: every suppression test was a positive case). */
const SITE = join(__dirname, '..', '..', '..', 'examples', 'site');
const NAMES = ['site.bexnet.yaml', 'dmz.fwrules.yaml', 'be01.fwrules.yaml'];

describe('suppression names its codes', () => {
  it('"befw-disable-next-line BEX204" does not silence BEX203 or BEX100 on the line below', () => {
    const text = '# befw-disable-next-line BEX204 -- accepted\nfrom: any\n';
    const offset = text.indexOf('any');
    assert.deepStrictEqual(['BEX204', 'BEX203', 'BEX100'].map((code) => isSuppressed(text, offset, code)), [true, false, false]);
  });

  it('in the example site, a BEX204 directive above the "any" source leaves its BEX203 reported', async () => {
    const files = await loadFiles(SITE, NAMES);
    const { report: before } = await checkFiles(files, 'site.bexnet.yaml');
    assert.ok(codesOf(before, 'be01.fwrules.yaml').includes('BEX203'));
    const directive = { ...files, 'be01.fwrules.yaml': files['be01.fwrules.yaml'].replace('    from: [any]', '    # befw-disable-next-line BEX204 -- a reason\n    from: [any]') };
    assert.notEqual(directive['be01.fwrules.yaml'], files['be01.fwrules.yaml']);
    const { report } = await checkFiles(directive, 'site.bexnet.yaml');
    assert.deepStrictEqual(codesOf(report, 'be01.fwrules.yaml'), codesOf(before, 'be01.fwrules.yaml'));
  });
});
