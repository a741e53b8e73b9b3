import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { INFORMATION, range, textAt, withCode } from '../../support/checkFixtures';
import { codesOf, sourceFolder, uriOf } from '../../support/engine';
import { checkProbed, probedSite } from '../bex300/probeSite';

const RESULTS = 'be01.probe.jsonl';

describe('BEX303: a probe result for a host or port the manifest does not require', () => {
  it('names the host the manifest lacks, or the ports it requires, at the value that is wrong', async () => {
    const files = probedSite(__dirname, { [RESULTS]: 'invalid.probe.jsonl' });
    const { report } = await checkProbed(files);
    const found = withCode(report, RESULTS, 'BEX303');
    assert.deepEqual(
      found.map((d) => [textAt(files, RESULTS, d.range), d.severity, d.message]),
      [
        ['sql09', INFORMATION, 'TCP 10000 from "be01" to "sql09" (observed open) matches no required flow: the manifest has no host "sql09". Run the probe again, or delete the line.'],
        ['be09', INFORMATION, 'TCP 10000 from "be09" to "sql01" (observed open) matches no required flow: the manifest has no host "be09". Run the probe again, or delete the line.'],
        [
          '10001',
          INFORMATION,
          'TCP 10001 from "be01" to "sql01" (observed refused) matches no required flow: no required flow from "be01" to "sql01" uses TCP 10001: the required TCP ports between them are 10000, 50100-50149. Run the probe again, or delete the line.',
        ],
        [
          '10000',
          INFORMATION,
          'TCP 10000 from "sql01" to "fs01" (observed timing out) matches no required flow: no required flow from "sql01" to "fs01" uses TCP 10000: no required TCP flow goes from the one to the other. Run the probe again, or delete the line.',
        ],
        [
          'other-be',
          INFORMATION,
          'TCP 10000 from "other-be" to "other-fs" (observed open) matches no required flow: the manifest has neither host "other-be" nor "other-fs". Run the probe again, or delete the line.',
        ],
      ],
    );
    assert.deepEqual(found[0].range, range(0, 21, 0, 26));
  });

  it('leaves a line naming neither host to another manifest when the file is not this one\'s alone', async () => {
    const text = readFileSync(join(sourceFolder(__dirname), 'invalid.probe.jsonl'), 'utf8');
    const { report } = await checkProbed(probedSite(__dirname, {}), { observed: [{ uri: uriOf('shared.probe.jsonl'), text, owned: false }] });
    assert.deepEqual(codesOf(report, 'shared.probe.jsonl'), ['BEX303', 'BEX303', 'BEX303', 'BEX303']);
    // Beside a manifest that shares its folder with another, a file is not owned either.
    const twoManifests = { ...probedSite(__dirname, { [RESULTS]: 'invalid.probe.jsonl' }), 'other.bexnet.yaml': 'version: 1\nhosts: []\n' };
    const beside = await checkProbed(twoManifests);
    assert.equal(withCode(beside.report, RESULTS, 'BEX303').length, 4);
  });

  it('says nothing of results for required ports, also when several services or a range sample stand behind them', async () => {
    const { report } = await checkProbed(probedSite(__dirname, { [RESULTS]: 'valid.probe.jsonl' }));
    assert.deepEqual(codesOf(report, RESULTS), []);
  });
});
