import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { readPlainRuleChunk } from '../../server/src/engine/dialects/yaml/plainRuleChunk';
import { splitRuleChunks } from '../../server/src/engine/dialects/yaml/ruleChunks';
import { parseRuleChunk, readRuleChunkWithYaml } from '../../server/src/engine/dialects/yaml/ruleSyntax';
import { memoryService, uriOf } from '../support/engine';

/**
 * The fast reader of plainly written rule chunks against the yaml path: where
 * it answers, every field (values, node ranges, columns) is the yaml path's;
 * on the plain shapes it does answer; anything else it leaves to the yaml
 * path. Seeded (42); BEFW_FC_SEED=n explores another seed.
 */

const SEED = Number(process.env.BEFW_FC_SEED ?? 42);
const ROOT = join(__dirname, '..', '..', '..');

// ---------------------------------------------------------------------------
// Scalars, by where they may stand.

/** Plain scalars that are strings in the core schema, also inside [ ] and { }. */
const STRINGS = ['be01', 'any', 'agent7', '10.20.0.0/16', '10.0.1.10', 'fe80::1', '2001:db8::/32', '::1', '50100-50149', 'BE to agent0', "O'Brien", 'a"b', 'a#b', 'a:b', 'a :b', 'a-', 'yes', 'on', 'no', 'off', '1:30', 'x-y', 'é-ü', 'a\u00a0b', '1.2.3', '0x', '1_000', 'nulls', 'tRUE', '12e', '.', 'a?'];
/** Plain scalars read as integers and booleans. */
const NUMBERS = ['0', '1', '6101', '10000', '65535'];
const BOOLEANS = ['true', 'false'];
/** Plain only in block context: flow indicators inside. */
const BLOCK_STRINGS = ['a,b', 'a[1]', 'x{y}', 'a, b ]', 'a}'];
/** Just outside the subset (or outside YAML): never read other than as yaml reads them. */
const OUTSIDE = [
  'True', 'FALSE', 'Null', 'null', 'NULL', '~', '0x1F', '0o17', '1e3', '1.5', '.5', '1.', '.inf', '-.Inf', '.NaN', '007', '00', '+5', '-5', '-0', '<<',
  'a: b', 'x #y', '-x', '- x', '? x', '?x', ':x', 'a:', '&a x', '*a', '!t x', '!!str x', '|', '>-', '%x', '@x', '`x', '#x', '[a, [b]]', '[a,]', '[a, b', '[,a]', '[a:, b]',
  '{a: b}', '{}', '[]', '[ ]', "'a", '"a', '"a\\tb"', '"a\\\\"', "'it''s'", "'a''", '"say \\"hi\\""', "'a'b", '"a" x', 'a\tb', '\ta', 'a\u0085b', 'a\u2028b', '\ufeffa', 'a\rb',
  'a\u0007b', 'a\u007fb', '', '12345678901234567890', '9007199254740993', '1\n  x',
];

const quotedText = (unit: string) => fc.string({ unit: fc.constantFrom(...unit), minLength: 1, maxLength: 6 });
const singleQuoted = quotedText('ab \'"#:,[]{}-\\').map((s) => `'${s.replace(/'/g, "''")}'`);
const doubleQuoted = quotedText("ab '#:,[]{}-").map((s) => `"${s}"`);
/** Any short text of YAML's special characters, plainly written. */
const randomPlain = fc.string({ unit: fc.constantFrom(...'ab1.-/: #,[]{}\'"&*!|>?%@`~\\'), minLength: 1, maxLength: 6 });

const stringScalar = (flow: boolean) => fc.oneof(fc.constantFrom(...STRINGS, ...(flow ? [] : BLOCK_STRINGS)), singleQuoted, doubleQuoted);
const wildScalar = fc.oneof(stringScalar(false), fc.constantFrom(...NUMBERS, ...BOOLEANS, ...OUTSIDE), randomPlain, quotedText('ab"\'\\ #').map((s) => `"${s}"`));

// ---------------------------------------------------------------------------
// Values: a scalar, a flow list or a block list, rendered once the columns are known.

type Value =
  | { readonly style: 'scalar'; readonly text: string }
  | { readonly style: 'flow'; readonly items: string[]; readonly sep: string; readonly pad: string }
  | { readonly style: 'block'; readonly items: string[]; readonly indent: number; readonly dashSpaces: string; readonly comments: boolean[]; readonly lead: number | undefined };

const scalarValue = (scalar: fc.Arbitrary<string>): fc.Arbitrary<Value> => scalar.map((text) => ({ style: 'scalar', text }));
const flowList = (scalar: fc.Arbitrary<string>, minLength = 1): fc.Arbitrary<Value> =>
  fc.record({ style: fc.constant('flow' as const), items: fc.array(scalar, { minLength, maxLength: 3 }), sep: fc.constantFrom(', ', ',', ' , ', ',  '), pad: fc.constantFrom('', ' ') });
const blockList = (scalar: fc.Arbitrary<string>): fc.Arbitrary<Value> =>
  fc.record({
    style: fc.constant('block' as const),
    items: fc.array(scalar, { minLength: 1, maxLength: 3 }),
    indent: fc.constantFrom(0, 2, 2, 3),
    dashSpaces: fc.constantFrom(' ', ' ', '  '),
    comments: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    // A comment line between the key and the first item, at this column.
    lead: fc.option(fc.constantFrom(0, 2, 4, 6, 8), { freq: 3, nil: undefined }),
  });
/** A list of strings: in [ ] only those that are plain there too. */
const stringList = (flow: boolean) => (flow ? flowList(stringScalar(true)) : fc.oneof(flowList(stringScalar(true)), blockList(stringScalar(false))));
const list = (scalar: fc.Arbitrary<string>, flow: boolean) => (flow ? flowList(scalar) : fc.oneof(flowList(scalar), blockList(scalar)));

/** Values the schema accepts for each key of a rule. */
const VALID: Record<string, (flow: boolean) => fc.Arbitrary<Value>> = {
  name: (flow) => scalarValue(stringScalar(flow)),
  description: (flow) => scalarValue(stringScalar(flow)),
  action: () => scalarValue(fc.constantFrom('allow', 'block', "'allow'", '"block"')),
  protocol: () => scalarValue(fc.constantFrom('tcp', 'udp', 'any', '"tcp"')),
  from: (flow) => fc.oneof(scalarValue(stringScalar(flow)), stringList(flow)),
  to: (flow) => fc.oneof(scalarValue(stringScalar(flow)), stringList(flow)),
  ports: (flow) => {
    const port = fc.constantFrom(...NUMBERS, '50100-50149', 'any', "'10000'");
    return fc.oneof(scalarValue(port), list(port, flow));
  },
  windowsRules: (flow) => list(fc.oneof(singleQuoted, doubleQuoted, fc.constant('WMI-In')), flow),
  enabled: () => scalarValue(fc.constantFrom(...BOOLEANS)),
  'x-note': (flow) => fc.oneof(scalarValue(fc.constantFrom(...STRINGS, ...NUMBERS, ...BOOLEANS)), flowList(stringScalar(true), 0), ...(flow ? [] : [blockList(stringScalar(false))])),
};
const OPTIONAL = ['protocol', 'enabled', 'description', 'x-note'];
const ODD_KEYS = ['foo', 'True', 'null', '<<', 'x-1', 'a b', '"name"', "'to'", 'ports ', '-x', '? from', 'name:x'];

// ---------------------------------------------------------------------------
// Chunks.

interface Layout {
  readonly indent: number;
  readonly dashSpaces: string;
  readonly eol: '\n' | '\r\n';
  readonly finalEol: boolean;
  readonly valueSpaces: readonly string[];
  readonly comments: readonly string[];
  /** Blank, whitespace-only and comment lines after each entry and at the end; a column code per comment. */
  readonly gaps: readonly (readonly Gap[])[];
}
type Gap = { readonly kind: 'blank' } | { readonly kind: 'spaces'; readonly width: number } | { readonly kind: 'comment'; readonly column: 'zero' | 'item' | 'key' | 'deeper' | 'list' | 'list+2' };

const gap = (plain: boolean): fc.Arbitrary<Gap> =>
  fc.oneof(
    fc.constant({ kind: 'blank' as const }),
    fc.record({ kind: fc.constant('spaces' as const), width: fc.integer({ min: 1, max: 9 }) }),
    fc.record({ kind: fc.constant('comment' as const), column: plain ? fc.constantFrom('zero' as const, 'item' as const) : fc.constantFrom('zero' as const, 'item' as const, 'key' as const, 'deeper' as const, 'list' as const, 'list+2' as const) }),
  );

const layout = (plain: boolean): fc.Arbitrary<Layout> =>
  fc.record({
    indent: fc.constantFrom(0, 2, 2, 4),
    dashSpaces: fc.constantFrom(' ', ' ', ' ', '   '),
    eol: fc.constantFrom('\n' as const, '\n' as const, '\r\n' as const),
    finalEol: fc.boolean(),
    valueSpaces: fc.array(fc.constantFrom(' ', ' ', '  '), { minLength: 12, maxLength: 12 }),
    comments: fc.array(fc.constantFrom('', '', ' # note', '   #: x', ...(plain ? [] : ['#tight', ' #'])), { minLength: 12, maxLength: 12 }),
    gaps: fc.array(fc.array(gap(plain), { maxLength: 2 }), { minLength: 13, maxLength: 13 }),
  });

type Entries = (readonly [key: string, value: Value])[];

/** A block mapping item (`- key: value` then one key a line) or a flow mapping item (`- { key: value, … }`). */
function render(entries: Entries, flow: boolean, l: Layout): string {
  const keyColumn = l.indent + 1 + l.dashSpaces.length;
  const pad = (n: number) => ' '.repeat(n);
  const lines: string[] = [];
  let listColumn = keyColumn;
  const gaps = (i: number) => {
    for (const g of l.gaps[i] ?? []) {
      if (g.kind === 'blank') lines.push('');
      else if (g.kind === 'spaces') lines.push(pad(g.width));
      else lines.push(`${pad({ zero: 0, item: l.indent, key: keyColumn, deeper: keyColumn + 2, list: listColumn, 'list+2': listColumn + 2 }[g.column])}# between`);
    }
  };
  const inline = (value: Value) =>
    value.style === 'scalar' ? value.text : value.style === 'flow' ? (value.items.length ? `[${value.pad}${value.items.join(value.sep)}${value.pad}]` : `[${value.pad}]`) : undefined;
  if (flow) {
    const body = entries.map(([key, value], i) => `${key}:${l.valueSpaces[i]}${inline(value) ?? ''}`).join(', ');
    lines.push(`${pad(l.indent)}-${l.dashSpaces}{ ${body} }${l.comments[0]}`);
    gaps(12);
  } else {
    entries.forEach(([key, value], i) => {
      const start = i === 0 ? `${pad(l.indent)}-${l.dashSpaces}` : pad(keyColumn);
      const text = inline(value);
      if (text !== undefined) {
        lines.push(`${start}${key}:${l.valueSpaces[i]}${text}${l.comments[i]}`);
      } else if (value.style === 'block') {
        lines.push(`${start}${key}:${l.comments[i]}`);
        if (value.lead !== undefined) lines.push(`${pad(value.lead)}# the items`);
        listColumn = keyColumn + value.indent;
        value.items.forEach((item, j) => lines.push(`${pad(listColumn)}-${value.dashSpaces}${item}${value.comments[j] ? ' # item' : ''}`));
      }
      gaps(i);
    });
    gaps(12);
  }
  return lines.join(l.eol) + (l.finalEol ? l.eol : '');
}

/** A valid rule, plainly written: the required keys, some optional ones, in any order. */
const plainChunk = fc.boolean().chain((flow) =>
  fc
    .record({
      optional: fc.subarray(OPTIONAL),
      usePorts: fc.boolean(),
      layout: layout(true),
    })
    .chain(({ optional, usePorts, layout }) => {
      const keys = ['name', 'action', 'from', 'to', usePorts ? 'ports' : 'windowsRules', ...optional];
      return fc.tuple(fc.shuffledSubarray(keys, { minLength: keys.length, maxLength: keys.length }), fc.tuple(...keys.map((key) => VALID[key](flow)))).map(([order, values]) => {
        const byKey = new Map(keys.map((key, i) => [key, values[i]]));
        return render(order.map((key) => [key, byKey.get(key)!] as const), flow, layout);
      });
    }),
);

/**
 * Around the subset: a rule's keys in any order, some twice, some odd ones;
 * values of any kind, valid or just outside the subset; comments anywhere;
 * and a few edits of the text.
 */
const wildChunk = fc
  .tuple(
    fc.boolean(),
    fc.subarray(OPTIONAL),
    fc.array(fc.constantFrom(...Object.keys(VALID), ...ODD_KEYS), { maxLength: 2 }),
    layout(false),
    // Values of any kind, half of them under a key whose value the schema does not look at (x-…), so that the rule stays valid.
    fc.array(fc.tuple(fc.oneof(fc.nat(), fc.constant('x-any')), fc.oneof(scalarValue(wildScalar), flowList(wildScalar, 0), blockList(wildScalar))), { maxLength: 2 }),
    fc.array(fc.tuple(fc.constantFrom('insert' as const, 'delete' as const, 'indent' as const, 'dedent' as const, 'duplicate' as const), fc.nat(), fc.constantFrom(...'\t\r\n #:-,[]{}\'"&*!\\|>?\u0085\ufeff')), { maxLength: 2 }),
  )
  .chain(([flow, optional, odd, layout, wild, mutations]) => {
    const keys = ['name', 'action', 'from', 'to', 'ports', ...optional, ...odd, ...(wild.some(([at]) => at === 'x-any') ? ['x-any'] : [])];
    return fc
      .tuple(fc.shuffledSubarray(keys, { minLength: keys.length, maxLength: keys.length }), fc.tuple(...keys.map((key) => (VALID[key] ?? VALID.name)(flow))))
      .map(([order, values]) => {
        for (const [at, value] of wild) values[at === 'x-any' ? keys.indexOf(at) : at % values.length] = value;
        const byKey = new Map(keys.map((key, i) => [key, values[i]]));
        return mutate(render(order.map((key) => [key, byKey.get(key)!] as const), flow, layout), mutations);
      });
  });

type Mutation = readonly ['insert' | 'delete' | 'indent' | 'dedent' | 'duplicate', number, string];

function mutate(text: string, mutations: readonly Mutation[]): string {
  for (const [kind, at, char] of mutations) {
    const i = text.length ? at % text.length : 0;
    const lineStart = text.lastIndexOf('\n', i - 1) + 1;
    const lineEnd = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i) + 1;
    if (kind === 'insert') text = text.slice(0, i) + char + text.slice(i);
    else if (kind === 'delete') text = text.slice(0, i) + text.slice(i + 1);
    else if (kind === 'indent' && lineStart > 0) text = `${text.slice(0, lineStart)} ${text.slice(lineStart)}`;
    else if (kind === 'dedent' && text[lineStart] === ' ') text = text.slice(0, lineStart) + text.slice(lineStart + 1);
    else if (kind === 'duplicate' && lineStart > 0) text = text.slice(0, lineEnd) + text.slice(lineStart, lineEnd) + text.slice(lineEnd);
  }
  return text;
}

// ---------------------------------------------------------------------------

/** Whether the fast reader answers `chunk`; throws when its answer is not exactly the yaml path's. */
function agrees(chunk: string): boolean {
  const fast = readPlainRuleChunk(chunk);
  if (fast) assert.deepStrictEqual(fast, readRuleChunkWithYaml(chunk), `chunk ${JSON.stringify(chunk)}`);
  return fast !== undefined;
}

describe('the plain rule reader', () => {
  it('reads every plainly written valid rule, exactly as the yaml path does', () => {
    let runs = 0;
    let accepted = 0;
    fc.assert(
      fc.property(plainChunk, (chunk) => {
        runs++;
        if (agrees(chunk)) accepted++;
        // Each of these is valid: the yaml path finds nothing wrong.
        assert.deepStrictEqual(readRuleChunkWithYaml(chunk).issues, [], `chunk ${JSON.stringify(chunk)}`);
      }),
      { seed: SEED, numRuns: 3000 },
    );
    // Reported by BEFW_PLAIN_COUNTS=1; with seed 42: 3000 of 3000.
    if (process.env.BEFW_PLAIN_COUNTS) console.log(`plain chunks: ${accepted} of ${runs} read by the fast reader`);
    assert.ok(accepted >= runs * 0.98, `only ${accepted} of ${runs} plainly written rules read without the yaml package`);
  });

  it('around the subset, answers only as the yaml path does, and still reads what is plain', () => {
    let runs = 0;
    let accepted = 0;
    let clean = 0;
    fc.assert(
      fc.property(wildChunk, (chunk) => {
        runs++;
        if (agrees(chunk)) accepted++;
        else if (readRuleChunkWithYaml(chunk).issues.length === 0) clean++;
      }),
      { seed: SEED, numRuns: 6000 },
    );
    // With seed 42: 488 read, 172 more valid ones left to the yaml path (values it does not read, comments deeper than the keys …).
    if (process.env.BEFW_PLAIN_COUNTS) console.log(`wild chunks: ${accepted} of ${runs} read by the fast reader; ${clean} more valid ones left to the yaml path`);
    // Most of these are not valid rules; those that are come from the same keys and values as the plain ones.
    assert.ok(accepted >= runs * 0.05, `only ${accepted} of ${runs} read by the fast reader`);
  });

  it('reads the rules of the examples and fixtures as the yaml path does, every valid one', () => {
    const yamlFiles = (folder: string): string[] =>
      readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? yamlFiles(join(folder, entry.name)) : /\.ya?ml$/.test(entry.name) ? [join(folder, entry.name)] : []));
    let chunks = 0;
    for (const file of [...yamlFiles(join(ROOT, 'examples')), ...yamlFiles(join(ROOT, 'test'))]) {
      for (const item of splitRuleChunks(readFileSync(file, 'utf8'))?.items ?? []) {
        chunks++;
        assert.ok(agrees(item.text) || readRuleChunkWithYaml(item.text).issues.length > 0, `${file}: ${JSON.stringify(item.text)}`);
      }
    }
    assert.ok(chunks >= 150, `${chunks} rules`);
  });

  it('reads the two usual shapes of a rule', () => {
    const block = '  - name: app-12   # comment\n    action: allow\n    protocol: tcp\n    from: [10.20.0.0/16, be01]\n    to: ["10.30.1.0/24"]\n    ports: [1234, 50100-50149]\n';
    const flow = '  - { name: x, action: block, protocol: any, from: any, to: [a, b], ports: [10000] }\n';
    for (const chunk of [block, flow]) assert.ok(agrees(chunk), chunk);
    const read = readPlainRuleChunk(block)!;
    assert.deepStrictEqual(read.values, { action: 'allow', protocol: 'tcp', enabled: undefined, from: ['10.20.0.0/16', 'be01'], to: ['10.30.1.0/24'], ports: [1234, '50100-50149'], windowsRules: [] });
    assert.deepStrictEqual(read.ports, { style: 'flow', range: [132, 151], items: [{ value: 1234, range: [133, 137] }, { value: '50100-50149', range: [139, 150] }] });
    assert.deepStrictEqual([read.itemRange, read.dashColumn, read.keyColumn, read.flowMap], [[4, 152], 2, 4, false]);
    assert.deepStrictEqual(readPlainRuleChunk(flow)!.itemRange, [4, 84]);
  });

  it('reads block lists, CRLF line ends and comments between the lines', () => {
    const chunk = '  - name: a\r\n    # why\r\n    action: allow\r\n    from:\r\n      - be01   # the server\r\n      # - be02\r\n      - "10.0.0.0/8"\r\n    to: any\r\n    ports:\r\n    - 10000\r\n\r\n  # next: the agents\r\n';
    assert.ok(agrees(chunk));
    assert.deepStrictEqual(readPlainRuleChunk(chunk)!.from, { style: 'block', range: [60, 121], items: [{ value: 'be01', range: [62, 66] }, { value: '10.0.0.0/8', range: [107, 119] }] });
  });

  it('leaves to the yaml path what it does not read with certainty', () => {
    const rule = (ports: string, after = '') => `  - name: a\n    action: allow\n    from: any\n    to: any\n    ports: ${ports}\n${after}`;
    for (const chunk of [
      rule('True'), rule('1.5'), rule('0x1F'), rule('007'), rule('~'), rule('a: b'), rule('[a, [b]]'), rule('"\\t"'), rule('*ports'), rule('&p 1'), rule('!!int 1'),
      rule('|\n      1'), rule('1\n      2'), rule('1', '    ports: 2\n'), rule('1', '      # deeper: part of the value in the yaml path\n'), rule('[1,]'), rule('1\t'), rule('1\r2'),
      rule('1', '    enabled: True\n'), rule('1', '    x-a: [.inf]\n'),
      '  - name: a\n    action: allow\n    from:\n      - be01\n        # deeper: part of be01, then of the list, in the yaml path\n    to: any\n    ports: 1\n',
      '  - <<: { name: a }\n    action: allow\n', '  -\n    name: a\n', '  - name: a\n   action: allow\n', '  - { name: a,\n      action: allow }\n', '\ufeff  - name: a\n',
    ]) {
      assert.equal(readPlainRuleChunk(chunk), undefined, JSON.stringify(chunk));
    }
  });

  it('leaves a rule the schema refuses to the yaml path, which places its issue', () => {
    const chunk = '  - name: a\n    action: allowed\n    from: any\n    to: any\n    ports: 1\n';
    assert.equal(readPlainRuleChunk(chunk), undefined);
    assert.deepStrictEqual(parseRuleChunk(chunk).issues, [{ path: ['action'], detail: 'expected one of allow, block; found text "allowed"', range: [24, 31] }]);
    const text = `version: 1\nrules:\n${chunk}`;
    const model = memoryService({}).parseRuleFile({ uri: uriOf('dmz.fwrules.yaml'), text });
    assert.deepStrictEqual(model.problems, [{ message: 'rules[0].action: expected one of allow, block; found text "allowed"', range: [text.indexOf('allowed'), text.indexOf('allowed') + 7] }]);
  });
});
