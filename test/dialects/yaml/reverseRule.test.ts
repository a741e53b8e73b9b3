import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reverseRuleEdits } from '../../../server/src/engine/dialects/yaml/edits';
import { memoryService, uriOf } from '../../support/engine';

/** A YAML rule turned around in place (BEX103's fix), for layouts the site fixtures do not reach. */

const HEAD = 'version: 1\nevaluation: first-match\ndefaults: { inbound: block, outbound: allow }\n';

/** The rules text with rule 0's from and to changed places; undefined when no edit is offered. */
function reversed(rules: string): string | undefined {
  const file = memoryService({}).parseRuleFile({ uri: uriOf('dmz.fwrules.yaml'), text: `${HEAD}${rules}` });
  assert.deepEqual(file.problems, [], 'the fixture reads cleanly');
  const edits = reverseRuleEdits(file, file.rules[0]);
  if (!edits) return undefined;
  const after = [...edits].sort((a, b) => b.range[0] - a.range[0]).reduce((t, e) => t.slice(0, e.range[0]) + e.newText + t.slice(e.range[1]), file.text);
  const reread = memoryService({}).parseRuleFile({ uri: file.uri, text: after });
  assert.deepEqual([reread.problems, reread.rules[0].sources, reread.rules[0].destinations], [[], file.rules[0].destinations, file.rules[0].sources], after);
  return after.slice(HEAD.length);
}

describe('YAML rule turned around in place', () => {
  it('"to" written before "from", block lists on both sides, Windows line ends: each list moves with its items and comments', () => {
    const rules = 'rules:\r\n  - name: NDMP\r\n    action: allow\r\n    to:\r\n      - be01        # server\r\n    from:\r\n      - sql01       # agent\r\n      - sql02\r\n    ports: [10000]\r\n';
    assert.equal(reversed(rules), rules.replace('    to:\r\n      - be01        # server\r\n    from:\r\n      - sql01       # agent\r\n      - sql02\r\n', '    to:\r\n      - sql01       # agent\r\n      - sql02\r\n    from:\r\n      - be01        # server\r\n'));
  });

  it('an alias written in the rule moves as written: the anchor is not touched', () => {
    const rules = 'x-agents: &agents [sql01, sql02]\nrules:\n  - { name: NDMP, action: allow, from: *agents, to: [be01], ports: [10000] }\n';
    assert.equal(reversed(rules), rules.replace('from: *agents, to: [be01]', 'from: [be01], to: *agents'));
  });

  it('an end merged from an anchor, or missing: no edit', () => {
    assert.equal(reversed('x-from: &from { from: [sql01] }\nrules:\n  - <<: *from\n    name: NDMP\n    action: allow\n    to: [be01]\n    ports: [10000]\n'), undefined);
    const file = memoryService({}).parseRuleFile({ uri: uriOf('dmz.fwrules.yaml'), text: `${HEAD}rules:\n  - { name: NDMP, action: allow, from: [sql01], ports: [10000] }\n` });
    assert.equal(reverseRuleEdits(file, file.rules[0]), undefined);
  });

  it('a rule another merges whole (<<: *ndmp): no edit, which would turn that one around too', () => {
    const merged = 'rules:\n  - &ndmp { name: NDMP, action: allow, from: [sql01], to: [be01], ports: [10000] }\n  - <<: *ndmp\n    name: NDMP from sql02\n';
    assert.equal(reversed(merged), undefined);
    // An anchored end moves with its anchor: a rule that names it by alias keeps its meaning.
    const anchored = 'rules:\n  - { name: NDMP, action: allow, from: &agents [sql01], to: [be01], ports: [10000] }\n  - { name: Agents out, action: allow, from: *agents, to: any, ports: [443] }\n';
    assert.equal(reversed(anchored), anchored.replace('from: &agents [sql01], to: [be01]', 'from: [be01], to: &agents [sql01]'));
  });
});
