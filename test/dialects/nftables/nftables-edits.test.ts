import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nftablesDialect } from '../../../server/src/engine/dialects/nftables';
import { commentText } from '../../../server/src/engine/dialects/nftables/ruleText';
import type { NewRule } from '../../../server/src/engine/fixes/ruleEdits';
import { nftAccepts } from './site';

/**
 * The rule a fix writes, straight from the dialect's edits: one rule per address family the chain
 * sees, placed on its own line or, where rules share a line, joined with `;`, and nft-valid.
 */

const ruleFile = (text: string) => nftablesDialect.parse({ uri: 'file:///x/ralus01.nft', text }, nftablesDialect.createCache());
const NDMP: NewRule = { name: 'NDMP from be01', action: 'allow', protocol: 'tcp', from: ['10.1.1.10', 'fd00:be::10'], to: ['ralus01'], ports: ['10000', '50100-50149'] };

/** The text after the fix's edit, inserting `rule` into chain `id` (before its rule `before`, or appended). */
function inserted(text: string, id: string, rule: NewRule = NDMP, before?: number): string | undefined {
  const file = ruleFile(text);
  const edit = nftablesDialect.edits!.insertRule(file, { rule, data: { fix: 'insert-rule', direction: 'inbound', hostFirewall: true }, chain: { id, before } });
  return edit && text.slice(0, edit.range[0]) + edit.newText + text.slice(edit.range[1]);
}

const table = (family: string, ...body: string[]) => `table ${family} filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n${body.map((l) => `\t\t${l}\n`).join('')}\t}\n}\n`;

describe('nftables: the rule a fix writes', () => {
  it('one rule per family an inet chain sees; an ip or ip6 chain gets its own family only', async (t) => {
    const v4 = 'ip saddr 10.1.1.10 tcp dport { 10000, 50100-50149 } accept comment "NDMP from be01"';
    const v6 = 'ip6 saddr fd00:be::10 tcp dport { 10000, 50100-50149 } accept comment "NDMP from be01"';
    const inet = inserted(table('inet', 'tcp dport 22 accept'), 'inet filter/input')!;
    assert.equal(inet, table('inet', 'tcp dport 22 accept', v4, v6));
    assert.equal(inserted(table('ip', 'tcp dport 22 accept'), 'ip filter/input'), table('ip', 'tcp dport 22 accept', v4));
    assert.equal(inserted(table('ip6', 'tcp dport 22 accept'), 'ip6 filter/input'), table('ip6', 'tcp dport 22 accept', v6));
    // No address of the chain's family: no rule that could only be wrong.
    assert.equal(inserted(table('ip', 'tcp dport 22 accept'), 'ip filter/input', { ...NDMP, from: ['fd00:be::10'] }), undefined);
    // A host name is resolved by nft at load time: not written.
    assert.equal(inserted(table('inet', 'tcp dport 22 accept'), 'inet filter/input', { ...NDMP, from: ['be01.example.com'] }), undefined);
    // Any source, one port, UDP.
    assert.equal(inserted(table('inet'), 'inet filter/input', { ...NDMP, protocol: 'udp', from: ['any'], ports: ['10000'] }), table('inet', 'udp dport 10000 accept comment "NDMP from be01"'));
    await nftAccepts(t, inet);
  });

  it('before a rule on its own line, or joined with `;` where rules share a line or the `}` closes the last', async (t) => {
    const shared = 'table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n\t\tct state established,related accept; tcp dport 10000 drop\n\t}\n}\n';
    const v4 = { ...NDMP, from: ['10.1.1.10'], ports: ['10000'] };
    const beforeShared = inserted(shared, 'inet filter/input', v4, 1)!;
    assert.equal(beforeShared, shared.replace('; tcp dport', '; ip saddr 10.1.1.10 tcp dport 10000 accept comment "NDMP from be01"; tcp dport'));
    const oneLine = 'table ip filter {\n\tchain input { type filter hook input priority filter; policy drop; }\n}\n';
    const appended = inserted(oneLine, 'ip filter/input', v4)!;
    assert.equal(appended, oneLine.replace('policy drop; }', 'policy drop; ip saddr 10.1.1.10 tcp dport 10000 accept comment "NDMP from be01"; }'));
    // A chain with no type line and no rule: one level deeper than its declaration.
    const bare = 'table ip filter {\n  chain backup {\n  }\n}\n';
    assert.equal(inserted(bare, 'ip filter/backup', v4), bare.replace('backup {\n', 'backup {\n    ip saddr 10.1.1.10 tcp dport 10000 accept comment "NDMP from be01"\n'));
    await nftAccepts(t, `${beforeShared}${appended.replace('table ip filter', 'table ip filter2')}`);
  });

  it('a name becomes a comment nft takes: no double quote, at most 128 bytes', async (t) => {
    assert.equal(commentText('Remote Agent "data" from be01\r\nto ralus01'), "Remote Agent 'data' from be01 to ralus01");
    const long = `Sauvegarde nocturne ${'é'.repeat(100)}`;
    const cut = commentText(long);
    // 20 bytes, 52 two-byte letters and the 3-byte ellipsis: one more letter would make 129.
    assert.equal(new TextEncoder().encode(cut).length, 127);
    assert.equal(cut, `Sauvegarde nocturne ${'é'.repeat(52)}…`);
    await nftAccepts(t, table('inet', `tcp dport 10000 accept comment "${cut}"`));
  });
});
