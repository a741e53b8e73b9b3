import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, changedPart, fixRoundTrip, fixtures, range, withCode } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

const INVALID = ['invalid.bexnet.yaml', 'dmz.fwrules.yaml'];
const VALID = ['valid.bexnet.yaml', 'dmz.fwrules.yaml'];

describe('BEX020 dynamic range starts at 1024, where the sources disagree', () => {
  it('grades 1024 a warning quoting both of the article\'s lines, and 1023 still an error (BEX010)', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const [agent] = withCode(report, 'invalid.bexnet.yaml', 'BEX020');
    assertDiagnostic(files, 'invalid.bexnet.yaml', agent, {
      range: range(5, 35, 5, 44),
      text: '1024-1099',
      facts: ['agent range 1024-1099 starts at 1024', '"Dynamic range between 1024 to 65535"', '"The Dynamic or Private Ports are the ones from 1025 through 65535."', 'Start it at 1025'],
    });
    assert.deepStrictEqual(summary(report), ['invalid.bexnet.yaml:5 BEX010', 'invalid.bexnet.yaml:6 BEX020']);
  });

  it('checks flows on the range as written: the rule opening 1024-1099 lets the data connections through', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const data = report.evaluations.find((e) => e.flow.service.id === 'remote-agent-data');
    assert.equal(String(data?.flow.ports), '1024-1099');
    assert.equal(data?.problem, undefined);
  });

  it('fix: starts the range at 1025 and keeps its comment; re-checked, only the server range\'s BEX010 is left', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { service, report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const [agent] = withCode(report, 'invalid.bexnet.yaml', 'BEX020');
    const { fix, fixed } = await fixRoundTrip({ files, manifest: 'invalid.bexnet.yaml', service, report, diagnostic: agent, gone: ['invalid.bexnet.yaml:6 BEX020'] });
    assert.equal(fix.title, 'Change the range to 1025-1099');
    assert.deepStrictEqual(changedPart(files['invalid.bexnet.yaml'], fixed['invalid.bexnet.yaml']), { at: 257, removed: '4', inserted: '5' });
    assert.match(fixed['invalid.bexnet.yaml'], /\n {4}agent: \{ enabled: true, range: 1025-1099 \} {12}# the port table's start: a warning \(BEX020\)\n/);
  });

  it('the valid fixture (ranges from 1025) has no BEX020 (and no other finding)', async () => {
    const files = await fixtures(__dirname, VALID);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
