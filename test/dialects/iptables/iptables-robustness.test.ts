import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { parseIptablesSave } from '../../../server/src/engine/dialects/iptables/parse';
import type { IptablesSave, RuleOption, Token } from '../../../server/src/engine/dialects/iptables/tree';
import type { OffsetRange } from '../../../server/src/engine/model/types';
import { sourceFolder } from '../../support/engine';

/**
 * Hostile and damaged input: saves cut anywhere, garbled, a 1 MB line, 50,000 rules. Reading never
 * throws, takes bounded time, and every range it gives lies inside the text, each token's range
 * holding the token's text (for unquoted words).
 */

const FIXTURES = readdirSync(sourceFolder(__dirname))
  .filter((name) => name.endsWith('.rules'))
  .map((name) => readFileSync(join(sourceFolder(__dirname), name), 'utf8'));
const GARBAGE = fc.oneof(fc.constantFrom('\r', '\n', '\r\n', '"', '!', '-A', ' -m ', '*filter', 'COMMIT', ':', '[', ']', ',', '\\', '\t', '\u0000', '\ufffd', '#'), fc.string({ unit: 'binary', maxLength: 8 }));

/** Every range in the tree lies inside the text; unquoted tokens' text is the text under them. */
function assertWellPlaced(text: string, parsed: IptablesSave): void {
  const inside = ([a, b]: OffsetRange) => 0 <= a && a <= b && b <= text.length;
  const token = (t: Token | undefined) => {
    if (!t) return;
    assert.ok(inside(t.range), JSON.stringify(t));
    const written = text.slice(t.range[0], t.range[1]);
    if (!written.includes('"')) assert.equal(written, t.text);
  };
  const option = (o: RuleOption): void => {
    assert.ok(inside(o.range));
    if (o.kind === 'option') {
      [o.name, ...o.values, ...o.items].forEach(token);
      if (o.negation) assert.equal(text.slice(o.negation[0], o.negation[1]), '!');
      for (const port of o.ports ?? []) assert.ok(inside(port.range));
    } else {
      token(o.name);
      token(o.kind === 'match' ? o.module : o.target);
      o.options.forEach(option);
    }
  };
  for (const problem of parsed.problems) assert.ok(inside(problem.range) && problem.message.length > 0, problem.message);
  for (const comment of parsed.comments) assert.ok(inside(comment.range));
  for (const table of parsed.tables) {
    assert.ok(inside(table.range));
    token(table.name);
    for (const chain of table.chains) [chain.name, chain.policy, chain.counters?.packets, chain.counters?.bytes].forEach(token);
    for (const rule of table.rules) {
      assert.ok(inside(rule.range));
      [rule.command, rule.chain, rule.counters?.packets].forEach(token);
      rule.options.forEach(option);
    }
  }
}

describe('iptables-save, cut, garbled and huge', () => {
  it('every cut of every fixture reads without an exception, ranges in place', () => {
    for (const text of FIXTURES) for (let end = 0; end <= text.length; end++) assertWellPlaced(text.slice(0, end), parseIptablesSave(text.slice(0, end)));
  });

  it('garbage written over random places of a fixture reads without an exception, ranges in place', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIXTURES), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 }), GARBAGE), { minLength: 1, maxLength: 6 }), (fixture, edits) => {
        let text = fixture;
        for (const [at, cut, garbage] of edits) {
          const start = at % (text.length + 1);
          text = text.slice(0, start) + garbage + text.slice(start + cut);
        }
        assertWellPlaced(text, parseIptablesSave(text));
      }),
      { numRuns: 500 },
    );
  });

  it('a 1 MB line of garbage reads in bounded time with few problems', () => {
    const random = fc.sample(fc.string({ unit: 'binary', minLength: 1000, maxLength: 1000 }), { numRuns: 1000, seed: 16 }).join('').replace(/[\r\n]/g, ' ');
    const lines = [
      random,
      `-A INPUT ${random}`,
      `-A INPUT ${'-m x '.repeat(200_000)}`,
      `-A INPUT -m comment --comment "${'a'.repeat(1_000_000)}`,
      `-A INPUT -p tcp -m multiport --dports ${'1,'.repeat(500_000)}`,
      `-A INPUT -p tcp --dport ${'9'.repeat(1_000_000)}`,
      `*${'f'.repeat(1_000_000)}`,
      `:${'C'.repeat(1_000_000)} -`,
      `${'! '.repeat(500_000)}`,
    ];
    for (const line of lines) {
      const text = `*filter\n:INPUT DROP [0:0]\n${line}\nCOMMIT\n`;
      const started = Date.now();
      const parsed = parseIptablesSave(text);
      assert.ok(Date.now() - started < 2_000, `${JSON.stringify(line.slice(0, 20))}… read in ${Date.now() - started} ms`);
      assert.ok(parsed.problems.length <= 11, `${parsed.problems.length} problems for ${JSON.stringify(line.slice(0, 20))}`);
      assert.ok(parsed.problems.every((p) => p.message.length < 300), 'messages quote at most a short excerpt');
      assertWellPlaced(text, parsed);
    }
  });

  it('50,000 rules read in bounded time, each at its own line', () => {
    const rules: string[] = [];
    for (let i = 0; i < 50_000; i++) rules.push(`[${i}:${i * 60}] -A INPUT -s 10.${(i >> 8) & 255}.${i & 255}.0/24 -p tcp -m multiport --dports ${1 + (i % 60000)},10000,6101:6110 -m comment --comment "rule ${i}" -j ACCEPT`);
    const text = ['*filter', ':INPUT DROP [0:0]', ...rules, 'COMMIT', ''].join('\n');
    const started = Date.now();
    const parsed = parseIptablesSave(text);
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 5_000, `50,000 rules read in ${elapsed} ms`);
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.tables[0].rules.length, 50_000);
    const last = parsed.tables[0].rules[49_999];
    assert.equal(text.slice(last.range[0], last.range[1]), rules[49_999]);
  });
});
