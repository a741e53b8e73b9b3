import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import type { RuleFileModel } from '../../server/src/engine';
import { RuleSyntaxCache, parseRuleFile } from '../../server/src/engine/dialects/yaml/parse';
import { resplitRuleChunks, splitRuleChunks, type KeptSplit } from '../../server/src/engine/dialects/yaml/ruleChunks';
import { shapeById } from '../../tools/shapes';

/** The rule file of the bench's `single` shape. */
const singleRuleFile = (ruleCount: number) => shapeById('single').generate(ruleCount).files['core.fwrules.yaml'];
const ruleFile = singleRuleFile(2000);

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

  it('edits spread over the file (queued keystrokes) re-split most of it, but re-parse only the edited rules', () => {
    const cache = new RuleSyntaxCache();
    const before = parseRuleFile({ uri: 'file:///x.fwrules.yaml', text: ruleFile }, cache);
    const edited = ruleFile.replace('  - name: app-10\n', '  - name: app-10x\n').replace('  - name: app-1900\n', '  - name: app-1900x\n');
    const after = parseRuleFile({ uri: 'file:///x.fwrules.yaml', text: edited }, cache);
    const changed = after.rules.filter((rule, i) => rule.syntax !== before.rules[i].syntax).map((r) => r.name);
    assert.deepEqual(changed, ['app-10x', 'app-1900x']);
  });

  it('an edit inside the rules re-splits only its region: the split equals a fresh one, the rest is moved', () => {
    const kept = keep(splitRuleChunks(ruleFile)!);
    const edited = ruleFile.replace('  - name: app-500\n', '  - name: app-500\n    enabled: false\n  - name: app-500b\n');
    const resplit = resplitRuleChunks(kept, ruleFile, edited);
    assert.ok(resplit, 'an edit inside one rule is re-split, not split afresh');
    const fresh = splitRuleChunks(edited)!;
    assert.deepEqual(resplit.starts, fresh.items.map((item) => item.base));
    assert.deepEqual([resplit.first, resplit.removed, resplit.added.length], [fresh.items.findIndex((item) => item.text.startsWith('  - name: app-500\n')), 1, 2]);
    assert.deepEqual([resplit.rulesEnd, resplit.sectionEnd], [fresh.rulesEnd, fresh.sectionEnd]);
  });

  it('an edit outside the rules list, or one that ends it, is split afresh', () => {
    const kept = keep(splitRuleChunks(ruleFile)!);
    assert.equal(resplitRuleChunks(kept, ruleFile, ruleFile.replace('evaluation: first-match', 'evaluation: block-wins')), undefined);
    assert.equal(resplitRuleChunks(kept, ruleFile, ruleFile.replace('  - name: app-500\n', 'other: 1\n  - name: app-500\n')), undefined);
    assert.equal(resplitRuleChunks(kept, ruleFile, ruleFile.replace('  - name: app-500\n', '  - name: &x app-500\n')), undefined);
  });

  it('after any sequence of edits, the incremental parse equals a fresh parse of the same text', () => {
    const small = singleRuleFile(12).replace('  - name: app-3\n', '  # note\n  - name: app-3\n') + 'other: 1\n';
    // Pieces an editor types: whole rules, lines that end or continue the list, comments, list items, a rules key.
    const pieces = ['  - name: n\n    action: allow\n    from: [any]\n    to: [be01]\n    ports: [1]\n', '\n', '  # c\n', 'x: 1\n', '    - 2\n', '  - ', 'rules:\n', '&a ', '\t', ' ', 'e', '\r\n'];
    const edit = fc.record({ at: fc.nat(), length: fc.nat({ max: 120 }), text: fc.constantFrom(...pieces) });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
        const cache = new RuleSyntaxCache();
        let text = small;
        parseRuleFile({ uri: 'file:///p.fwrules.yaml', text }, cache);
        for (const { at, length, text: inserted } of edits) {
          const start = at % (text.length + 1);
          text = text.slice(0, start) + inserted + text.slice(Math.min(text.length, start + length));
          assert.deepEqual(summary(parseRuleFile({ uri: 'file:///p.fwrules.yaml', text }, cache)), summary(parseRuleFile({ uri: 'file:///p.fwrules.yaml', text })));
        }
      }),
      { seed: 42, numRuns: 300 },
    );
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

/** Everything a parse produces that checks, fixes and language features read. */
function summary(model: RuleFileModel) {
  return {
    problems: model.problems,
    layout: model.layout,
    evaluation: model.evaluation,
    defaults: model.defaults,
    rules: model.rules.map((rule) => ({ range: rule.range, name: rule.name, base: rule.base, text: rule.syntax.text, from: rule.from, to: rule.to, ports: rule.portItems, usable: rule.usable })),
  };
}

function keep(chunks: NonNullable<ReturnType<typeof splitRuleChunks>>): KeptSplit {
  const { header, rulesKeyStart, rulesEnd, sectionEnd, itemIndent } = chunks;
  return { header, starts: chunks.items.map((item) => item.base), rulesKeyStart, rulesEnd, sectionEnd, itemIndent };
}
