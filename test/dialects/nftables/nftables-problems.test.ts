import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseNftables } from '../../../server/src/engine/dialects/nftables/parse';
import type { OffsetRange } from '../../../server/src/engine/model/types';

/**
 * What cannot be read is a problem with the exact text under it, and reading goes on: cut output,
 * a chain outside a table, verdicts nft does not have, malformed ranges. Also the nft -f script
 * forms a saved ruleset may be (include, define, line continuation) and CRLF line ends.
 */

const fixture = (name: string) => readFileSync(join(__dirname, '../../../../test/dialects/nftables', name), 'utf8');
const at = (text: string, range: OffsetRange | undefined) => (range ? text.slice(range[0], range[1]) : undefined);
const problemsOf = (text: string) => parseNftables(text).problems.map((p) => [at(text, p.range), p.message]);
const inChain = (...rules: string[]) => `table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n${rules.map((r) => `\t\t${r}\n`).join('')}\t}\n}\n`;

describe('nftables problems', () => {
  it('truncated output: the open set, chain and table are each named at their head; rules read so far are kept', () => {
    const text = fixture('truncated.nft');
    const doc = parseNftables(text);
    assert.deepEqual(doc.problems.map((p) => at(text, p.range)), ['table inet filter', 'chain input', '{']);
    assert.match(doc.problems[0].message, /no closing `}`.*cut short/);
    const input = doc.tables[0].chains[0];
    assert.equal(input.closed, false);
    assert.equal(doc.tables[0].closed, false);
    assert.equal(input.rules.length, 2);
    assert.equal(at(text, input.rules[1].range), 'tcp dport { 6101, 10000');
  });

  it('a stray closing brace is a problem at the brace', () => {
    const text = 'table ip t {\n}\n}\n';
    assert.deepEqual(problemsOf(text).map(([t]) => t), ['}']);
  });

  it('a new table before the last one closed: the unclosed one is reported, the next one still read', () => {
    const text = 'table ip a {\n\tchain c {\n\t\taccept\ntable ip b {\n}\n';
    const doc = parseNftables(text);
    assert.deepEqual(doc.problems.map((p) => at(text, p.range)), ['table ip a', 'chain c']);
    assert.deepEqual(doc.tables.map((t) => [t.name.text, t.closed]), [['a', false], ['b', true]]);
  });

  it('unknown verdicts and a jump without a target', () => {
    const text = inChain('tcp dport 22 ACCEPT', 'ip saddr 10.0.0.1 deny', 'jump');
    assert.deepEqual(problemsOf(text).map(([t]) => t), ['ACCEPT', 'deny', 'jump']);
  });

  it('malformed port ranges, out-of-range ports, bad prefixes and addresses', () => {
    const text = inChain('tcp dport 10010-10000 accept', 'tcp dport { 80-, 70000 } accept', 'udp dport 1-99999 drop', 'ip saddr 10.0.0.0/33 drop', 'ip daddr 10.0.0.256 drop', 'ip saddr 10.0.0.9-fe80::1 drop');
    assert.deepEqual(problemsOf(text).map(([t]) => t), ['10010-10000', '80-', '70000', '1-99999', '10.0.0.0/33', '10.0.0.256', '10.0.0.9-fe80::1']);
    const doc = parseNftables(text);
    const first = doc.tables[0].chains[0].rules[0].statements[0];
    assert.ok(first.kind === 'match' && first.value.kind === 'list' && first.value.items[0].kind === 'malformed', 'a malformed value never counts as a port');
  });

  it('service names with a dash or leading digit are names, not malformed ranges', () => {
    const text = inChain('tcp dport { netbios-ns, 3com-tsmux, ndmp, grfs } accept');
    const doc = parseNftables(text);
    assert.deepEqual(doc.problems, []);
    const m = doc.tables[0].chains[0].rules[0].statements[0];
    assert.ok(m.kind === 'match' && m.value.kind === 'set');
    assert.deepEqual(m.value.elements.map((e) => e.value.kind), ['serviceName', 'serviceName', 'serviceName', 'serviceName']);
  });

  it('an unterminated string is a problem on its line, the next rule is still read', () => {
    const text = inChain('tcp dport 22 accept comment "no end', 'tcp dport 23 drop');
    const doc = parseNftables(text);
    assert.deepEqual(doc.problems.map((p) => at(text, p.range)), ['"no end']);
    assert.equal(doc.tables[0].chains[0].rules.length, 2);
  });

  it('an unknown policy and an unknown family', () => {
    const text = 'table inet6 t {\n\tchain c {\n\t\ttype filter hook input priority 0; policy reject;\n\t}\n}\n';
    assert.deepEqual(problemsOf(text).map(([t]) => t), ['inet6', 'reject']);
  });
});

describe('nftables scripts (nft -f) with CRLF', () => {
  const text = fixture('script-crlf.nft');
  const doc = parseNftables(text);

  it('the fixture really is CRLF', () => assert.ok(text.includes('\r\n') && !/[^\r]\n/.test(text)));

  it('include, define, flush ruleset are kept with their ranges', () => {
    assert.deepEqual(doc.includes.map((i) => at(text, i.path.range)), ['/etc/nftables.d/*.nft']);
    assert.deepEqual(doc.defines.map((d) => [at(text, d.name.range), d.value.map((w) => at(text, w.range))]), [['BACKUP_SERVER', ['10.0.1.10']]]);
    assert.deepEqual(doc.commands.map((c) => at(text, c.range)), ['flush ruleset']);
  });

  it('a line continuation joins one rule over two lines; $variables are kept', () => {
    const rule = doc.tables[0].chains[0].rules[1];
    assert.equal(at(text, rule.range), 'ip saddr $BACKUP_SERVER \\\r\n\t\t\ttcp dport 10000 accept');
    assert.deepEqual(rule.statements.map((s) => s.kind), ['match', 'match', 'verdict']);
    const source = rule.statements[0];
    assert.ok(source.kind === 'match' && source.value.kind === 'list' && source.value.items[0].kind === 'variable');
  });

  it('verdict maps are kept whole as unknown statements', () => {
    const rule = doc.tables[0].chains[0].rules[3];
    assert.deepEqual(rule.statements.map((s) => [s.kind, at(text, s.range)]), [['unknown', 'tcp dport vmap { 22 : accept, 23 : drop }']]);
  });

  it('problems: the reversed range, ACCEPT, the stray chain and its goto without a target, in text order', () => {
    assert.deepEqual(doc.problems.map((p) => at(text, p.range)), ['65000-1000', 'ACCEPT', 'chain stray', 'goto']);
    assert.match(doc.problems[2].message, /outside any table/);
    assert.equal(doc.strayChains[0].name.text, 'stray');
  });
});

describe('nftables: the remaining verdicts and forms', () => {
  it('continue, goto NAME, reject with tcp reset, oifname, th dport, a bare handle', () => {
    const text = inChain('oifname "eth0" continue', 'th dport 10000 goto backup', 'tcp dport 113 reject with tcp reset', 'udp dport 53 accept handle 42');
    const doc = parseNftables(text);
    assert.deepEqual(doc.problems, []);
    const rules = doc.tables[0].chains[0].rules;
    const verdicts = rules.map((r) => r.statements.find((s) => s.kind === 'verdict'));
    assert.deepEqual(verdicts.map((v) => v && at(text, v.range)), ['continue', 'goto backup', 'reject with tcp reset', 'accept']);
    assert.equal(at(text, rules[0].statements[0].range), 'oifname "eth0"');
    assert.equal(at(text, rules[1].statements[0].range), 'th dport 10000');
    assert.equal(rules[3].handle, 42);
    assert.equal(at(text, rules[3].range), 'udp dport 53 accept');
  });
});
