import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RuleSyntaxCache, parseRuleFile } from '../../server/src/engine/parse/ruleFileParser';
import { generateSite } from '../../tools/generateSite';

const { ruleFile } = generateSite(2000);

describe('incremental rule-file parsing', () => {
  it('re-parses only the edited rule and gives the same model as a fresh parse', () => {
    const cache = new RuleSyntaxCache();
    const before = parseRuleFile({ uri: 'file:///x.fwrules.yaml', text: ruleFile }, cache);
    const edited = ruleFile.replace('  - name: app-500\n', '# a comment above\n  - name: app-500-renamed\n');
    const after = parseRuleFile({ uri: 'file:///x.fwrules.yaml', text: edited }, cache);
    const fresh = parseRuleFile({ uri: 'file:///x.fwrules.yaml', text: edited });
    assert.equal(after.rules.length, 2000);
    const changed = after.rules.filter((rule, i) => rule.syntax !== before.rules[i].syntax).map((r) => r.name);
    // The comment lands in the chunk of the rule above, so that one is re-parsed too.
    assert.deepEqual(changed, ['app-499', 'app-500-renamed']);
    for (let i = 0; i < after.rules.length; i++) {
      assert.deepEqual(after.rules[i].range, fresh.rules[i].range);
      assert.deepEqual(after.rules[i].from, fresh.rules[i].from);
      assert.equal(after.rules[i].ports.toString(), fresh.rules[i].ports.toString());
    }
    assert.deepEqual(after.problems, fresh.problems);
  });

  it('a file with anchors and aliases is parsed whole, with the same meaning', () => {
    const text = 'version: 1\nrules:\n  - name: a\n    action: allow\n    from: &be [be01]\n    to: [sql01]\n    ports: [10000]\n  - name: b\n    action: allow\n    from: *be\n    to: [sql02]\n    ports: [6101]\n';
    const model = parseRuleFile({ uri: 'file:///y.fwrules.yaml', text });
    assert.deepEqual(model.problems, []);
    assert.deepEqual(model.rules.map((r) => [r.name, r.sources, r.destinations, r.ports.toString()]), [
      ['a', ['be01'], ['sql01'], '10000'],
      ['b', ['be01'], ['sql02'], '6101'],
    ]);
  });
});
