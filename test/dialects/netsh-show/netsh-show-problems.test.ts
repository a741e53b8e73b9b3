import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNetshShow } from '../../../server/src/engine/dialects/netsh-show/parse';
import { dialectById, parseInDialect } from '../../../server/src/engine/dialects/registry';
import type { OffsetRange } from '../../../server/src/engine/model/types';

/**
 * What befw says of show rule output it cannot read in full: each problem names the value and
 * the rule, sits exactly on the value, and the rule is not counted; the rules around are.
 */

const at = (text: string, range: OffsetRange | undefined) => (range ? text.slice(range[0], range[1]) : undefined);
/** A field as netsh prints it: the value at column 39. */
const field = (label: string, value = '') => `${`${label}:`.padEnd(38)}${value}`;
const SEPARATOR = '-'.repeat(70);
const DEFAULTS: [string, string][] = [
  ['Enabled', 'Yes'],
  ['Direction', 'In'],
  ['Profiles', 'Domain,Private,Public'],
  ['Grouping', ''],
  ['LocalIP', 'Any'],
  ['RemoteIP', '10.0.1.10/255.255.255.255'],
  ['Protocol', 'TCP'],
  ['LocalPort', '10000'],
  ['RemotePort', 'Any'],
  ['Edge traversal', 'No'],
  ['Action', 'Allow'],
];

/** One rule's lines: the defaults with `changes` (null removes a field), `after` lines inserted after the named field. */
function rule(name: string, changes: Record<string, string | null> = {}, after: Record<string, string[]> = {}): string[] {
  const lines = [field('Rule Name', name), SEPARATOR];
  for (const [label, value] of DEFAULTS) {
    const changed = label in changes ? changes[label] : value;
    if (changed !== null) lines.push(field(label, changed));
    lines.push(...(after[label] ?? []));
  }
  return lines;
}
const listing = (...rules: string[][]) => ['', ...rules.map((lines) => lines.join('\r\n')).join('\r\n\r\n').split('\r\n'), 'Ok.', ''].join('\r\n');
const problemsOf = (text: string) => parseNetshShow(text).problems.map((p) => [p.message, at(text, p.range)]);
const NOT_COUNTED = '; the rule is not counted';

describe('netsh show rule output that cannot be read in full', () => {
  it('reads tabs, trailing blanks, any case, LF, protocol numbers, Bypass and "OK."', () => {
    const text = ['Rule Name:\tBackup Exec NDMP   ', SEPARATOR, 'Enabled:\tyes', 'Direction:  IN   ', 'Profiles:     domain , PRIVATE', 'Grouping:', 'LocalIP: any', 'RemoteIP: 10.0.1.10/255.255.255.255 ,  10.0.1.11\t', 'Protocol: 6', 'LocalPort: 10000', 'RemotePort: any', 'Edge traversal: No', 'Action: BYPASS', 'OK.'].join('\n');
    const parsed = parseNetshShow(text);
    assert.deepEqual(parsed.problems, []);
    const [ndmp] = parsed.rules;
    assert.deepEqual([at(text, ndmp.name?.range), at(text, ndmp.direction?.range), ndmp.direction?.value, ndmp.enabled?.value, ndmp.profiles?.value, at(text, ndmp.profiles?.range)], ['Backup Exec NDMP', 'IN', 'inbound', true, ['domain', 'private'], 'domain , PRIVATE']);
    assert.deepEqual(ndmp.remoteAddresses?.items.map((i) => at(text, i.range)), ['10.0.1.10/255.255.255.255', '10.0.1.11']);
    const [placed] = parseInDialect({ uri: 'file:///x/be01.netsh-show.txt', text }, dialectById('netsh-show')!).rules;
    // Bypass lets traffic through, as in the script dialects; protocol 6 is TCP.
    assert.deepEqual([placed.action, placed.protocol, placed.usable, placed.sources], ['allow', 'tcp', true, ['10.0.1.10/255.255.255.255', '10.0.1.11']]);
  });

  it('takes Profiles Any as every profile, and a description\'s further lines as its text', () => {
    const text = listing(
      rule('any profile', { Profiles: 'Any' }),
      [field('Rule Name', 'described'), SEPARATOR, field('Description', 'Opened for the agent.'), 'Ticket: CHG-1042 (see the runbook)', ...rule('x').slice(2)],
    );
    const parsed = parseNetshShow(text);
    assert.deepEqual(parsed.problems, []);
    // Any is written as no profile list at all: every profile, as for a rule that names none.
    assert.deepEqual(parsed.rules.map((r) => [r.profiles?.value, r.uncertain]), [[undefined, undefined], [['domain', 'private', 'public'], undefined]]);
    assert.equal(at(text, parsed.rules[1].description?.range), 'Opened for the agent.');
  });

  it('names each unreadable value at its place and does not count its rule, and counts the rules around', () => {
    const text = listing(
      rule('good before'),
      rule('r1', { Direction: 'Sideways' }),
      rule('r2', { Enabled: 'Maybe' }),
      rule('r3', { RemoteIP: '10.0.1.10/255.255.255.255,10.0.0.0/255.0.255.0' }),
      rule('r4', { RemoteIP: 'sql01.corp.local' }),
      rule('r4 local', { LocalIP: 'sql01.corp.local' }),
      rule('r5', { LocalPort: '10000,70000' }),
      rule('r6', { Protocol: 'GRE' }),
      rule('r7', { Profiles: 'Domain,Work' }),
      rule('r8', { Action: 'Permit' }),
      rule('r9', { LocalPort: '' }),
      rule('good after'),
    );
    assert.deepEqual(problemsOf(text), [
      [`Direction "Sideways" is not In or Out in rule "r1"${NOT_COUNTED}`, 'Sideways'],
      [`Enabled "Maybe" is not Yes or No in rule "r2"${NOT_COUNTED}`, 'Maybe'],
      [`RemoteIP item "10.0.0.0/255.0.255.0" has a subnet mask that is not ones then zeros (such as 255.255.255.0), so it names no subnet in rule "r3"${NOT_COUNTED}`, '10.0.0.0/255.0.255.0'],
      [`RemoteIP item "sql01.corp.local" is not Any, an address keyword such as LocalSubnet, an address, a subnet or a range a-b in rule "r4"${NOT_COUNTED}`, 'sql01.corp.local'],
      [`LocalIP item "sql01.corp.local" is not Any, an address keyword such as LocalSubnet, an address, a subnet or a range a-b in rule "r4 local"${NOT_COUNTED}`, 'sql01.corp.local'],
      [`LocalPort item "70000" is not Any, a port (1-65535), a range such as 50100-50149 or a keyword such as RPC in rule "r5"${NOT_COUNTED}`, '70000'],
      [`Protocol "GRE" is not TCP, UDP, Any, ICMPv4, ICMPv6 or a protocol number (0-255) in rule "r6"${NOT_COUNTED}`, 'GRE'],
      [`Profiles takes Domain, Private, Public or Any, not "Work" in rule "r7"${NOT_COUNTED}`, 'Work'],
      [`Action "Permit" is not Allow, Block or Bypass in rule "r8"${NOT_COUNTED}`, 'Permit'],
      [`LocalPort of rule "r9" has no value${NOT_COUNTED}`, 'LocalPort:'],
    ]);
    const file = parseInDialect({ uri: 'file:///x/sql01.netsh-show.txt', text }, dialectById('netsh-show')!);
    assert.deepEqual(
      file.rules.map((r) => [r.name, r.usable]),
      [['good before', true], ...['r1', 'r2', 'r3', 'r4', 'r4 local', 'r5', 'r6', 'r7', 'r8', 'r9'].map((name) => [name, false]), ['good after', true]],
    );
    // The bad item is not handed on: no BEX200 or BEX205 repeats the problem.
    assert.deepEqual(file.rules[3].syntax.from!.items.map((i) => i.value), ['10.0.1.10/255.255.255.255']);
    assert.deepEqual(file.rules[6].syntax.ports!.items, []);
  });

  it('reports unknown labels, missing and repeated fields, values over two lines and stray lines, naming the rule', () => {
    const text = listing(
      rule('owner', {}, { Security: [], 'Edge traversal': [field('Owner', 'S-1-5-80-0')] }),
      rule('missing', { Direction: null, Profiles: null }),
      rule('repeated', {}, { LocalPort: [field('LocalPort', '50100-50149')] }),
      rule('wrapped', {}, { RemoteIP: [' '.repeat(38) + '10.0.1.11/255.255.255.255'] }),
      rule('stray', {}, { Grouping: ['garbage without a colon'] }),
      rule('ICMP', { Protocol: 'ICMPv4', LocalPort: null, RemotePort: null }, { Protocol: [' '.repeat(38) + 'Type    Code', ' '.repeat(38) + '8       Any '] }),
    );
    assert.deepEqual(problemsOf(text), [
      [`unknown label "Owner:" in rule "owner": befw does not know how it narrows the rule${NOT_COUNTED}`, 'Owner:'],
      [`rule "missing" has no Direction, Profiles lines${NOT_COUNTED}`, 'missing'],
      [`rule "repeated" has a second LocalPort line${NOT_COUNTED}`, 'LocalPort:'],
      [`the RemoteIP value of rule "wrapped" goes on over the next line, which befw does not read${NOT_COUNTED}`, '10.0.1.11/255.255.255.255'],
      [`"garbage without a colon" in rule "stray" is not a "Label: value" line of netsh's listing${NOT_COUNTED}`, 'garbage without a colon'],
    ]);
    assert.deepEqual(parseNetshShow(text).rules.map((r) => r.uncertain ?? false), [true, true, true, true, true, false]);
  });

  it('finds a translated rule right under an English one, with no blank line between', () => {
    // Illustrative label: only the layout of a head (value at column 39 over 70 hyphens) is tested.
    const text = [...rule('english'), field('Regelname', 'übersetzt'), SEPARATOR, field('Aktion', 'Zulassen'), 'Ok.'].join('\r\n');
    const parsed = parseNetshShow(text);
    assert.deepEqual(parsed.rules.map((r) => [r.name?.value, r.uncertain]), [['english', undefined]]);
    assert.deepEqual(parsed.problems.map((p) => [p.message.slice(0, 54), at(text, p.range)]), [['the labels of this rule are not English ("Regelname:")', field('Regelname', 'übersetzt')]]);
  });

  it('reports text outside the listing once per stretch, and an empty file', () => {
    const prompt = 'PS C:\\Users\\admin> netsh advfirewall firewall show rule name=all\r\nNote: run elevated\r\n';
    const text = prompt + listing(rule('after the prompt'));
    assert.deepEqual(problemsOf(text), [
      ['"PS C:\\Users\\admin> netsh advfirewall firewall show rule name=all" is not part of netsh advfirewall firewall show rule output, where each rule starts with a "Rule Name:" line; remove it, or export the rules again', 'PS C:\\Users\\admin> netsh advfirewall firewall show rule name=all'],
    ]);
    assert.deepEqual(parseNetshShow(text).rules.map((r) => [r.name?.value, r.uncertain]), [['after the prompt', undefined]]);
    for (const empty of ['', '\r\n  \r\n']) {
      assert.deepEqual(problemsOf(empty), [['the file is empty: save the output of "netsh advfirewall firewall show rule name=all" in it', '']]);
    }
  });

  it('quotes at most an excerpt of a hostile value, with control characters escaped', () => {
    const hostile = `${'x'.repeat(5000)}\u001b[2J${'y'.repeat(5000)}`;
    const [[message, written]] = problemsOf(listing(rule('r', { Direction: hostile })));
    assert.equal(written, hostile);
    assert.ok(message!.length < 300 && message!.includes('…') && !/[\u0000-\u001f]/.test(message!), message);
  });
});
