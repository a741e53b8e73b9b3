import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseNftables } from '../../../server/src/engine/dialects/nftables/parse';
import type { MatchStatement, Rule, Statement } from '../../../server/src/engine/dialects/nftables/tree';
import type { OffsetRange } from '../../../server/src/engine/model/types';

/**
 * `nft -a list ruleset` of an agent host, read into a tree: every range is asserted by the text
 * under it, so an off-by-one in the lexer or a lost offset after a multi-line set shows here.
 */

// Tests run from out/test/…; fixtures stay in the source tree beside this file.
const fixture = (name: string) => readFileSync(join(__dirname, '../../../../test/dialects/nftables', name), 'utf8');
const at = (text: string, range: OffsetRange | undefined) => (range ? text.slice(range[0], range[1]) : undefined);
const TEXT = fixture('ralus-host.nft');
const doc = parseNftables(TEXT);
const [filter, nat] = doc.tables;
const chain = (name: string) => filter.chains.find((c) => c.name.text === name)!;
const ruleWithHandle = (handle: number): Rule => filter.chains.flatMap((c) => c.rules).find((r) => r.handle === handle)!;
const kinds = (rule: Rule) => rule.statements.map((s) => s.kind);
const match = (s: Statement) => {
  assert.equal(s.kind, 'match');
  return s as MatchStatement;
};

describe('nftables listing: tables, sets and chains', () => {
  it('reads a clean listing without problems', () => {
    assert.deepEqual(doc.problems, []);
    assert.equal(doc.tables.length, 2);
  });

  it('keeps each table with family, name, handle and the whole block as its range', () => {
    assert.equal(at(TEXT, filter.family?.range), 'inet');
    assert.equal(at(TEXT, filter.name.range), 'filter');
    assert.equal(filter.handle, 5);
    assert.ok(at(TEXT, filter.range)!.startsWith('table inet filter {'));
    assert.ok(at(TEXT, filter.range)!.endsWith('}\n}'));
    assert.equal(at(TEXT, nat.family?.range), 'ip');
    assert.equal(nat.chains[0].hook?.priority.map((w) => w.text).join(' '), 'dstnat');
  });

  it('reads named sets: type, flags, elements across lines with prefixes and ranges', () => {
    const servers = filter.sets[0];
    assert.equal(at(TEXT, servers.name.range), 'backup_servers');
    assert.equal(servers.handle, 3);
    assert.equal(servers.valueKind, 'address');
    assert.deepEqual(servers.flags.map((w) => w.text), ['interval']);
    const values = servers.elements.map((e) => e.value);
    assert.deepEqual(values.map((v) => [v.kind, at(TEXT, v.range)]), [
      ['address', '10.0.1.10'],
      ['prefix', '10.0.2.0/24'],
      ['addressRange', '192.168.50.1-192.168.50.20'],
    ]);
    const range = values[2];
    assert.ok(range.kind === 'addressRange');
    assert.equal(at(TEXT, range.low.range), '192.168.50.1');
    assert.equal(at(TEXT, range.high.range), '192.168.50.20');
    const ports = filter.sets[1];
    assert.equal(ports.valueKind, 'port');
    assert.deepEqual(ports.elements.map((e) => e.value.kind === 'port' && e.value.port), [6101, 10000]);
  });

  it('reads a base chain header: type, hook, priority as written, policy', () => {
    const input = chain('input');
    assert.equal(input.handle, 1);
    assert.equal(at(TEXT, input.hook?.range), 'type filter hook input priority filter');
    assert.equal(at(TEXT, input.hook?.type.range), 'filter');
    assert.equal(at(TEXT, input.hook?.hook.range), 'input');
    assert.deepEqual(input.hook?.priority.map((w) => at(TEXT, w.range)), ['filter']);
    assert.equal(at(TEXT, input.policy?.range), 'drop');
    assert.deepEqual(chain('output').hook?.priority.map((w) => w.text), ['0']);
    assert.equal(chain('ssh_guard').hook, undefined, 'a regular chain has no hook');
  });

  it('keeps every rule with its nft -a handle and its exact line text (handle comment excluded)', () => {
    assert.deepEqual(chain('input').rules.map((r) => r.handle), [6, 7, 8, 9, 10, 11, 12, 13, 14]);
    assert.equal(at(TEXT, ruleWithHandle(7).range), 'ct state established,related counter packets 1482 bytes 342159 accept');
  });
});

describe('nftables listing: statements', () => {
  it('iif "lo": the string range is the name without quotes, the statement range has them', () => {
    const m = match(ruleWithHandle(6).statements[0]);
    assert.equal(at(TEXT, m.range), 'iif "lo"');
    assert.ok(m.value.kind === 'list');
    assert.deepEqual(m.value.items.map((i) => [i.kind, at(TEXT, i.range)]), [['string', 'lo']]);
  });

  it('ct state lists with commas, counters kept with their numbers', () => {
    const rule = ruleWithHandle(7);
    assert.deepEqual(kinds(rule), ['match', 'counter', 'verdict']);
    const m = match(rule.statements[0]);
    assert.deepEqual(m.selector.map((w) => at(TEXT, w.range)), ['ct', 'state']);
    assert.ok(m.value.kind === 'list');
    assert.deepEqual(m.value.items.map((i) => at(TEXT, i.range)), ['established', 'related']);
    const counter = rule.statements[1];
    assert.ok(counter.kind === 'counter');
    assert.deepEqual([counter.packets, counter.bytes], [1482, 342159]);
  });

  it('named set reference, service name kept as written, comment after the verdict', () => {
    const rule = ruleWithHandle(9);
    const [source, port, verdict, comment] = rule.statements;
    const m = match(source);
    assert.ok(m.value.kind === 'setReference');
    assert.equal(at(TEXT, m.value.range), '@backup_servers');
    assert.equal(at(TEXT, m.value.name.range), 'backup_servers');
    const p = match(port);
    assert.ok(p.value.kind === 'list');
    assert.deepEqual(p.value.items.map((i) => [i.kind, at(TEXT, i.range)]), [['serviceName', 'ndmp']]);
    assert.ok(verdict.kind === 'verdict' && verdict.verdict === 'accept');
    assert.ok(comment.kind === 'comment');
    assert.equal(at(TEXT, comment.text.range), 'Backup Exec NDMP');
    assert.equal(at(TEXT, comment.range), 'comment "Backup Exec NDMP"');
  });

  it('negation, an anonymous set with a port range, log (not terminal) then drop', () => {
    const rule = ruleWithHandle(10);
    assert.deepEqual(kinds(rule), ['match', 'match', 'log', 'verdict']);
    const source = match(rule.statements[0]);
    assert.equal(source.negated, true);
    assert.equal(at(TEXT, source.operator?.range), '!=');
    assert.ok(source.value.kind === 'list' && source.value.items[0].kind === 'prefix' && source.value.items[0].length === 8);
    const ports = match(rule.statements[1]);
    assert.ok(ports.value.kind === 'set');
    assert.equal(at(TEXT, ports.value.range), '{ 6101, 10000-10010 }');
    const range = ports.value.elements[1].value;
    assert.ok(range.kind === 'portRange');
    assert.deepEqual([range.low, range.high, at(TEXT, range.range)], [10000, 10010, '10000-10010']);
    const log = rule.statements[2];
    assert.ok(log.kind === 'log');
    assert.equal(at(TEXT, log.range), 'log prefix "ralus-outside "');
    assert.equal(at(TEXT, log.options[0].value[0].range), 'ralus-outside ');
  });

  it('IPv6 prefix, udp port, meta l4proto', () => {
    const v6 = match(ruleWithHandle(11).statements[0]);
    assert.ok(v6.value.kind === 'list' && v6.value.items[0].kind === 'prefix' && v6.value.items[0].version === 6);
    assert.equal(at(TEXT, v6.range), 'ip6 saddr fe80::/10');
    assert.equal(at(TEXT, match(ruleWithHandle(12).statements[0]).range), 'meta l4proto icmp');
  });

  it('jump NAME with its target, ct state in braces', () => {
    const rule = ruleWithHandle(13);
    const jump = rule.statements[2];
    assert.ok(jump.kind === 'verdict' && jump.verdict === 'jump');
    assert.equal(at(TEXT, jump.target?.range), 'ssh_guard');
    const state = match(rule.statements[1]);
    assert.ok(state.value.kind === 'set');
    assert.deepEqual(state.value.elements.map((e) => at(TEXT, e.value.range)), ['new', 'untracked']);
  });

  it('an unknown statement is kept with its range; reject with icmp type', () => {
    const rule = ruleWithHandle(14);
    assert.deepEqual(kinds(rule), ['unknown', 'counter', 'verdict']);
    assert.equal(at(TEXT, rule.statements[0].range), 'limit rate 10/second');
    const reject = rule.statements[2];
    assert.ok(reject.kind === 'verdict' && reject.verdict === 'reject');
    assert.deepEqual(reject.rejectWith?.map((w) => w.text), ['icmp', 'type', 'port-unreachable']);
    assert.equal(at(TEXT, reject.range), 'reject with icmp type port-unreachable');
    const dnat = nat.chains[0].rules[0].statements[1];
    assert.equal(dnat.kind, 'unknown');
    assert.equal(at(TEXT, dnat.range), 'dnat to 10.0.1.20:10000');
  });

  it('return is a verdict of its own', () => {
    const ret = ruleWithHandle(17).statements[0];
    assert.ok(ret.kind === 'verdict' && ret.verdict === 'return');
  });
});
