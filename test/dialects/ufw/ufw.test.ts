import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readUfwDefaults } from '../../../server/src/engine/dialects/ufw/defaults';
import { ufwEdits } from '../../../server/src/engine/dialects/ufw/edits';
import type { InsertRequest } from '../../../server/src/engine/dialects/types';
import { readUfwUserRules } from '../../../server/src/engine/dialects/ufw/userRules';
import { dialectFor, parseInDialect } from '../../../server/src/engine/dialects/registry';
import type { OffsetRange } from '../../../server/src/engine/model/types';
import { sourceFolder } from '../../support/engine';
import { restoreTest, restoreUnavailable } from '../iptables/restoreTool';

/**
 * ufw's files read into chains: user.rules / user6.rules (ufw-user-input and ufw-user-output as base
 * chains whose policy is ufw's default, assumed and said) and /etc/default/ufw (the policies it states).
 */

const FIXTURES = sourceFolder(__dirname);
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const under = (text: string, range: OffsetRange | undefined) => (range ? text.slice(range[0], range[1]) : undefined);
const ASSUMED_IN = "ufw's default incoming policy is deny; /etc/default/ufw (DEFAULT_INPUT_POLICY) was not given, so deny is assumed";
const ASSUMED_OUT = "ufw's default outgoing policy is allow; /etc/default/ufw (DEFAULT_OUTPUT_POLICY) was not given, so allow is assumed";

describe('ufw user.rules as chains', () => {
  const text = fixture('agent01-user.rules');
  const parsed = readUfwUserRules(text);

  it('ufw-user-input and ufw-user-output are the base chains, their policy ufw\'s default, assumed at the "-"; routed rules are not the host\'s', () => {
    const base = parsed.chains.filter((chain) => chain.hook);
    assert.deepEqual(
      base.map((chain) => [chain.id, chain.family, chain.hook, chain.policy?.value, under(text, chain.policy?.range), chain.policy?.range[0] === text.indexOf(`:${chain.id} -`) + chain.id.length + 2, chain.policyAssumed]),
      [
        ['ufw-user-input', 4, 'inbound', 'block', '-', true, ASSUMED_IN],
        ['ufw-user-output', 4, 'outbound', 'allow', '-', true, ASSUMED_OUT],
      ],
    );
    assert.deepEqual(parsed.chains.map((chain) => chain.id).filter((id) => id.includes('forward')), ['ufw-before-logging-forward', 'ufw-user-logging-forward', 'ufw-after-logging-forward']);
    assert.deepEqual([parsed.problems, parsed.recognised], [[], true]);
  });

  it('names each rule by its block\'s tuple: the decoded comment=, else the tuple text', () => {
    const input = parsed.chains[0].rules;
    assert.deepEqual(
      input.map((rule) => [rule.name?.value, under(text, rule.name?.range)?.slice(0, 24), rule.verdict.value.kind]),
      [
        ['limit tcp 22 0.0.0.0/0 any 0.0.0.0/0 OpenSSH - in', 'limit tcp 22 0.0.0.0/0 a', 'continue'],
        ['limit tcp 22 0.0.0.0/0 any 0.0.0.0/0 OpenSSH - in', 'limit tcp 22 0.0.0.0/0 a', 'jump'],
        ['limit tcp 22 0.0.0.0/0 any 0.0.0.0/0 OpenSSH - in', 'limit tcp 22 0.0.0.0/0 a', 'jump'],
        ['NDMP scanners (Säo Paulo lab)', 'deny tcp 10000 0.0.0.0/0', 'drop'],
        ['Backup Exec data from be01', 'allow tcp 50100:50149 0.', 'accept'],
        ['allow tcp 10000 0.0.0.0/0 any 0.0.0.0/0 in_eth1', 'allow tcp 10000 0.0.0.0/', 'accept'],
        ['reject tcp 6101 0.0.0.0/0 any 0.0.0.0/0 in', 'reject tcp 6101 0.0.0.0/', 'reject'],
        ['SNMP "monitoring"', 'allow udp 161 0.0.0.0/0 ', 'accept'],
      ],
    );
    // The tuple's range is its text after "### tuple ###", to the line's end.
    assert.equal(under(text, input[3].name!.range), `deny tcp 10000 0.0.0.0/0 any 203.0.113.0/24 in comment=${Buffer.from('NDMP scanners (Säo Paulo lab)').toString('hex')}`);
  });

  it('reads ufw\'s lines as iptables does: the limit rule\'s recent match and the interface are the host\'s, its -I logging rule is first', () => {
    assert.deepEqual(parsed.unresolved.map((note) => [note.message.slice(0, note.message.indexOf(':')), under(text, note.range)]), [
      ['-m recent --update --seconds 30 --hitcount 6 (the host\'s list of recently seen addresses)', '-m recent --update --seconds 30 --hitcount 6'],
      ['-i eth1 (the interface a connection arrives on is known only on the host)', '-i eth1'],
    ]);
    const deny = parsed.chains.find((chain) => chain.id === 'ufw-logging-deny')!;
    assert.deepEqual(deny.rules.map((rule) => rule.verdict.value.kind), ['return', 'continue']);
  });

  it('user6.rules (CRLF): ufw6- chains are IPv6', () => {
    const six = fixture('agent01-user6.rules');
    const chains = readUfwUserRules(six);
    assert.deepEqual([chains.eol, chains.chains.filter((chain) => chain.hook).map((chain) => [chain.id, chain.family])], ['\r\n', [['ufw6-user-input', 6], ['ufw6-user-output', 6]]]);
    assert.equal(chains.chains[0].rules[1].name?.value, 'NDMP from be02');
  });
});

describe('ufw files and the real iptables-restore', () => {
  it('the fixtures load: user.rules with iptables-restore, user6.rules (with LF ends) with ip6tables-restore', (t) => {
    for (const [name, tool] of [['agent01-user.rules', 'iptables-restore'], ['agent01-user6.rules', 'ip6tables-restore']]) {
      const unavailable = restoreUnavailable(tool);
      if (unavailable) return t.skip(unavailable);
      const result = restoreTest(fixture(name).replace(/\r\n/g, '\n'), tool);
      assert.equal(result.status, 0, `${name}: ${result.output}`);
    }
  });

  it('reads 50,000 tuples and rules without a problem, each rule named by its tuple', () => {
    const lines = ['*filter', ':ufw-user-input - [0:0]', '### RULES ###'];
    for (let i = 0; i < 50_000; i++) lines.push('', `### tuple ### allow tcp ${1 + (i % 65535)} 0.0.0.0/0 any 10.${(i >> 8) & 255}.${i & 255}.1 in`, `-A ufw-user-input -p tcp --dport ${1 + (i % 65535)} -s 10.${(i >> 8) & 255}.${i & 255}.1 -j ACCEPT`);
    lines.push('', '### END RULES ###', 'COMMIT', '');
    const parsed = readUfwUserRules(lines.join('\n'));
    const input = parsed.chains[0].rules;
    assert.deepEqual([parsed.problems, input.length, input[49_999].name?.value], [[], 50_000, 'allow tcp 50000 0.0.0.0/0 any 10.195.79.1 in']);
  });
});

describe('/etc/default/ufw', () => {
  const shipped = fixture('default-ufw');

  it('states the incoming and outgoing policies, at their values; DROP and REJECT block', () => {
    const parsed = readUfwDefaults(shipped);
    const { inbound, outbound } = parsed.statedPolicies!;
    assert.deepEqual([inbound?.value, under(shipped, inbound?.range), outbound?.value, under(shipped, outbound?.range)], ['block', 'DROP', 'allow', 'ACCEPT']);
    assert.deepEqual([parsed.chains, parsed.problems, parsed.recognised], [[], [], true]);
    // ufw lower-cases keys and values; its pattern takes no single quotes, so such a line is not read.
    const lower = shipped.replace('DEFAULT_INPUT_POLICY="DROP"', 'default_input_policy=reject');
    assert.deepEqual([readUfwDefaults(lower).statedPolicies?.inbound?.value, under(lower, readUfwDefaults(lower).statedPolicies?.inbound?.range)], ['block', 'reject']);
    const single = readUfwDefaults(shipped.replace('DEFAULT_INPUT_POLICY="DROP"', "DEFAULT_INPUT_POLICY='ACCEPT'"));
    assert.deepEqual([single.statedPolicies?.inbound, single.problems.map((problem) => problem.message)], [undefined, ['no DEFAULT_INPUT_POLICY="…" line: ufw refuses to start ("Missing policy for \'input\'")']]);
  });

  it('as ufw reads it: a later line wins, CRLF, and values ufw refuses are problems at the value', () => {
    const twice = readUfwDefaults('DEFAULT_INPUT_POLICY="DROP"\r\nDEFAULT_OUTPUT_POLICY="DROP"\r\nDEFAULT_FORWARD_POLICY="DROP"\r\nDEFAULT_INPUT_POLICY="ACCEPT"\r\n');
    assert.deepEqual([twice.statedPolicies?.inbound?.value, twice.statedPolicies?.outbound?.value, twice.eol, twice.problems], ['allow', 'block', '\r\n', []]);
    const bad = 'DEFAULT_INPUT_POLICY="DENY"\nDEFAULT_OUTPUT_POLICY="ACCEPT" # outgoing\n  DEFAULT_FORWARD_POLICY="DROP"\n';
    const parsed = readUfwDefaults(bad);
    assert.deepEqual(parsed.problems.map((problem) => [problem.message, under(bad, problem.range)]), [
      ['DEFAULT_INPUT_POLICY "DENY" is not ACCEPT, DROP or REJECT: ufw refuses to start ("Invalid policy")', 'DENY'],
      ['DEFAULT_OUTPUT_POLICY "ACCEPT" # outgoing" is not ACCEPT, DROP or REJECT: ufw refuses to start ("Invalid policy")', 'ACCEPT" # outgoing'],
      // Indented, the line does not match ufw's pattern: the policy is missing.
      ['no DEFAULT_FORWARD_POLICY="…" line: ufw refuses to start ("Missing policy for \'forward\'")', ''],
    ]);
    assert.deepEqual(parsed.statedPolicies, { inbound: undefined, outbound: undefined });
  });
});

describe('ufw files: recognised by name and content', () => {
  it('user.rules, user6.rules and /etc/default/ufw by name; by content when saved under another name', () => {
    assert.deepEqual(['file:///a/etc/ufw/user.rules', 'file:///a/etc/ufw/user6.rules', 'file:///a/etc/default/ufw'].map((uri) => dialectFor(uri).id), ['ufw', 'ufw', 'ufw']);
    assert.equal(dialectFor('file:///a/agent01-ufw.txt', fixture('agent01-user.rules')).id, 'ufw');
    assert.equal(dialectFor('file:///a/agent01-defaults.txt', fixture('default-ufw')).id, 'ufw');
    const defaults = parseInDialect({ uri: 'file:///a/agent01-defaults.txt', text: fixture('default-ufw') });
    assert.deepEqual([defaults.dialect, defaults.statedPolicies?.inbound?.value, defaults.chains], ['ufw', 'block', []]);
  });
});

describe('ufw fixes in hand-edited user.rules', () => {
  const request = (before?: number): InsertRequest => ({
    rule: { name: 'NDMP', action: 'allow', protocol: 'tcp', from: ['10.1.1.10'], to: ['agent01'], ports: ['10000'] },
    data: { fix: 'insert-rule', direction: 'inbound', hostFirewall: true },
    chain: { id: 'ufw-user-input', before },
  });
  const insert = (text: string, before?: number) => {
    const edit = ufwEdits.insertRule(parseInDialect({ uri: 'file:///a/user.rules', text }), request(before));
    return edit && text.slice(0, edit.range[0]) + edit.newText + text.slice(edit.range[1]);
  };
  const block = '### tuple ### allow tcp 10000 0.0.0.0/0 any 10.1.1.10 in comment=4e444d50\n-A ufw-user-input -p tcp --dport 10000 -s 10.1.1.10 -j ACCEPT\n\n';

  it('blocks without blank lines between them: the new block goes right above the tuple of the rule it must precede', () => {
    const text = '*filter\n:ufw-user-input - [0:0]\n### RULES ###\n### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n-A ufw-user-input -p tcp --dport 22 -j ACCEPT\n### tuple ### deny tcp 10000 0.0.0.0/0 any 0.0.0.0/0 in\n-A ufw-user-input -p tcp --dport 10000 -j DROP\n### END RULES ###\nCOMMIT\n';
    const at = text.indexOf('### tuple ### deny');
    assert.equal(insert(text, 1), `${text.slice(0, at)}\n${block}${text.slice(at)}`);
    // Appended: before ### END RULES ###, after a blank line as ufw writes one.
    const end = text.indexOf('### END RULES ###');
    assert.equal(insert(text), `${text.slice(0, end)}\n${block}${text.slice(end)}`);
  });

  it('without ### END RULES ###, appended after the chain\'s last rule; an insert into a chain that is not ufw\'s own gets no fix', () => {
    const text = '*filter\n:ufw-user-input - [0:0]\n:ufw-user-limit - [0:0]\n-A ufw-user-input -p tcp --dport 22 -j ufw-user-limit\n-A ufw-user-limit -j REJECT\nCOMMIT';
    const at = text.indexOf('-A ufw-user-limit -j');
    assert.equal(insert(text), `${text.slice(0, at)}\n${block}${text.slice(at)}`);
    const model = parseInDialect({ uri: 'file:///a/user.rules', text });
    assert.equal(ufwEdits.insertRule(model, { ...request(0), chain: { id: 'ufw-user-limit', before: 0 } }), undefined);
  });
});
