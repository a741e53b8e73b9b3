import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RuleModel } from '../../server/src/engine/model/types';
import { parseAddressOrCidr, rangeContains, type AddressRange } from '../../server/src/engine/util/address';
import { PortSet } from '../../server/src/engine/util/portSet';
import { shapeById } from '../../tools/shapes';
import { checkFiles, uriOf } from '../support/engine';

/**
 * BEX201 and BEX202 on the bench's generated rule files of the shapes users
 * have (nested subnets, any, IPv6, address ranges), against a brute-force
 * oracle that compares every rule with every earlier one. The counts are
 * pinned: the shapes must keep shadowing real enough to measure.
 */

const RULES = 1500;

/** The addresses of the generated manifest's hosts, by name. */
function hostAddresses(manifest: string): Map<string, AddressRange> {
  const hosts = new Map<string, AddressRange>();
  for (const match of manifest.matchAll(/name: ([^,\s]+), role: [^,]+, address: "?([^,"\s}]+)/g)) {
    const range = parseAddressOrCidr(match[2]);
    if (range) hosts.set(match[1], range);
  }
  return hosts;
}

type Space = AddressRange | 'any' | string;

function covers(outer: Space, inner: Space): boolean {
  if (outer === 'any') return true;
  if (inner === 'any') return false;
  if (typeof outer === 'string' || typeof inner === 'string') return outer === inner;
  return rangeContains(outer, inner);
}

/** For each rule index: BEX202's earlier rule, or whether earlier rules decide all of it (BEX201). */
function oracle(rules: readonly RuleModel[], hosts: Map<string, AddressRange>): { duplicates: number[]; shadowed: number[] } {
  const spaces = new Map<string, Space>();
  const read = (text: string): Space => (text.toLowerCase() === 'any' ? 'any' : (hosts.get(text) ?? parseAddressOrCidr(text) ?? text));
  const space = (text: string): Space => {
    let found = spaces.get(text);
    if (found === undefined) spaces.set(text, (found = read(text.trim())));
    return found;
  };
  const protocols = (rule: RuleModel) => (rule.protocol === 'any' ? ['tcp', 'udp'] : [rule.protocol]);
  const active = rules.map((rule) => rule.enabled && rule.usable && !rule.ports.isEmpty);
  const duplicates: number[] = [];
  const shadowed: number[] = [];
  rules.forEach((rule, i) => {
    if (!active[i]) return;
    if (rules.slice(0, i).some((earlier, j) => active[j] && earlier.signature === rule.signature)) return duplicates.push(i);
    const decided = protocols(rule).every((protocol) =>
      rule.sources.every((from) =>
        rule.destinations.every((to) => {
          let decidedPorts = PortSet.EMPTY;
          for (let j = 0; j < i; j++) {
            const earlier = rules[j];
            if (!active[j] || !protocols(earlier).includes(protocol)) continue;
            if (earlier.sources.some((s) => covers(space(s), space(from))) && earlier.destinations.some((d) => covers(space(d), space(to)))) decidedPorts = decidedPorts.union(earlier.ports);
          }
          return decidedPorts.containsAll(rule.ports);
        }),
      ),
    );
    if (decided) shadowed.push(i);
  });
  return { duplicates, shadowed };
}

describe('BEX201 and BEX202 on the bench shapes, against a brute-force oracle', () => {
  // At least this many rules of the 1,500 are shadowed, and at most: real shadowing, not a file of dead rules.
  const expected = { subnets: [30, 120], any: [30, 120], ipv6: [30, 120], ranges: [30, 120] } as const;
  for (const [id, [fewest, most]] of Object.entries(expected)) {
    it(`${id}: every rule the oracle finds shadowed or repeated, and no other`, async () => {
      const site = shapeById(id).generate(RULES);
      const [manifest] = Object.keys(site.files);
      const { report } = await checkFiles({ ...site.files }, manifest);
      const ruleFile = report.ruleFiles.find((file) => file.uri === uriOf(site.edited))!;
      const ruleIndex = (line: number) => ruleFile.rules.findIndex((rule) => rule.syntax.name && ruleFile.text.slice(0, rule.base + rule.syntax.name.range[0]).split('\n').length - 1 === line);
      const found = (code: string) => (report.diagnostics.get(ruleFile.uri) ?? []).filter((d) => d.code === code).map((d) => ruleIndex(d.range.start.line));
      const truth = oracle(ruleFile.rules, hostAddresses(site.files[manifest]));
      assert.deepStrictEqual(found('BEX201'), truth.shadowed);
      assert.deepStrictEqual(found('BEX202'), truth.duplicates);
      assert.ok(truth.shadowed.length >= fewest && truth.shadowed.length <= most, `${truth.shadowed.length} shadowed rules of ${RULES}`);
    });
  }
});
