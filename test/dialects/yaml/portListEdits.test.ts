import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OffsetEdit } from '../../../server/src/engine/checks/types';
import { widenPortsEdits } from '../../../server/src/engine/dialects/yaml/portListEdits';
import { memoryService, uriOf } from '../../support/engine';

/**
 * The YAML port list widened in place (BEX101's fix), for the layouts the
 * site fixtures do not reach: the last item merged away with ports appended,
 * comments between flow items, Windows line ends, and lists not the rule's own.
 */

const HEAD = 'version: 1\nevaluation: first-match\ndefaults: { inbound: block, outbound: allow }\n';

function ruleFileOf(rules: string) {
  return memoryService({}).parseRuleFile({ uri: uriOf('dmz.fwrules.yaml'), text: `${HEAD}${rules}` });
}

function applied(text: string, edits: readonly OffsetEdit[]): string {
  return [...edits].sort((a, b) => b.range[0] - a.range[0]).reduce((t, e) => t.slice(0, e.range[0]) + e.newText + t.slice(e.range[1]), text);
}

/** The rule file's text once rule `index` holds `ports` too; undefined when no edit is offered. */
function widened(rules: string, ports: string[], index = 0): string | undefined {
  const file = ruleFileOf(rules);
  assert.deepEqual(file.problems, [], 'the fixture reads cleanly');
  const edits = widenPortsEdits(file, file.rules[index], ports);
  if (!edits) return undefined;
  assert.equal(edits.length, 1, 'one edit, so that no editor can apply its parts in another order');
  const after = applied(file.text, edits);
  const reread = ruleFileOf(after.slice(HEAD.length));
  assert.deepEqual(reread.problems, [], `the widened file reads cleanly:\n${after}`);
  return after.slice(HEAD.length);
}

const block = (items: string[]) => ['rules:', '  - name: BE data', '    action: allow', '    protocol: tcp', '    from: [be01]', '    to: [sql01]', '    ports:', ...items.map((i) => `      - ${i}`), ''].join('\n');

describe('YAML port list widened in place', () => {
  it('block list: the last item merged away and a port appended: the port follows the line left, the comment stays', () => {
    assert.equal(
      widened(block(['10000', '50100-50120', '50130-50149   # second batch']), ['50121-50129', '6101']),
      block(['10000', '50100-50149', '6101']).replace('      - 6101\n', '      # second batch\n      - 6101\n'),
    );
    assert.equal(widened(block(['10000', '50100-50120', '50130-50149']), ['50121-50129', '6101']), block(['10000', '50100-50149', '6101']));
  });

  it('block list with Windows line ends: a merged line goes with its CR LF', () => {
    const crlf = (text: string) => text.replace(/\n/g, '\r\n');
    assert.equal(widened(crlf(block(['50100-50120', '50130-50149', '10000'])), ['50121-50129']), crlf(block(['50100-50149', '10000'])));
  });

  it('flow list over several lines: a comment between two merged items stays, the comma before the merged item goes', () => {
    const rules = 'rules:\n  - name: BE data\n    action: allow\n    from: [be01]\n    to: [sql01]\n    ports: [50100-50120,   # first batch\n            50130-50149]  # second batch\n';
    assert.equal(widened(rules, ['50121-50129']), rules.replace('[50100-50120,   # first batch\n            50130-50149]', '[50100-50149   # first batch\n            ]'));
  });

  it('an item the new ports do not touch keeps its place after the merge', () => {
    const rules = 'rules:\n  - { name: BE data, action: allow, from: [be01], to: [sql01], ports: [50100-50120, 50130-50149, 161] }\n';
    assert.equal(widened(rules, ['50121-50129']), rules.replace('[50100-50120, 50130-50149, 161]', '[50100-50149, 161]'));
  });

  it('a list merged from an anchor is not the rule\'s to change: no edit', () => {
    const rules = 'x-ports: &ports { ports: [50100-50120] }\nrules:\n  - <<: *ports\n    name: BE data\n    action: allow\n    from: [be01]\n    to: [sql01]\n';
    assert.equal(widened(rules, ['50121-50149']), undefined);
  });

  it('ports already listed: nothing to write, no edit', () => {
    assert.equal(widened(block(['50100-50149']), ['50110-50120']), undefined);
  });
});
