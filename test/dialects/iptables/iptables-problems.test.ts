import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseIptablesSave } from '../../../server/src/engine/dialects/iptables/parse';
import type { MatchOption, PlainOption } from '../../../server/src/engine/dialects/iptables/tree';
import { sourceFolder } from '../../support/engine';

/**
 * What cannot be read: each problem has its message and sits exactly on the text it is about
 * (asserted as that text), and the lines around are still read.
 */

const FIXTURES = sourceFolder(__dirname);
const problemsOf = (text: string) => parseIptablesSave(text).problems.map((p) => [p.message, text.slice(p.range[0], p.range[1])]);
/** A filter table with INPUT declared around `lines`. */
const filter = (...lines: string[]) => ['*filter', ':INPUT DROP [0:0]', ...lines, 'COMMIT', ''].join('\n');

describe('iptables-save problems', () => {
  it('a rule outside a table', () => {
    assert.deepEqual(problemsOf('-A INPUT -j ACCEPT\n'), [['rule outside a table (no *table line above it): iptables-restore refuses it', '-A INPUT -j ACCEPT']]);
  });

  it('a table without COMMIT (a truncated save), on the table name; its rules are still read', () => {
    const text = readFileSync(join(FIXTURES, 'truncated.iptables-save.rules'), 'utf8');
    const parsed = parseIptablesSave(text);
    assert.deepEqual(problemsOf(text), [['table filter has no COMMIT: the save is cut short, and iptables-restore loads no table without it', 'filter']]);
    assert.equal(parsed.tables[0].commit, undefined);
    assert.equal(parsed.tables[0].rules.length, 2);
    assert.ok(text.slice(...parsed.tables[0].range).endsWith('-j ACC'));
  });

  it('a second table before COMMIT closes the first one as cut short', () => {
    const text = '*filter\n:INPUT DROP [0:0]\n*nat\nCOMMIT\n';
    assert.deepEqual(problemsOf(text), [['table filter has no COMMIT: the save is cut short, and iptables-restore loads no table without it', 'filter']]);
    assert.deepEqual(parseIptablesSave(text).tables.map((t) => t.name.text), ['filter', 'nat']);
  });

  it('a rule in an undeclared chain, on the chain name; built-in chains need no declaration', () => {
    const text = '*filter\n-A INPUT -j BE\n-A BE -j ACCEPT\n-A INPUT -g ELSEWHERE\nCOMMIT\n*raw\n-A INPUT -j ACCEPT\nCOMMIT\n';
    assert.deepEqual(problemsOf(text), [
      ['chain BE is not declared in table filter (no ":BE - [0:0]" line above)', 'BE'],
      ['-g goes to chain ELSEWHERE, which is not declared in table filter', 'ELSEWHERE'],
      // The raw table has no INPUT chain (iptables-legacy-restore, NOTES.md).
      ['chain INPUT is not declared in table raw (no ":INPUT - [0:0]" line above)', 'INPUT'],
    ]);
  });

  it('a port out of range, on the port item', () => {
    assert.deepEqual(problemsOf(filter('-A INPUT -p tcp --dport 65536 -j ACCEPT', '-A INPUT -p tcp -m multiport --dports 80,99999:100000 -j ACCEPT')), [
      ['port 65536 is out of range (0-65535)', '65536'],
      ['port 99999 is out of range (0-65535)', '99999:100000'],
    ]);
  });

  it('port 0, open ends and service names are ports; a backwards range and multiport open ends are not', () => {
    const text = filter('-A INPUT -p tcp --dport 0 -j ACCEPT', '-A INPUT -p tcp --dport :80 -j ACCEPT', '-A INPUT -p udp --sport 90: -j ACCEPT', '-A INPUT -p tcp --dport ndmp -j ACCEPT', '-A INPUT -p tcp --dport 90:80 -j ACCEPT', '-A INPUT -p tcp -m multiport --sports :80 -j ACCEPT', '-A INPUT -p tcp --dport 22,80 -j ACCEPT');
    const ports = parseIptablesSave(text).tables[0].rules.map((r) => ((r.options[1] as MatchOption).options[0] as PlainOption).ports?.[0]);
    assert.deepEqual(ports.slice(0, 4).map((p) => [p?.first, p?.last, p?.service]), [[0, 0, undefined], [0, 80, undefined], [90, 65535, undefined], [undefined, undefined, 'ndmp']]);
    assert.deepEqual(problemsOf(text), [
      ['port range 90:80 runs backwards (iptables refuses min > max)', '90:80'],
      ['":80": multiport takes no open-ended range; write both ends', ':80'],
      ['"22,80" is not a port number or a service name', '22,80'],
    ]);
  });

  it('more than 15 multiport ports, a range counting two, on the whole list', () => {
    const fifteen = '1,2,3,4,5,6,7,8,9,10,11,12,13,14:15';
    const sixteen = '1,2,3,4,5,6,7,8,9,10,11,12,13,14,15:16';
    assert.deepEqual(problemsOf(filter(`-A INPUT -p tcp -m multiport --dports ${fifteen} -j ACCEPT`)), []);
    assert.deepEqual(problemsOf(filter(`-A INPUT -p tcp -m multiport --dports ${sixteen} -j ACCEPT`)), [['multiport takes at most 15 ports (a range counts as two); this list counts 16', sixteen]]);
  });

  it('a missing value, on the option; the next option is still read', () => {
    const text = filter('-A INPUT -p tcp --dport -j ACCEPT', '-A INPUT -s', '-A INPUT -m', '-A INPUT -p tcp -j');
    assert.deepEqual(problemsOf(text), [['--dport needs a value', '--dport'], ['-s needs a value', '-s'], ['-m needs a module name', '-m'], ['-j needs a target', '-j']]);
    assert.equal(parseIptablesSave(text).tables[0].rules[0].target?.target?.text, 'ACCEPT');
  });

  it('shell quoting that does not close, from the quote to the line\'s end; the next line is read', () => {
    const text = filter('-A INPUT -m comment --comment "Backup Exec -j ACCEPT', '-A INPUT -j DROP');
    assert.deepEqual(problemsOf(text), [['this quote does not close: the rest of the line is read as one value', '"Backup Exec -j ACCEPT']]);
    const [open, next] = parseIptablesSave(text).tables[0].rules;
    assert.deepEqual([(open.options[0] as MatchOption).options[0].values[0].text, open.target, next.target?.target?.text], ['Backup Exec -j ACCEPT', undefined, 'DROP']);
  });

  it('old-style negation after the option, and "!" in the wrong place', () => {
    const text = filter('-A INPUT -s ! 10.0.0.0/8 -p tcp --dport ! 22 -j ACCEPT', '-A INPUT ! -j ACCEPT', '-A INPUT -p tcp !');
    const [old] = parseIptablesSave(text).tables[0].rules;
    assert.deepEqual([old.options[0] as PlainOption, (old.options[2] as MatchOption).options[0]].map((o) => text.slice(...o.range)), ['-s ! 10.0.0.0/8', '--dport ! 22']);
    assert.deepEqual(problemsOf(text), [['"!" cannot negate -j', '!'], ['"!" with no option after it', '!']]);
  });

  it('lines that are none of the known kinds, and stray words inside a rule', () => {
    const text = filter('-N INPUT2', 'hello world', '[1:2] COMMIT', '-A INPUT -p tcp oops here -j ACCEPT', ':', 'COMMIT');
    assert.deepEqual(problemsOf(text), [
      ['only -A and -I rules are read, not "-N"', '-N INPUT2'],
      ['this line is not a table, chain, rule, COMMIT or comment', 'hello world'],
      ['counters must be followed by -A CHAIN, not "COMMIT"', '[1:2] COMMIT'],
      ['these words belong to no option', 'oops here'],
      ['a chain declaration needs the chain name right after ":"', ':'],
      ['COMMIT outside a table (no *table line above it)', 'COMMIT'],
    ]);
  });

  it('-I CHAIN [n]: the position is read; 0 and a number past the chain\'s end + 1 are refused, as iptables-restore refuses them', () => {
    const text = filter('-A INPUT -j DROP', '-I INPUT -p udp -j ACCEPT', '--insert INPUT 3 -j ACCEPT', '-I INPUT 0 -j ACCEPT', '-I INPUT 6 -j ACCEPT', '[0:0] -I INPUT 2 -j RETURN');
    const rules = parseIptablesSave(text).tables[0].rules;
    assert.deepEqual(
      rules.map((r) => [r.command.text, text.slice(...(r.insertion?.position?.range ?? [0, 0])), r.insertion?.at, r.target?.target?.text]),
      [['-A', '', undefined, 'DROP'], ['-I', '', 1, 'ACCEPT'], ['--insert', '3', 3, 'ACCEPT'], ['-I', '0', 1, 'ACCEPT'], ['-I', '6', 5, 'ACCEPT'], ['-I', '2', 2, 'RETURN']],
    );
    assert.deepEqual(problemsOf(text), [
      ['rule numbers start at 1: iptables-restore refuses -I with 0', '0'],
      ['chain INPUT has 4 rule(s) at this line, so -I 6 is past its end: iptables-restore refuses it (write a number up to 5, or use -A)', '6'],
    ]);
  });

  it('bad chain declarations and table names', () => {
    const text = '*filters\n:INPUT\n:FOO - [x:1]\n:FOO - [0:0]\nCOMMIT\n:BAR - [0:0]\n';
    assert.deepEqual(problemsOf(text), [
      ['"filters" is not a table (filter, nat, mangle, raw, security)', '*filters'],
      ['chain INPUT has no policy (ACCEPT, DROP, or "-" for a user chain)', 'INPUT'],
      ['expected counters such as [0:0]', '[x:1]'],
      ['chain FOO is declared twice in table filters', 'FOO'],
      ['chain declaration outside a table (no *table line above it)', ':BAR - [0:0]'],
    ]);
  });
});
