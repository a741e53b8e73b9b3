import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDiagnostic, fixtures, range, withCode } from '../../support/checkFixtures';
import { checkFiles, summary } from '../../support/engine';

const RULES = 'invalid-lnx01.iptables';
const HOST_ONLY = 'matches on -m set --match-set blocklist src (an ipset: its members are known only on the host), which befw cannot know.';

describe('BEX105 a rule known only on the host may drop a required flow', () => {
  it('warns at the ipset DROP before the accept, once per flow it may drop, with the ports it would drop', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', RULES]);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const [control, data] = withCode(report, RULES, 'BEX105');
    const name = range(5, 70, 5, 91);
    assertDiagnostic(files, RULES, control, {
      range: name,
      text: '"blocklisted sources"',
      facts: ['Remote Agent control connection (NDMP) (TCP 10000) from be01 (10.0.1.10) to lnx01 (10.0.2.20) gets through firewall "lnx01-host" only if this rule does not match on the host: it drops TCP 10000 and', HOST_ONLY],
    });
    assertDiagnostic(files, RULES, data, { range: name, text: '"blocklisted sources"', facts: ['Remote Agent data connections (TCP 50100-50149)', 'it drops TCP 50100-50149 and', HOST_ONLY] });
    assert.equal(control.severity, 2, 'a warning: the flow passes unless the host says otherwise');
    // The flows pass: BEX105 is the only thing said about them (BEX018 notes the match itself, BEX022 the Linux agent).
    assert.deepStrictEqual(summary(report), [`${RULES}:6 BEX018`, `${RULES}:6 BEX105`, `${RULES}:6 BEX105`, 'invalid.bexnet.yaml:7 BEX022']);
  });

  it('says nothing when the accept comes first: the flow never reaches the ipset DROP', async () => {
    const files = await fixtures(__dirname, ['valid.bexnet.yaml', 'valid-lnx01.iptables']);
    const { report } = await checkFiles(files, 'valid.bexnet.yaml');
    assert.deepStrictEqual(summary(report), ['valid-lnx01.iptables:7 BEX018', 'valid.bexnet.yaml:7 BEX022']);
  });

  it('says nothing of a flow that is denied anyway: BEX100 reports it, at the policy that drops it', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', RULES]);
    const withoutAccept = files[RULES].replace(/^-A INPUT -s 10\.0\.1\.10.*\n/m, '');
    assert.notEqual(withoutAccept, files[RULES]);
    const { report } = await checkFiles({ ...files, [RULES]: withoutAccept }, 'invalid.bexnet.yaml');
    assert.deepStrictEqual(
      summary(report).filter((line) => !line.endsWith('BEX022')),
      [`${RULES}:2 BEX100`, `${RULES}:2 BEX100`, `${RULES}:6 BEX018`, 'invalid.bexnet.yaml:9 BEX100', 'invalid.bexnet.yaml:9 BEX100'],
    );
  });
});
