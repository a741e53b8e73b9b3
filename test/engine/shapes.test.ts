import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SHAPES } from '../../tools/shapes';
import { checkFiles } from '../support/engine';

/**
 * The bench's site shapes (tools/shapes.ts): the same seed gives the same
 * site, each has the rule count asked for, and the engine reads every rule
 * of it (no BEX001, BEX200 or BEX205, and no BEX018 but for LocalSubnet, which Windows resolves
 * at run time), so a bench measures the shape it names.
 */

const RULES = 300;
const LOCAL_SUBNET = /^LocalSubnet is resolved by Windows at run time/;
/** The Linux shapes' ipset and interface matches, which only the host can resolve. */
const HOST_ONLY = /(ipset|set @trusted|interface).*only on the host|only on the host.*(ipset|interface)/i;

describe('bench site shapes', () => {
  for (const shape of SHAPES) {
    it(`${shape.id}: deterministic, ${RULES} rules, every rule read`, async () => {
      const site = shape.generate(RULES);
      assert.deepEqual(shape.generate(RULES, 1), site, 'the default seed is 1, and the same seed gives the same site');
      // The first bench's shape is kept as it was: it draws nothing.
      if (shape.id !== 'single') assert.notDeepEqual(shape.generate(RULES, 2).files, site.files);

      const names = Object.keys(site.files);
      assert.match(names[0], /\.bexnet\.yaml$/, 'the manifest comes first');
      assert.ok(names.includes(site.edited));
      const { report } = await checkFiles({ ...site.files }, names[0]);
      assert.equal(new Set(report.ruleFiles.map((file) => file.uri)).size, report.ruleFiles.length);
      // Linux chains: every rule of every chain (jumps, returns and host-only matches are not in `rules`).
      const rulesOf = (file: (typeof report.ruleFiles)[number]) => (file.chains ? file.chains.reduce((sum, chain) => sum + chain.rules.length, 0) : file.rules.length);
      assert.equal(report.ruleFiles.reduce((sum, file) => sum + rulesOf(file), 0), RULES);

      const diagnostics = [...report.diagnostics.values()].flat();
      // Unread text, ports or addresses; the first bench's shape writes x.y.z.256 from its 256th rule on, and is kept as it was.
      const unread = ['BEX001', 'BEX200', ...(shape.id === 'single' ? [] : ['BEX205'])];
      assert.deepEqual(diagnostics.filter((d) => unread.includes(String(d.code))), []);
      assert.deepEqual(diagnostics.filter((d) => d.code === 'BEX018' && !LOCAL_SUBNET.test(String(d.message)) && !HOST_ONLY.test(String(d.message))), []);
      if (shape.id === 'subnets') assert.ok(diagnostics.some((d) => d.code === 'BEX201'), 'nested subnets with the same ports are shadowed');
    });
  }
});
