import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { yamlContext } from '../../server/src/engine/language/yamlContext';

/** Text with "|" at the cursor → [path, mode, key, inList, word]. */
const CASES: [string, string, [string[], string, string?, boolean?, string?]][] = [
  ['a key in a rule', 'rules:\n  - name: a\n    pro|', [['rules', '*'], 'key', undefined, false, 'pro']],
  ['a value in a rule', 'rules:\n  - name: a\n    protocol: t|', [['rules', '*'], 'value', 'protocol', false, 't']],
  ['a flow list item', 'rules:\n  - name: a\n    ports: [10000, 5|', [['rules', '*'], 'value', 'ports', true, '5']],
  ['a list at the key\'s indentation', 'rules:\n- name: a\n  from: [|', [['rules', '*'], 'value', 'from', true, '']],
  ['a block list item', 'rules:\n  - name: a\n    ports:\n      - 1|', [['rules', '*', 'ports', '*'], 'key', 'ports', true, '1']],
  ['a value in a flow map', 'hosts:\n  - { name: be01, role: b|', [['hosts', '*'], 'value', 'role', false, 'b']],
  ['a list in a flow map', 'hosts:\n  - { name: be01, features: [d|', [['hosts', '*'], 'value', 'features', true, 'd']],
  ['a key in a flow map', 'hosts:\n  - { name: be01, fe|', [['hosts', '*'], 'key', undefined, false, 'fe']],
  ['a flow map under a key', 'defaults: { inbound: b|', [['defaults'], 'value', 'inbound', false, 'b']],
  ['a top-level key', 'ev|', [[], 'key', undefined, false, 'ev']],
  ['a nested key', 'settings:\n  dynamicPorts:\n    ag|', [['settings', 'dynamicPorts'], 'key', undefined, false, 'ag']],
  ['after sibling keys', 'settings:\n  dynamicPorts:\n    enabled: true\n    agent: |', [['settings', 'dynamicPorts'], 'value', 'agent', false, '']],
  ['past comments and blank lines', 'rules:\n  - name: a # c\n\n    # x\n    action: |', [['rules', '*'], 'value', 'action', false, '']],
  ['a map inside a flow list', 'hosts: [{name: a}, {na|', [['hosts', '*'], 'key', undefined, false, 'na']],
  ['a fresh list item', 'rules:\n  - |', [['rules', '*'], 'key', 'rules', true, '']],
  ['a list item at its key\'s indentation', 'rules:\n- |', [['rules', '*'], 'key', 'rules', true, '']],
  [
    'a nested list at its key\'s indentation',
    'hosts:\n  - name: sql01\n    features:\n    - o|',
    [['hosts', '*', 'features', '*'], 'key', 'features', true, 'o'],
  ],
  ['a flow list continued on the next line', 'rules:\n  - name: a\n    ports: [10000,  # control\n            5|', [['rules', '*'], 'value', 'ports', true, '5']],
  ['a key whose value is an anchor', 'settings: &s\n  nd|', [['settings'], 'key', undefined, false, 'nd']],
  ['an open quoted string is the word', 'rules:\n  - windowsRules:\n      - "Remote Serv|', [['rules', '*', 'windowsRules', '*'], 'key', 'windowsRules', true, '"Remote Serv']],
];

describe('YAML context at the cursor, from the lines alone', () => {
  for (const [name, marked, [path, mode, key, inList, word]] of CASES) {
    it(name, () => {
      const offset = marked.indexOf('|');
      const context = yamlContext(marked.replace('|', ''), offset);
      assert.deepEqual([context.path, context.mode, context.key, context.inList, context.word], [path, mode, key, inList, word]);
      assert.equal(context.wordStart, offset - (word ?? '').length);
    });
  }

  it('knows a comment, where nothing is completed', () => {
    assert.equal(yamlContext('rules: # the rules ', 19).inComment, true);
    assert.equal(yamlContext('  - { name: "a # b", ', 21).inComment, false);
    assert.equal(yamlContext('ports: [1, ', 11).inComment, false);
  });

  it('finds the enclosing list across 10,000 sibling rules', () => {
    const rule = (i: number) => `  - name: r${i}\n    action: allow\n    ports: [${i}]\n`;
    const text = `version: 1\nrules:\n${Array.from({ length: 10_000 }, (_, i) => rule(i)).join('')}    pro`;
    assert.deepEqual(yamlContext(text, text.length).path, ['rules', '*']);
  });
});
