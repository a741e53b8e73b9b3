import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryService, uriOf } from '../support/engine';

/** The rule-file header: defaults when not written (README: inbound block, outbound allow), and one value per key. */
const RULE = '  - { name: BE control to sql01, action: allow, protocol: tcp, from: [be01], to: [sql01], ports: [10000] }\n';
const parse = (text: string) => memoryService({}).parseRuleFile({ uri: uriOf('dmz.fwrules.yaml'), text });

describe('rule-file header guards', () => {
  for (const [written, defaults] of [
    ['', { inbound: 'block', outbound: 'allow' }],
    ['defaults: { inbound: allow }\n', { inbound: 'allow', outbound: 'allow' }],
    ['defaults: { outbound: block }\n', { inbound: 'block', outbound: 'block' }],
  ] as const) {
    it(`${written.trim() || 'no defaults'}: inbound ${defaults.inbound}, outbound ${defaults.outbound}`, () => {
      const model = parse(`version: 1\n${written}rules:\n${RULE}`);
      assert.deepStrictEqual(model.problems, []);
      assert.deepStrictEqual(model.defaults, defaults);
    });
  }

  it('"evaluation" written above and below the rules is a duplicate key, reported at the second', () => {
    const text = `version: 1\nevaluation: first-match\nrules:\n${RULE}evaluation: block-wins\n`;
    const model = parse(text);
    const second = text.lastIndexOf('evaluation');
    assert.deepStrictEqual(model.problems, [{ message: 'YAML: "evaluation" is written a second time in this mapping; befw reads the first one and ignores this one: keep one', range: [second, second + 'evaluation'.length] }]);
    assert.equal(model.evaluation, 'first-match');
  });
});
