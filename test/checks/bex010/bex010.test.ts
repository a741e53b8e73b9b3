import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, changedPart, fixRoundTrip, fixtures, range, withCode } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

const INVALID = ['invalid.bexnet.yaml', 'invalid-dmz.fwrules.yaml'];
const INVALID_FLOW = ['invalid-flow.bexnet.yaml', 'invalid-flow-dmz.fwrules.yaml'];
const VALID = ['valid.bexnet.yaml', 'valid-dmz.fwrules.yaml'];

describe('BEX010 dynamic range outside 1025-65535 or reversed', () => {
  it('reports a server range starting below 1025 and a reversed agent range, each at its value', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const [server, agent] = withCode(report, 'invalid.bexnet.yaml', 'BEX010');
    assertDiagnostic(files, 'invalid.bexnet.yaml', server, {
      range: range(6, 13, 6, 22),
      text: '1000-1100',
      facts: ['server range 1000-1100', 'reaches outside 1025-65535'],
    });
    assertDiagnostic(files, 'invalid.bexnet.yaml', agent, {
      range: range(7, 35, 7, 46),
      text: '50149-50100',
      facts: ['agent range 50149-50100', 'starts after it ends'],
    });
    assert.deepStrictEqual(summary(report), ['invalid.bexnet.yaml:7 BEX010', 'invalid.bexnet.yaml:8 BEX010']);
  });

  it('fix: clamps the server range to 1025-1100, nothing else changes', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { service, report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const [server] = withCode(report, 'invalid.bexnet.yaml', 'BEX010');
    const { fix, fixed } = await fixRoundTrip({ files, manifest: 'invalid.bexnet.yaml', service, report, diagnostic: server, gone: ['invalid.bexnet.yaml:7 BEX010'] });
    assert.equal(fix.title, 'Change the range to 1025-1100');
    assert.deepStrictEqual(changedPart(files['invalid.bexnet.yaml'], fixed['invalid.bexnet.yaml']), { at: 228, removed: '00', inserted: '25' });
    assert.match(fixed['invalid.bexnet.yaml'], /\n {4}server: {21}# "Enable media server TCP dynamic port range" \(TN255831\)\n {6}enabled: true\n {6}range: 1025-1100 {10}# Backup Exec server range: starts below 1025\n/);
  });

  it('fix: swaps the reversed agent range; the rule file already opens 50100-50149', async () => {
    const files = await fixtures(__dirname, INVALID);
    const { service, report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const [, agent] = withCode(report, 'invalid.bexnet.yaml', 'BEX010');
    const { fixed } = await fixRoundTrip({ files, manifest: 'invalid.bexnet.yaml', service, report, diagnostic: agent, gone: ['invalid.bexnet.yaml:8 BEX010'] });
    assert.match(fixed['invalid.bexnet.yaml'], /\n {4}agent: \{ enabled: true, range: 50100-50149 \} {3}# remote agent range, typed backwards\n/);
  });

  it('reports and fixes an agent range past 65535 in a flow-style settings mapping', async () => {
    const files = await fixtures(__dirname, INVALID_FLOW);
    const { service, report } = await checkFiles(files, 'invalid-flow.bexnet.yaml');
    const [agent] = withCode(report, 'invalid-flow.bexnet.yaml', 'BEX010');
    assertDiagnostic(files, 'invalid-flow.bexnet.yaml', agent, {
      range: range(3, 96, 3, 107),
      text: '65500-65600',
      facts: ['agent range 65500-65600', 'reaches outside 1025-65535'],
    });
    const { fixed } = await fixRoundTrip({ files, manifest: 'invalid-flow.bexnet.yaml', service, report, diagnostic: agent, gone: ['invalid-flow.bexnet.yaml:4 BEX010'] });
    assert.ok(fixed['invalid-flow.bexnet.yaml'].includes('  dynamicPorts: { server: { enabled: true, range: 50000-50049 }, agent: { enabled: true, range: 65500-65535 } }   # agent range runs past 65535\n'));
  });

  it('the valid fixture has no BEX010 (and no other finding)', async () => {
    const files = await fixtures(__dirname, VALID);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});
