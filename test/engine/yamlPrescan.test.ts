import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { MAX_FAULTS, PRESCAN_FROM, findFaults } from '../../server/src/engine/parse/yamlPrescan';
import { memoryService, uriOf } from '../support/engine';
import { shapeById } from '../../tools/shapes';

/**
 * The first pass before the YAML parser: garbage is given up on in
 * milliseconds with one BEX001, and it never gives up on a text that could
 * have been checked clean.
 */

const ROOT = join(__dirname, '..', '..', '..');
const PASTE = 5 * 1024 * 1024;
const TOO_BROKEN = /^This text is too broken to check as YAML: /;

/**
 * Text the yaml package takes seconds, gigabytes or forever on (timed in
 * yaml alone, before this pass), and what the pass says of it.
 */
const GARBAGE: Record<string, [() => string, string]> = {
  '"]" lines (31 s, 3.5 GB)': [() => ']\n'.repeat(PASTE / 2), '(the first: a value starting with "]")'],
  '"[" (out of memory)': [() => '['.repeat(PASTE), 'lists and mappings nested more than 32 deep'],
  '"{a: " (12 s)': [() => '{a: '.repeat(PASTE / 4), '(the first: "a", a key of neither a manifest nor a rule file)'],
  '"a: b: c: d" lines (11 s)': [() => 'x-a: b: c: d\n'.repeat(PASTE / 13), '(the first: a mapping inside a value on one line ("a: b: c"))'],
  'quotes (5 s)': [() => '"'.repeat(PASTE), '(the first: text after a quoted value)'],
  'distinct keys (quadratic: hours)': [() => Array.from({ length: PASTE / 12 }, (_, i) => `k${String(i).padStart(7, '0')}: 1\n`).join(''), '(the first: "k0000000", a key of neither a manifest nor a rule file)'],
  'one key repeated (quadratic)': [() => 'name: x\n'.repeat(PASTE / 8), '(the first: "name" twice in one mapping)'],
  'empty list items (7 s)': [() => '- \n'.repeat(PASTE / 3), '(the first: a list item with no value)'],
  'a list of 500,000 ports (5 s)': [() => `ports:\n${'  - 10000\n'.repeat(PASTE / 10)}`, 'a list of more than 10,000 values'],
  'a mapping of 400,000 x- keys (quadratic)': [() => Array.from({ length: PASTE / 14 }, (_, i) => `x-${String(i).padStart(8, '0')}: 1\n`).join(''), 'a mapping of more than 256 keys'],
  'JSON on one line (9 s)': [() => JSON.stringify(Array.from({ length: PASTE / 60 }, (_, i) => ({ id: i, name: `n${i}`, tags: ['a', 'b'] }))), '(the first: "id", a key of neither a manifest nor a rule file)'],
};

/** The BEX001 problems of `text` read as a manifest and as a rule file. */
function problems(text: string): { manifest: string[]; rules: string[] } {
  const service = memoryService({});
  return {
    manifest: service.parseManifest({ uri: uriOf('x.bexnet.yaml'), text }).problems.map((p) => p.message),
    rules: service.parseRuleFile({ uri: uriOf('x.fwrules.yaml'), text }).problems.map((p) => p.message),
  };
}

function yamlFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? yamlFiles(join(folder, entry.name)) : /\.ya?ml$/.test(entry.name) ? [join(folder, entry.name)] : [],
  );
}

describe('the first pass before the YAML parser', () => {
  for (const [label, [make, reason]] of Object.entries(GARBAGE)) {
    it(`5 MB of ${label}: one BEX001 "too broken to check", as a manifest and as a rule file, in well under a second`, () => {
      const text = make();
      const started = performance.now();
      const found = problems(text);
      const elapsed = performance.now() - started;
      assert.equal(found.manifest.length, 1, found.manifest.join('\n'));
      assert.match(found.manifest[0], TOO_BROKEN);
      assert.ok(found.manifest[0].includes(reason), found.manifest[0]);
      assert.ok(found.rules.some((m) => TOO_BROKEN.test(m)), found.rules.join('\n'));
      assert.ok(elapsed < 3000, `${elapsed.toFixed(0)} ms for both`);
    });
  }

  it('says what the first impossible line holds, at that line, with the name escaped and cut', () => {
    const text = `version: 1\nhosts:\n${'  - name: be01\n'.repeat(2000)}${'evil\u001b[2J: 1\n'.repeat(MAX_FAULTS)}`;
    const [problem] = memoryService({}).parseManifest({ uri: uriOf('x.bexnet.yaml'), text }).problems;
    assert.equal(problem.message, 'This text is too broken to check as YAML: lines that no manifest or rule file can contain (the first: "evil\\u001b[2J", a key of neither a manifest nor a rule file). Fix or remove such lines and it is checked again.');
    assert.equal(text.slice(problem.range[0], problem.range[1]), 'evil\u001b[2J: 1');
  });

  it(`gives up only past ${MAX_FAULTS} faults, and only on texts of ${PRESCAN_FROM / 1024} KB or more`, () => {
    const body = `version: 1\nhosts:\n${'  - name: be01\n'.repeat(2000)}`;
    const one = problems(`${body}${'x: 1\n'.repeat(MAX_FAULTS - 1)}`).manifest;
    assert.ok(!one.some((m) => TOO_BROKEN.test(m)), 'one fault short: parsed, each fault its own message');
    assert.ok(problems(`${body}${'x: 1\n'.repeat(MAX_FAULTS)}`).manifest.some((m) => TOO_BROKEN.test(m)));
    const small = 'y: 1\n'.repeat(PRESCAN_FROM / 5 - 1);
    assert.ok(!problems(small).manifest.some((m) => TOO_BROKEN.test(m)), 'under 16 KB the parser reads it');
  });

  it('a flow mapping of 20,000 x- keys ends the parse: its duplicate-key check would be quadratic', () => {
    const text = `x-big: {${Array.from({ length: 20_000 }, (_, i) => `x-${i}: ${i}`).join(', ')}}\n`;
    const started = performance.now();
    const [problem] = problems(text).manifest;
    assert.equal(problem, 'This text is too broken to check as YAML: its mappings have more keys than any manifest or rule file. Fix or remove such lines and it is checked again.');
    assert.ok(performance.now() - started < 3000, `${(performance.now() - started).toFixed(0)} ms`);
  });

  it('passes every manifest and rule file of the examples and fixtures that the engine finds no BEX001 in, and the 50,000-rule file', () => {
    const files = [...yamlFiles(join(ROOT, 'examples')), ...yamlFiles(join(ROOT, 'test'))].filter((f) => /\.(bexnet|fwrules)\.yaml$/.test(f));
    assert.ok(files.length > 50, `${files.length} files`);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const found = problems(text)[file.endsWith('.bexnet.yaml') ? 'manifest' : 'rules'];
      if (found.length === 0) assert.equal(findFaults(text, 1), undefined, file);
    }
    const single = shapeById('single').generate(50_000).files;
    assert.equal(findFaults(single['core.fwrules.yaml'], 1), undefined);
    assert.equal(findFaults(single['site.bexnet.yaml'], 1), undefined);
  });

  it('every fault it counts is one the engine reports: a text it flags has a BEX001 as a manifest and as a rule file (fast-check, seed 42)', () => {
    const key = fc.constantFrom('version', 'hosts', 'name', 'rules', 'ports', 'action', 'x-note', 'foo', '"name"', "'to'", '<<');
    const value = fc.string({ unit: fc.constantFrom('a', '1', ' ', ':', '-', '[', ']', '{', '}', ',', '"', "'", '#', '|', '>', '&a', '*a', '@', '%', 'name: ', '- '), maxLength: 12 });
    const line = fc.tuple(fc.nat({ max: 6 }), fc.boolean(), fc.option(key), value).map(([indent, dash, k, v]) => `${' '.repeat(indent)}${dash ? '- ' : ''}${k === null ? '' : `${k}: `}${v}`);
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), (lines) => {
        const text = `${lines.join('\n')}\n`;
        const verdict = findFaults(text, 1);
        if (!verdict) return;
        const found = problems(text);
        assert.ok(found.manifest.length > 0 && found.rules.length > 0, `${verdict.reason}\n${JSON.stringify(text)}`);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});
