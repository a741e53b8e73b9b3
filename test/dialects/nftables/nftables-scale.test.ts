import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nftablesDialect } from '../../../server/src/engine/dialects/nftables';

/** A 50,000-rule listing (issue 16: "50,000-rule files"): read whole into chains and rules, nothing dropped. */

describe('nftables: a 50,000-rule ruleset', () => {
  it('every rule becomes a chain rule, the accepts and drops also file rules, with their values', () => {
    const rules: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      const source = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      rules.push(i % 10 === 9 ? `\t\tjump per_host` : `\t\tip saddr ${source} tcp dport { ${1025 + (i % 60_000)}, 10000 } counter packets ${i} bytes ${i * 60} ${i % 2 ? 'drop' : 'accept'} comment "host ${i}"`);
    }
    const text = `table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n${rules.join('\n')}\n\t}\n\n\tchain per_host {\n\t\treturn\n\t}\n}\n`;
    const model = nftablesDialect.parse({ uri: 'file:///x/big.nft', text }, nftablesDialect.createCache());
    assert.deepEqual([model.problems, model.unresolved], [[], []]);
    const input = model.chains![0];
    assert.equal(input.rules.length, 50_000);
    assert.equal(model.rules.length, 45_000);
    const last = input.rules[49_998];
    assert.deepEqual([last.rule.name, last.verdict, last.rule.sources, last.rule.ports.toString()], ['host 49998', { kind: 'accept' }, ['10.0.195.78'], '10000, 51023']);
    assert.deepEqual(input.rules[49_999].verdict, { kind: 'jump', chain: 'inet filter/per_host' });
  });
});
