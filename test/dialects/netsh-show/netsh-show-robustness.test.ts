import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { parseNetshShow } from '../../../server/src/engine/dialects/netsh-show/parse';
import { dialectById, parseInDialect } from '../../../server/src/engine/dialects/registry';
import type { OffsetRange } from '../../../server/src/engine/model/types';
import { sourceFolder } from '../../support/engine';

/**
 * Exports as they reach befw in practice: cut short anywhere (a console buffer, a copy), with
 * bytes garbled (a wrong code page, a bad paste). Reading never throws, and always says something:
 * a rule or a problem, every place inside the text (but for netsh's answer that no rule matched).
 */

const FIXTURES = ['english-default', 'english-verbose', 'german-translated', 'mixed-locales', 'truncated', 'no-match'].map((name) =>
  readFileSync(join(sourceFolder(__dirname), `${name}.netsh-show.txt`), 'utf8'),
);
/** What garbles an export: layout characters, controls, and anything else. */
const GARBAGE = fc.oneof(fc.constantFrom('\r', '\n', '\r\n', ':', '-', '-'.repeat(70), ' ', '\t', ',', '/', '\u0000', '\ufffd', 'Rule Name:', 'Ok.'), fc.string({ unit: 'binary', maxLength: 8 }));

const NOTHING_MATCHED = /^\s*No rules match the specified criteria\.\s*$/;

function assertSaysSomething(text: string): void {
  const parsed = parseNetshShow(text);
  // Only netsh's own answer that nothing matched says nothing more.
  assert.ok(parsed.rules.length + parsed.problems.length > 0 || NOTHING_MATCHED.test(text), JSON.stringify(text.slice(0, 200)));
  const inside = ([a, b]: OffsetRange) => 0 <= a && a <= b && b <= text.length;
  for (const problem of parsed.problems) assert.ok(inside(problem.range) && problem.message.length > 0, problem.message);
  for (const rule of parsed.rules) {
    const values = [rule.name, rule.direction, rule.action, rule.protocol, rule.enabled, rule.profiles, rule.localPorts, rule.remotePorts, rule.localAddresses, rule.remoteAddresses];
    for (const value of values) if (value) assert.ok(inside(value.range) && value.range[0] >= rule.range[0] && value.range[1] <= rule.range[1]);
  }
  const model = parseInDialect({ uri: 'file:///x/host.netsh-show.txt', text }, dialectById('netsh-show')!);
  for (const note of model.unresolved) assert.ok(inside(note.range));
}

describe('netsh show rule output, cut and garbled', () => {
  it('every cut of every fixture gives rules or problems, never an exception', () => {
    for (const text of FIXTURES) {
      // Every offset of the small ones; a spread of offsets (CRLF halves included) of the larger.
      const step = text.length > 2000 ? 7 : 1;
      for (let end = 0; end <= text.length; end += step) assertSaysSomething(text.slice(0, end));
    }
  });

  it('garbage written over random places of a fixture gives rules or problems, never an exception', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIXTURES.slice(0, 5)), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 }), GARBAGE), { minLength: 1, maxLength: 6 }), (fixture, edits) => {
        let text = fixture;
        for (const [at, removed, inserted] of edits) {
          const a = at % (text.length + 1);
          text = text.slice(0, a) + inserted + text.slice(a + removed);
        }
        assertSaysSomething(text);
      }),
      { numRuns: 400, seed: 20261130 },
    );
  });

  it('reads hostile input in bounded time', () => {
    const hostile = [
      ' '.repeat(1_000_000),
      `Rule Name:${' '.repeat(500_000)}x${' '.repeat(500_000)}`,
      `Rule Name: a\r\nLocalPort: ${'1,'.repeat(300_000)}`,
      `${'Regelname:'.padEnd(38)}x\r\n${'-'.repeat(70)}\r\n`.repeat(20_000),
      ':'.repeat(1_000_000),
      '\r'.repeat(1_000_000),
    ];
    for (const text of hostile) {
      const started = Date.now();
      assertSaysSomething(text);
      assert.ok(Date.now() - started < 5_000, `${JSON.stringify(text.slice(0, 20))}… read in ${Date.now() - started} ms`);
    }
  });
});
