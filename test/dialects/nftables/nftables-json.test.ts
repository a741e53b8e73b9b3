import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readNftables } from '../../../server/src/engine/dialects/nftables/chains';
import { dialectFor } from '../../../server/src/engine/dialects/registry';
import { checkFiles, diagnosticsOf, summary } from '../../support/engine';
import { chainView, notesView, ruleView } from './chainsView';
import { findings, LINUX_NOTE, site } from './site';

/**
 * `nft -j list ruleset` as the real nft 1.0.6 printed it here (real-nft-1.0.6-json.json: a ruleset loaded
 * into a throwaway network namespace, NOTES.md), read into the same chains as the text listing.
 */

const text = readFileSync(join(__dirname, '../../../../test/dialects/nftables', 'real-nft-1.0.6-json.json'), 'utf8');
/** What a rule matches and does: the part of ruleView after the rule's own (JSON) text. */
const meaning = (rule: Parameters<typeof ruleView>[1]) => ruleView(text, rule).split(' => ')[1];

describe('nftables: nft -j JSON listing', () => {
  it('reads tables, base chains, sets, matches and verdicts, each value on its JSON text', () => {
    const parse = readNftables(text);
    assert.deepEqual([parse.problems, parse.recognised], [[], true]);
    assert.deepEqual(chainView(text, parse), [
      'inet filter/input family=both inbound priority=0 policy=block@drop',
      'inet filter/ssh family=both regular',
      'inet filter/output family=both outbound priority=0 policy=allow@accept',
    ]);
    assert.deepEqual(parse.chains[0].rules.map(meaning), [
      'accept loopback-only',
      'accept established-only',
      'tcp@tcp from=[10.1.1.0/28@@backup_servers 192.168.50.1-192.168.50.20@@backup_servers] ports=[10000@10000 50100-50149@{"range": [50100, 50149]}] accept name@Backup Exec',
      'tcp@tcp from=[0.0.0.0/0@ip] ports=[6101@6101] drop host-only@{"match": {"op": "!=", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": {"prefix": {"addr": "10.0.0.0", "len": 8}}}}',
      'tcp@tcp ports=[22@22] jump:inet filter/ssh',
    ]);
    assert.deepEqual(parse.chains[1].rules.map(meaning), ['from=[10.1.1.10@10.1.1.10] accept', 'return']);
    assert.equal(notesView(text, parse.unresolved).length, 1);
  });

  it('checked as ralus01\'s firewall: the flows get through; the negated drop is noted; no fix is written into JSON', async () => {
    assert.deepEqual(await findings(text), ['ralus01.nft:1 BEX018', LINUX_NOTE]);
    const blocked = text.replace('"addr": "10.1.1.0", "len": 28', '"addr": "10.1.1.16", "len": 28');
    const files = site(blocked);
    const { service, report } = await checkFiles(files, 'site.bexnet.yaml');
    assert.deepEqual(summary(report), ['ralus01.nft:1 BEX018', 'ralus01.nft:1 BEX100', 'ralus01.nft:1 BEX100', 'site.bexnet.yaml:10 BEX100', 'site.bexnet.yaml:10 BEX100', LINUX_NOTE]);
    const missing = diagnosticsOf(report, 'ralus01.nft').find((d) => d.code === 'BEX100')!;
    assert.deepEqual(service.getQuickFixes(report, missing), []);
  });

  it('is recognised by its start; a cut listing is a problem, never a throw', () => {
    assert.equal(dialectFor('file:///x/ruleset.json', text).id, 'nftables');
    const cut = readNftables(text.slice(0, 700));
    assert.deepEqual([cut.chains.length, cut.problems.length], [0, 1]);
    assert.deepEqual(readNftables('{"nftables": {"table": {}}}').problems.map((p) => p.message), ['An nft -j listing is an object whose "nftables" property holds an array (libnftables-json(5)).']);
  });
});
