import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import type { Diagnostic } from 'vscode-languageserver-types';
import { memoryService, uriOf } from '../support/engine';

/**
 * BEX201 and BEX202 against a brute-force oracle on random subnet rule sets:
 * prefixes from /8 to /32 drawn around a few addresses so that they nest and
 * overlap, address ranges a-b (whole prefixes or not), IPv6 prefixes, any,
 * a manifest host and an unknown name, block rules among allows. Each set is
 * then edited a few times (a rule replaced, inserted, removed, copied, its
 * ports changed) and checked again by the same service, as the language server
 * does, so the incremental path (the coverage rolled back to the first
 * changed rule) is held to the same oracle as a fresh check.
 */

const SEED = Number(process.env.BEFW_FC_SEED ?? 14);

const MANIFEST = `version: 1
hosts:
  - { name: be01, role: backup-exec-server, address: 10.1.2.3 }
  - { name: sql01, role: remote-computer, address: 10.1.9.20 }
firewalls:
  - { name: core, rules: core.fwrules.yaml, protects: [sql01] }
`;

// ---------------------------------------------------------------------------
// The oracle's own model of endpoints: [family, first, last], or any, or a name.

type Space = { family: 4 | 6; first: bigint; last: bigint } | 'any' | { name: string };

const V4_ANCHORS = [0x0a010203n, 0x0a010914n, 0x0a800001n, 0x0b000001n];
const V6_ANCHORS = [0xfd000000000000000000000000000020n, 0xfd000000000000010000000000000001n];

function v4Text(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
}

function v6Text(value: bigint): string {
  return Array.from({ length: 8 }, (_, i) => ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');
}

function prefix(anchor: bigint, length: number, bits: number): { first: bigint; last: bigint } {
  const hostBits = BigInt(bits - length);
  const first = (anchor >> hostBits) << hostBits;
  return { first, last: first + (1n << hostBits) - 1n };
}

interface Endpoint {
  readonly text: string;
  readonly space: Space;
}

const v4Prefix = fc.record({ anchor: fc.constantFrom(...V4_ANCHORS), length: fc.constantFrom(8, 8, 12, 16, 16, 20, 24, 24, 28, 30, 32) }).map(({ anchor, length }): Endpoint => {
  const { first, last } = prefix(anchor, length, 32);
  return { text: length === 32 ? v4Text(first) : `${v4Text(first)}/${length}`, space: { family: 4, first, last } };
});

const v4Range = fc.record({ anchor: fc.constantFrom(...V4_ANCHORS), from: fc.integer({ min: -300, max: 300 }), size: fc.integer({ min: 0, max: 600 }) }).map(({ anchor, from, size }): Endpoint => {
  const first = anchor + BigInt(from);
  const last = first + BigInt(size);
  return { text: `${v4Text(first)}-${v4Text(last)}`, space: { family: 4, first, last } };
});

const v6Prefix = fc.record({ anchor: fc.constantFrom(...V6_ANCHORS), length: fc.constantFrom(16, 48, 64, 120, 126, 128) }).map(({ anchor, length }): Endpoint => {
  const { first, last } = prefix(anchor, length, 128);
  return { text: length === 128 ? v6Text(first) : `${v6Text(first)}/${length}`, space: { family: 6, first, last } };
});

const named = fc.constantFrom<Endpoint>(
  { text: 'any', space: 'any' },
  { text: 'be01', space: { family: 4, first: 0x0a010203n, last: 0x0a010203n } },
  { text: 'sql01', space: { family: 4, first: 0x0a010914n, last: 0x0a010914n } },
  { text: 'fileserver', space: { name: 'fileserver' } },
);

/** Few endpoints: many rules share one slot of the coverage, past the rules per stored union. */
const crowdedEndpoint = fc.constantFrom<Endpoint>(
  { text: '10.1.2.0/24', space: { family: 4, first: 0x0a010200n, last: 0x0a0102ffn } },
  { text: '10.1.2.0/24', space: { family: 4, first: 0x0a010200n, last: 0x0a0102ffn } },
  { text: '10.1.2.0/24', space: { family: 4, first: 0x0a010200n, last: 0x0a0102ffn } },
  { text: '10.1.2.7', space: { family: 4, first: 0x0a010207n, last: 0x0a010207n } },
);

const endpoint = fc.oneof({ arbitrary: v4Prefix, weight: 6 }, { arbitrary: v4Range, weight: 2 }, { arbitrary: v6Prefix, weight: 2 }, { arbitrary: named, weight: 2 });

function covers(outer: Space, inner: Space): boolean {
  if (outer === 'any') return true;
  if (inner === 'any') return false;
  if ('name' in outer || 'name' in inner) return 'name' in outer && 'name' in inner && outer.name === inner.name;
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

/** Mostly one endpoint, sometimes two: a rule with two on each side is rarely decided entirely. */
function endpointsOf(one: fc.Arbitrary<Endpoint>): fc.Arbitrary<Endpoint[]> {
  return fc.oneof({ arbitrary: one.map((e) => [e]), weight: 3 }, { arbitrary: fc.uniqueArray(one, { minLength: 2, maxLength: 2, selector: (e) => e.text }), weight: 1 });
}

interface Rule {
  readonly action: 'allow' | 'block';
  readonly protocol: 'tcp' | 'udp' | 'any';
  readonly from: readonly Endpoint[];
  readonly to: readonly Endpoint[];
  readonly ports: readonly number[];
  readonly enabled: boolean;
}

/** Few ports: earlier rules often decide a later one. */
const FEW_PORTS = fc.uniqueArray(fc.integer({ min: 2001, max: 2004 }), { minLength: 1, maxLength: 3 });

function ruleOf(one: fc.Arbitrary<Endpoint>, ports: fc.Arbitrary<number[]>): fc.Arbitrary<Rule> {
  return fc.record({
    action: fc.constantFrom('allow' as const, 'allow' as const, 'block' as const),
    protocol: fc.constantFrom('tcp' as const, 'tcp' as const, 'udp' as const, 'any' as const),
    from: endpointsOf(one),
    to: endpointsOf(one),
    ports,
    enabled: fc.constantFrom(true, true, true, true, true, false),
  });
}

const protocols = (r: Rule) => (r.protocol === 'any' ? ['tcp', 'udp'] : [r.protocol]);
const signature = (r: Rule) => [r.action, r.protocol, r.from.map((e) => e.text).sort(), r.to.map((e) => e.text).sort(), [...r.ports].sort()].join('|');

/** For rule i: the earlier enabled rule it duplicates, whether earlier rules decide all of it, and the first that decides some of it. */
function oracle(rules: readonly Rule[]): { duplicates: Map<number, number>; shadowed: Map<number, number | undefined> } {
  const duplicates = new Map<number, number>();
  const shadowed = new Map<number, number | undefined>();
  rules.forEach((r, i) => {
    if (!r.enabled) return;
    const earlier = rules.slice(0, i).map((e, index) => ({ e, index })).filter(({ e }) => e.enabled);
    const same = earlier.find(({ e }) => signature(e) === signature(r));
    if (same) duplicates.set(i, same.index);
    const cells = protocols(r).flatMap((p) => r.from.flatMap((s) => r.to.map((d) => ({ p, s, d }))));
    const holds = (e: Rule, c: (typeof cells)[number]) => protocols(e).includes(c.p) && e.from.some((f) => covers(f.space, c.s.space)) && e.to.some((t) => covers(t.space, c.d.space));
    const decided = cells.every((c) => r.ports.every((port) => earlier.some(({ e }) => e.ports.includes(port) && holds(e, c))));
    if (decided && !same) shadowed.set(i, earlier.find(({ e }) => e.ports.some((p) => r.ports.includes(p)) && cells.some((c) => holds(e, c)))?.index);
  });
  return { duplicates, shadowed };
}

function ruleFile(rules: readonly Rule[]): string {
  const lines = rules.map((r, i) => {
    const list = (items: readonly Endpoint[]) => `[${items.map((e) => JSON.stringify(e.text)).join(', ')}]`;
    const enabled = r.enabled ? '' : ', enabled: false';
    return `  - { name: r${i}, action: ${r.action}, protocol: ${r.protocol}, from: ${list(r.from)}, to: ${list(r.to)}, ports: [${r.ports.join(', ')}]${enabled} }`;
  });
  return `version: 1\nevaluation: first-match\ndefaults: { inbound: block, outbound: allow }\nrules:\n${lines.join('\n')}\n`;
}

type Edit =
  | { kind: 'replace' | 'insert'; at: number; rule: Rule }
  | { kind: 'remove'; at: number }
  | { kind: 'ports'; at: number; ports: readonly number[] }
  | { kind: 'copy'; at: number; to: number };

function editOf(rule: fc.Arbitrary<Rule>, ports: fc.Arbitrary<number[]>): fc.Arbitrary<Edit> {
  return fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), rule }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), rule }),
    fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('copy' as const), at: fc.nat(), to: fc.nat() }),
    fc.record({ kind: fc.constant('ports' as const), at: fc.nat(), ports }),
  );
}

function applyEdit(rules: readonly Rule[], change: Edit): Rule[] {
  const next = [...rules];
  const at = change.at % (next.length + (change.kind === 'insert' ? 1 : 0) || 1);
  if (change.kind === 'insert') next.splice(at, 0, change.rule);
  else if (next.length === 0) return next;
  else if (change.kind === 'replace') next[at] = change.rule;
  else if (change.kind === 'remove') next.splice(at, 1);
  else if (change.kind === 'ports') next[at] = { ...next[at], ports: change.ports };
  else if (change.kind === 'copy') next.splice(change.to % (next.length + 1), 0, next[at]);
  return next;
}

/** What the engine reports: per rule index, BEX202's earlier rule, and BEX201's "shadowed by" rule (undefined when none is named). */
function found(diagnostics: readonly Diagnostic[]): { duplicates: Map<number, number>; shadowed: Map<number, number | undefined> } {
  const ruleIndex = (text: string) => Number(/r(\d+)/.exec(text)![1]);
  const duplicates = new Map<number, number>();
  const shadowed = new Map<number, number | undefined>();
  for (const d of diagnostics) {
    const [own, other] = [...String(d.message).matchAll(/Rule "r(\d+)"|rule "r(\d+)"|such as "r(\d+)"/g)].map((m) => ruleIndex(m[0]));
    if (d.code === 'BEX202') duplicates.set(own, other);
    if (d.code === 'BEX201') shadowed.set(own, d.relatedInformation?.length ? ruleIndex(d.relatedInformation[0].message) : undefined);
  }
  return { duplicates, shadowed };
}

interface Seen {
  shadowed: number;
  duplicates: number;
  ranges: number;
}

/** Checks random rule sets, then each edit of a series, with one service; counts what the oracle found. */
async function agreeOn(one: fc.Arbitrary<Endpoint>, ports: fc.Arbitrary<number[]>, rules: { min: number; max: number }, numRuns: number): Promise<Seen> {
  const seen: Seen = { shadowed: 0, duplicates: 0, ranges: 0 };
  const rule = ruleOf(one, ports);
  await fc.assert(
    fc.asyncProperty(fc.array(rule, { minLength: rules.min, maxLength: rules.max }), fc.array(editOf(rule, ports), { minLength: 1, maxLength: 4 }), async (initial, edits) => {
      const service = memoryService({ 'site.bexnet.yaml': MANIFEST });
      let current = initial;
      for (const step of [undefined, ...edits]) {
        if (step) current = applyEdit(current, step);
        const text = ruleFile(current);
        const report = await service.checkManifest({ uri: uriOf('site.bexnet.yaml'), text: MANIFEST }, { documents: (uri) => (uri === uriOf('core.fwrules.yaml') ? text : undefined) });
        const diagnostics = (report.diagnostics.get(uriOf('core.fwrules.yaml')) ?? []).filter((d) => d.code === 'BEX201' || d.code === 'BEX202');
        const expected = oracle(current);
        assert.deepStrictEqual(found(diagnostics), expected, text);
        seen.shadowed += expected.shadowed.size;
        seen.duplicates += expected.duplicates.size;
        seen.ranges += current.filter((r) => [...r.from, ...r.to].some((e) => e.text.includes('-'))).length;
      }
    }),
    { seed: SEED, numRuns },
  );
  return seen;
}

// Each property means something only if each case happens often enough: the counts are pinned from below.
describe('BEX201 and BEX202 agree with a brute-force oracle on random subnet rule sets', () => {
  it('fresh and after each of a series of edits, checked by the same service', async () => {
    const seen = await agreeOn(endpoint, FEW_PORTS, { min: 2, max: 16 }, 1000);
    assert.ok(seen.shadowed >= 300, `${seen.shadowed} shadowed rules in all`);
    assert.ok(seen.duplicates >= 300, `${seen.duplicates} duplicates in all`);
    assert.ok(seen.ranges >= 5000, `${seen.ranges} rules with address ranges in all`);
  });

  it('with many rules on the same few endpoints, past the rules per stored union', async () => {
    // Ports from a wider pool: what the rules before a rule decide grows rule by rule, and an edit changes it.
    const seen = await agreeOn(crowdedEndpoint, fc.uniqueArray(fc.integer({ min: 2001, max: 2012 }), { minLength: 1, maxLength: 3 }), { min: 36, max: 48 }, 200);
    assert.ok(seen.shadowed >= 5000, `${seen.shadowed} shadowed rules in all`);
  });
});
