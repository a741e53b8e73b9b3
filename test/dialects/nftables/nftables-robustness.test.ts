import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNftables } from '../../../server/src/engine/dialects/nftables/parse';

/** Hostile input: never a throw, and time bounded (no backtracking, no quadratic rescans). */

describe('nftables robustness', () => {
  it('a 1 MB garbage line parses in bounded time without throwing', () => {
    let garbage = '';
    const pieces = ['{', '}', '"', '#', ',', ';', '-', '/', ':', '!=', '@', '$', 'a', '1', '.', ' ', '\\'];
    for (let i = 0; garbage.length < 1_000_000; i++) garbage += pieces[(i * 7 + (i >> 3)) % pieces.length];
    const noComments = garbage.replaceAll('#', 'x');
    for (const text of [garbage, noComments, `table inet f { set s { type ipv4_addr; elements = { ${noComments}`, `table inet f { chain c { ${garbage}`, `table inet f { chain c { tcp dport { ${'1-,'.repeat(300_000)}`, '{'.repeat(1_000_000), '"'.repeat(1_000_000)]) {
      const started = Date.now();
      const doc = parseNftables(text);
      assert.ok(Array.isArray(doc.problems));
      assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    }
  });

  it('50,000 rules in one chain: all read, in well under the time budget', () => {
    const rules: string[] = [];
    for (let i = 0; i < 50_000; i++) rules.push(`\t\tip saddr 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} tcp dport { ${1000 + (i % 60000)}, 10000-10010 } counter packets ${i} bytes ${i * 60} accept comment "rule ${i}" # handle ${i + 10}`);
    const text = `table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n${rules.join('\n')}\n\t}\n}\n`;
    const started = Date.now();
    const doc = parseNftables(text);
    const took = Date.now() - started;
    assert.deepEqual(doc.problems, []);
    const input = doc.tables[0].chains[0];
    assert.equal(input.rules.length, 50_000);
    assert.equal(input.rules[49_999].handle, 50_009);
    const last = input.rules[49_999];
    assert.equal(text.slice(last.range[0], last.range[1]), rules[49_999].trim().replace(/ # handle \d+$/, ''));
    assert.ok(took < 5000, `took ${took} ms`);
  });

  it('a lone `{` at the top level is reported as unbalanced', () => {
    assert.deepEqual(parseNftables('{{{{').problems.map((p) => p.range), [[0, 1]]);
  });

  it('empty text, only comments, and a lone table keyword', () => {
    assert.deepEqual(parseNftables('').tables, []);
    assert.deepEqual(parseNftables('# nothing\r\n\r\n').problems, []);
    const lone = parseNftables('table');
    assert.deepEqual(lone.problems.map((p) => p.range), [[0, 5]]);
  });
});
