import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { range, WARNING, withCode } from '../../support/checkFixtures';
import { codesOf, summary, uriOf } from '../../support/engine';
import { checkProbed, DMZ, probedSite } from '../bex300/probeSite';

const RESULTS = 'be01.probe.jsonl';

describe('BEX301: the rule files block a port, the probe got through', () => {
  it('reports an open port no rule allows at the rules, and a refused one a block rule stops at that rule', async () => {
    const { report } = await checkProbed(probedSite(__dirname, { [RESULTS]: 'invalid.probe.jsonl' }));
    const found = withCode(report, DMZ, 'BEX301');
    assert.equal(found.length, 2, summary(report).join(', '));
    const [open, refused] = found;
    assert.deepEqual([open.range, open.severity], [range(4, 0, 4, 5), WARNING], '"rules:" of the file: no rule decides 50130');
    assert.equal(
      open.message,
      'TCP 50130 from "be01" to "sql01" was open when probed (2026-11-24 10:12, be01.probe.jsonl), but the rule files say no rule of firewall "dmz" allows it. ' +
        'The rule file is out of date: collect the firewall\'s rules again, or write the rule it really has.',
    );
    assert.deepEqual(refused.range, range(11, 10, 11, 29), 'the block rule\'s name');
    assert.equal(
      refused.message,
      'TCP 50145 from "be01" to "sql01" was refused by the host when probed (2026-11-24 10:12, be01.probe.jsonl; the system said "Connection refused"), but the rule files say rule "No more agent ports" of firewall "dmz" blocks it. ' +
        'A refusal means the connection reached the host, unless this firewall rejects with a reset: if it does, this proves nothing. ' +
        'The rule file is out of date: collect the firewall\'s rules again, or write the rule it really has.',
    );
    assert.deepEqual(
      refused.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.message]),
      [
        [uriOf(RESULTS), 1, 'observed refused at 2026-11-24 10:12 from "be01"'],
        [uriOf(DMZ), 11, 'blocked by: rule "No more agent ports"'],
        [uriOf('site.bexnet.yaml'), 9, 'firewall "dmz" in the manifest'],
        [uriOf('site.bexnet.yaml'), 5, 'source host'],
        [uriOf('site.bexnet.yaml'), 6, 'destination host'],
      ],
    );
  });

  it('says nothing of a timeout on a blocked port, nor of a stale open one (BEX302 says it is stale)', async () => {
    const { report } = await checkProbed(probedSite(__dirname, { [RESULTS]: 'valid.probe.jsonl' }));
    assert.deepEqual(codesOf(report).filter((code) => code.startsWith('BEX30')), ['BEX302']);
  });
});
