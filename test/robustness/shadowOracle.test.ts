import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { checkFiles, diagnosticsOf } from '../support/engine';

/**
 * BEX201 against a brute-force oracle: on random small first-match rule sets
 * over endpoints of every kind (any, hosts, addresses, subnets on either or
 * both sides, IPv4 and IPv6), a rule is reported exactly when, for each of
 * its protocols, sources, destinations and ports, an earlier active rule
 * covers that one combination. The check files earlier rules in indexes by
 * endpoint and address block; the oracle compares every pair.
 */

const MANIFEST = `version: 1
hosts:
  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }
  - { name: sql01, role: remote-computer, address: 10.0.2.20 }
  - { name: v6, role: remote-computer, address: "fd00::20" }
firewalls:
  - { name: dmz, rules: dmz.fwrules.yaml, protects: [sql01] }
`;

/** Endpoints and what each covers, by the addresses it stands for (any: everything). */
const ENDPOINTS: Record<string, readonly [bigint, bigint, 4 | 6] | 'any'> = {
  any: 'any',
  be01: [0x0a00010an, 0x0a00010an, 4],
  sql01: [0x0a000214n, 0x0a000214n, 4],
  v6: [0xfd000000000000000000000000000020n, 0xfd000000000000000000000000000020n, 6],
  '10.0.1.10': [0x0a00010an, 0x0a00010an, 4],
  '10.0.2.20': [0x0a000214n, 0x0a000214n, 4],
  '10.0.1.0/24': [0x0a000100n, 0x0a0001ffn, 4],
  '10.0.2.0/28': [0x0a000200n, 0x0a00020fn, 4],
  '10.0.2.16/28': [0x0a000210n, 0x0a00021fn, 4],
  '10.0.0.0/16': [0x0a000000n, 0x0a00ffffn, 4],
  '10.0.0.0/8': [0x0a000000n, 0x0affffffn, 4],
  'fd00::/64': [0xfd000000000000000000000000000000n, 0xfd00000000000000ffffffffffffffffn, 6],
};

function covers(outer: string, inner: string): boolean {
  const a = ENDPOINTS[outer];
  const b = ENDPOINTS[inner];
  if (a === 'any') return true;
  if (b === 'any') return false;
  return a[2] === b[2] && a[0] <= b[0] && b[1] <= a[1];
}

interface Rule {
  readonly protocol: 'tcp' | 'udp' | 'any';
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly ports: readonly number[];
}

const endpoint = fc.constantFrom(...Object.keys(ENDPOINTS));
const rule: fc.Arbitrary<Rule> = fc.record({
  protocol: fc.constantFrom('tcp' as const, 'udp' as const, 'any' as const),
  from: fc.uniqueArray(endpoint, { minLength: 1, maxLength: 2 }),
  to: fc.uniqueArray(endpoint, { minLength: 1, maxLength: 2 }),
  ports: fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
});

const protocols = (r: Rule) => (r.protocol === 'any' ? ['tcp', 'udp'] : [r.protocol]);
const signature = (r: Rule) => [r.protocol, [...r.from].sort(), [...r.to].sort(), [...r.ports].sort()].join('|');

/** The indexes of the rules the oracle finds shadowed: every combination decided earlier, and not a duplicate (BEX202 says so instead). */
function shadowedByOracle(rules: readonly Rule[]): number[] {
  return rules.flatMap((r, i) => {
    const earlier = rules.slice(0, i);
    if (earlier.some((e) => signature(e) === signature(r))) return [];
    const decided = protocols(r).every((p) =>
      r.from.every((s) => r.to.every((d) => r.ports.every((port) => earlier.some((e) => protocols(e).includes(p) && e.ports.includes(port) && e.from.some((f) => covers(f, s)) && e.to.some((t) => covers(t, d)))))),
    );
    return decided ? [i] : [];
  });
}

function ruleFile(rules: readonly Rule[]): string {
  const lines = rules.map((r, i) => `  - { name: r${i}, action: allow, protocol: ${r.protocol}, from: [${r.from.map((e) => JSON.stringify(e)).join(', ')}], to: [${r.to.map((e) => JSON.stringify(e)).join(', ')}], ports: [${r.ports.join(', ')}] }`);
  return `version: 1\nevaluation: first-match\ndefaults: { inbound: block, outbound: allow }\nrules:\n${lines.join('\n')}\n`;
}

describe('BEX201 agrees with a brute-force oracle', () => {
  it('on 1,500 random rule sets of 2 to 7 rules', async () => {
    let shadowed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(rule, { minLength: 2, maxLength: 7 }), async (rules) => {
        const files = { 'site.bexnet.yaml': MANIFEST, 'dmz.fwrules.yaml': ruleFile(rules) };
        const { report } = await checkFiles(files, 'site.bexnet.yaml');
        const found = diagnosticsOf(report, 'dmz.fwrules.yaml')
          .filter((d) => d.code === 'BEX201')
          .map((d) => Number(/Rule "r(\d+)"/.exec(String(d.message))![1]));
        const expected = shadowedByOracle(rules);
        assert.deepStrictEqual(found, expected);
        shadowed += expected.length;
      }),
      { seed: 42, numRuns: 1500 },
    );
    // The property means something only if shadowing happens often enough.
    assert.ok(shadowed >= 150, `${shadowed} shadowed rules in all`);
  });
});
