import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, fixRoundTrip, fixtures, range, theDiagnostic } from '../../support/checkFixtures';
import { checkFiles, summary, type FileSet } from '../../support/engine';

/**
 * BEX101's fix edits the port list as an admin would: the item that stops
 * short grows, items that come to touch merge into the first, and only ports
 * next to nothing listed are appended; the list keeps its style, quotes and comments.
 */

/** The one BEX101 in `rules`, its quick-fix applied and re-checked: nothing else changes in the findings. */
async function widen(files: FileSet, manifest: string, rules: string) {
  const { service, report } = await checkFiles(files, manifest);
  const diagnostic = theDiagnostic(report, rules, 'BEX101');
  const gone = summary(report).filter((entry) => entry.endsWith(' BEX101'));
  assert.equal(gone.length, 2, summary(report).join(', '));
  return { diagnostic, ...(await fixRoundTrip({ files, manifest, service, report, diagnostic, gone })) };
}

describe('BEX101 fix: the port list widened in place', () => {
  it('block list: two items that the missing ports join merge into the first; the second one\'s comment stays on its line', async () => {
    const files = await fixtures(__dirname, ['invalid-merge.bexnet.yaml', 'invalid-merge-dmz.fwrules.yaml']);
    const { diagnostic, fix, fixed } = await widen(files, 'invalid-merge.bexnet.yaml', 'invalid-merge-dmz.fwrules.yaml');
    const text = '- 10000                   # NDMP\n      - 50100-50120             # first batch, CR-1187\n      - 50130-50149';
    assertDiagnostic(files, 'invalid-merge-dmz.fwrules.yaml', diagnostic, { range: range(11, 6, 13, 19), text, facts: ['opens 50100-50120, 50130-50149, but 50121-50129 stay closed'] });
    assert.equal(fix.title, 'Widen 50100-50120 and 50130-50149 to 50100-50149 in rule "BE control and data to sql01"');
    assert.equal(
      fixed['invalid-merge-dmz.fwrules.yaml'],
      files['invalid-merge-dmz.fwrules.yaml'].replace(
        '      - 50100-50120             # first batch, CR-1187\n      - 50130-50149             # second batch, CR-1203\n',
        '      - 50100-50149             # first batch, CR-1187\n      # second batch, CR-1203\n',
      ),
    );
  });

  it('block list: a merged item without a comment goes with its line', async () => {
    const loaded = await fixtures(__dirname, ['invalid-merge.bexnet.yaml', 'invalid-merge-dmz.fwrules.yaml']);
    const rules = loaded['invalid-merge-dmz.fwrules.yaml'].replace('      - 50130-50149             # second batch, CR-1203', '      - 50130-50149');
    const files = { ...loaded, 'invalid-merge-dmz.fwrules.yaml': rules };
    const { fixed } = await widen(files, 'invalid-merge.bexnet.yaml', 'invalid-merge-dmz.fwrules.yaml');
    assert.equal(fixed['invalid-merge-dmz.fwrules.yaml'], rules.replace('      - 50100-50120             # first batch, CR-1187\n      - 50130-50149\n', '      - 50100-50149             # first batch, CR-1187\n'));
  });

  it('flow list: an item overlapping the one that grows is merged into it, with its comma', async () => {
    const loaded = await fixtures(__dirname, ['invalid-flow.bexnet.yaml', 'invalid-flow-dmz.fwrules.yaml']);
    const rules = loaded['invalid-flow-dmz.fwrules.yaml'].replace('ports: [10000, 50100-50120] }', 'ports: [10000, 50100-50120, 50110-50125] }');
    const files = { ...loaded, 'invalid-flow-dmz.fwrules.yaml': rules };
    const { fix, fixed } = await widen(files, 'invalid-flow.bexnet.yaml', 'invalid-flow-dmz.fwrules.yaml');
    assert.equal(fix.title, 'Widen 50100-50120 and 50110-50125 to 50100-50149 in rule "BE control and data to sql01"');
    assert.equal(fixed['invalid-flow-dmz.fwrules.yaml'], rules.replace('ports: [10000, 50100-50120, 50110-50125] }', 'ports: [10000, 50100-50149] }'));
  });

  it('quoted items keep their quotes', async () => {
    const loaded = await fixtures(__dirname, ['invalid-flow.bexnet.yaml', 'invalid-flow-dmz.fwrules.yaml']);
    for (const [written, widened] of [
      [`['10000', '50100-50120']`, `['10000', '50100-50149']`],
      ['["10000", "50100-50120"]', '["10000", "50100-50149"]'],
    ]) {
      const rules = loaded['invalid-flow-dmz.fwrules.yaml'].replace('[10000, 50100-50120]', written);
      const { fixed } = await widen({ ...loaded, 'invalid-flow-dmz.fwrules.yaml': rules }, 'invalid-flow.bexnet.yaml', 'invalid-flow-dmz.fwrules.yaml');
      assert.equal(fixed['invalid-flow-dmz.fwrules.yaml'], rules.replace(written, widened));
    }
  });

  it('ports given as one scalar: widened in place, and still a scalar', async () => {
    const loaded = await fixtures(__dirname, ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml']);
    const rules = loaded['invalid-dmz.fwrules.yaml']
      .replace('  # be01 -> sql01', '  - { name: NDMP to sql01, action: allow, protocol: tcp, from: [be01], to: [sql01], ports: 10000 }\n  # be01 -> sql01')
      .replace('    ports:\n      - 10000                   # NDMP\n      - 50100-50120  ', '    ports: 50100-50120');
    const files = { ...loaded, 'invalid-dmz.fwrules.yaml': rules };
    const { diagnostic, fix, fixed } = await widen(files, 'invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml');
    assertDiagnostic(files, 'invalid-dmz.fwrules.yaml', diagnostic, { range: range(12, 11, 12, 22), text: '50100-50120', facts: ['opens 50100-50120, but 50121-50149 stay closed'] });
    assert.equal(fix.title, 'Widen 50100-50120 to 50100-50149 in rule "BE control and data to sql01"');
    assert.equal(fixed['invalid-dmz.fwrules.yaml'], rules.replace('ports: 50100-50120 ', 'ports: 50100-50149 '));
  });

  it('a port next to nothing listed is appended, and the title says "Add"', async () => {
    const files = await fixtures(__dirname, ['invalid-m365.bexnet.yaml', 'invalid-m365-edge.fwrules.yaml']);
    const { diagnostic, fix, fixed } = await widen(files, 'invalid-m365.bexnet.yaml', 'invalid-m365-edge.fwrules.yaml');
    assertDiagnostic(files, 'invalid-m365-edge.fwrules.yaml', diagnostic, { range: range(10, 11, 10, 16), text: '[443]', facts: ['rule "Microsoft 365" opens 443, but 80 stay closed'] });
    assert.equal(fix.title, 'Add 80 to rule "Microsoft 365"');
    assert.equal(fixed['invalid-m365-edge.fwrules.yaml'], files['invalid-m365-edge.fwrules.yaml'].replace('ports: [443]', 'ports: [443, 80]'));
  });

  it('a scalar port that gets a second one becomes a flow list', async () => {
    const loaded = await fixtures(__dirname, ['invalid-m365.bexnet.yaml', 'invalid-m365-edge.fwrules.yaml']);
    const rules = loaded['invalid-m365-edge.fwrules.yaml'].replace('ports: [443]  ', 'ports: 443    ');
    const { fixed } = await widen({ ...loaded, 'invalid-m365-edge.fwrules.yaml': rules }, 'invalid-m365.bexnet.yaml', 'invalid-m365-edge.fwrules.yaml');
    assert.equal(fixed['invalid-m365-edge.fwrules.yaml'], rules.replace('ports: 443 ', 'ports: [443, 80] '));
  });
});
