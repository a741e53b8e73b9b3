import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ChainRuleText, ChainText } from '../../../server/src/engine/dialects/chains/chainText';
import { readIptablesSave } from '../../../server/src/engine/dialects/iptables/saveChains';
import type { OffsetRange } from '../../../server/src/engine/model/types';
import { sourceFolder } from '../../support/engine';

/**
 * iptables-save text read into chains: which chains are base chains and with what policy, and each
 * rule's match and verdict, every value at its exact place (asserted as the text under its range).
 */

const FIXTURES = sourceFolder(__dirname);
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const under = (text: string, range: OffsetRange | undefined) => (range ? text.slice(range[0], range[1]) : undefined);
/** A filter table with INPUT dropping, around `lines`. */
const filter = (...lines: string[]) => ['*filter', ':INPUT DROP [0:0]', ':OUTPUT ACCEPT [0:0]', ':BE - [0:0]', ...lines, 'COMMIT', ''].join('\n');
const inputRules = (text: string) => readIptablesSave(text).chains.find((chain) => chain.id === 'INPUT')!.rules;

/** A rule as the text under each of its parts. */
function shape(text: string, rule: ChainRuleText): Record<string, unknown> {
  const list = (value: ChainRuleText['ports']) => value && [under(text, value.range), ...value.items.map((item) => `${item.value}@${under(text, item.range)}`)];
  const found: Record<string, unknown> = { verdict: `${JSON.stringify(rule.verdict.value)}@${under(text, rule.verdict.range)}` };
  if (rule.protocol) found.protocol = `${rule.protocol.value}@${under(text, rule.protocol.range)}`;
  if (rule.sources) found.sources = list(rule.sources);
  if (rule.destinations) found.destinations = list(rule.destinations);
  if (rule.ports) found.ports = list(rule.ports);
  if (rule.name) found.name = `${rule.name.value}@${under(text, rule.name.range)}`;
  if (rule.hostOnly) found.hostOnly = [rule.hostOnly.value, under(text, rule.hostOnly.range)];
  if (rule.establishedOnly) found.establishedOnly = true;
  if (rule.loopbackOnly) found.loopbackOnly = true;
  return found;
}
const chainShape = (text: string, chain: ChainText) => [chain.id, under(text, chain.name.range), chain.family, chain.hook, chain.policy && `${chain.policy.value}@${under(text, chain.policy.range)}`, chain.policyAssumed, chain.rules.length];
const notes = (text: string) => readIptablesSave(text).unresolved.map((note) => [note.message, under(text, note.range)]);
const problems = (text: string) => readIptablesSave(text).problems.map((problem) => [problem.message, under(text, problem.range)]);

describe('iptables-save as chains: a Backup Exec agent host (counters, user chains, a nat table)', () => {
  const text = fixture('be-agent-host.iptables-save.rules');
  const parsed = readIptablesSave(text);

  it('makes INPUT and OUTPUT base chains with their policies, user chains without a hook; FORWARD is not a chain', () => {
    assert.deepEqual(parsed.chains.map((chain) => chainShape(text, chain)), [
      ['INPUT', 'INPUT', 4, 'inbound', 'block@DROP', undefined, 9],
      ['OUTPUT', 'OUTPUT', 4, 'outbound', 'allow@ACCEPT', undefined, 1],
      ['BACKUP-EXEC', 'BACKUP-EXEC', 4, undefined, undefined, undefined, 3],
      ['LOGDROP', 'LOGDROP', 4, undefined, undefined, undefined, 2],
    ]);
    assert.deepEqual([parsed.problems, parsed.eol, parsed.recognised], [[], '\n', true]);
  });

  it('appends to a chain at the start of the line after its last rule', () => {
    assert.deepEqual(parsed.chains.map((chain) => text.slice(chain.appendAt, chain.appendAt + 22)), ['[3:180] -A BACKUP-EXEC', 'COMMIT\n# Completed on ', '[0:0] -A LOGDROP -j LO', '[0:0] -A OUTPUT -o eth']);
  });

  it('reads every INPUT rule: loopback, established, addresses, ports, a jump, host-only matches, reject', () => {
    const input = parsed.chains[0].rules.map((rule) => shape(text, rule));
    assert.deepEqual(input, [
      { verdict: '{"kind":"accept"}@ACCEPT', loopbackOnly: true },
      { verdict: '{"kind":"accept"}@ACCEPT', establishedOnly: true },
      // INVALID only: a packet of no connection, never one opening a Backup Exec connection.
      { verdict: '{"kind":"drop"}@DROP', establishedOnly: true },
      { verdict: '{"kind":"accept"}@ACCEPT', protocol: 'tcp@tcp', sources: ['10.20.0.0/16,192.168.50.12/32', '10.20.0.0/16@10.20.0.0/16', '192.168.50.12/32@192.168.50.12/32'], ports: ['22', '22@22'] },
      { verdict: '{"kind":"jump","chain":"BACKUP-EXEC"}@BACKUP-EXEC', sources: ['10.20.30.40/32', '10.20.30.40/32@10.20.30.40/32'] },
      {
        verdict: '{"kind":"jump","chain":"LOGDROP"}@LOGDROP',
        protocol: 'tcp@tcp',
        ports: ['10000,6101,1025:9999', '10000@10000', '6101@6101', '1025-9999@1025:9999'],
        hostOnly: ['! -s 10.0.0.0/8 (a negation, which befw does not evaluate)', '! -s 10.0.0.0/8'],
      },
      { verdict: '{"kind":"accept"}@ACCEPT', protocol: 'udp@udp', ports: ['1024:65535', '1024-65535@1024:65535'], hostOnly: ['--sport 53 (matches source ports only; Backup Exec connects from dynamic source ports)', '--sport 53'] },
      { verdict: '{"kind":"drop"}@DROP', hostOnly: ['-m set --match-set blocklist src (an ipset: its members are known only on the host)', '-m set --match-set blocklist src'] },
      { verdict: '{"kind":"reject"}@REJECT', protocol: 'tcp@tcp' },
    ]);
  });

  it('reads the user chains: a named accept, a return, a log that goes on, a drop', () => {
    const [, output, backupExec, logDrop] = parsed.chains;
    assert.deepEqual([...backupExec.rules, ...logDrop.rules, ...output.rules].map((rule) => shape(text, rule)), [
      { verdict: '{"kind":"accept"}@ACCEPT', protocol: 'tcp@tcp', ports: ['10000', '10000@10000'], name: 'Backup Exec NDMP (RALUS)@"Backup Exec NDMP (RALUS)"' },
      { verdict: '{"kind":"accept"}@ACCEPT', protocol: 'tcp@tcp', ports: ['6101', '6101@6101'] },
      { verdict: '{"kind":"return"}@RETURN' },
      { verdict: '{"kind":"continue"}@LOG' },
      { verdict: '{"kind":"drop"}@DROP' },
      { verdict: '{"kind":"accept"}@ACCEPT', hostOnly: ['-o eth0 (the interface a connection leaves on is known only on the host)', '-o eth0'] },
    ]);
  });

  it('notes each host-only rule at its match, saying what befw makes of it', () => {
    const because = 'befw cannot tell which connections this rule matches, so';
    assert.deepEqual(notes(text), [
      [`! -s 10.0.0.0/8 (a negation, which befw does not evaluate): ${because} its jump to LOGDROP is not followed`, '! -s 10.0.0.0/8'],
      [`--sport 53 (matches source ports only; Backup Exec connects from dynamic source ports): ${because} it never counts as letting a Backup Exec flow through`, '--sport 53'],
      [`-m set --match-set blocklist src (an ipset: its members are known only on the host): ${because} it is not counted, but on the host it may stop a Backup Exec flow`, '-m set --match-set blocklist src'],
      [`-o eth0 (the interface a connection leaves on is known only on the host): ${because} it never counts as letting a Backup Exec flow through`, '-o eth0'],
    ]);
  });
});

describe('iptables-save as chains: each match', () => {
  const read = (rule: string) => {
    const text = filter(rule);
    return shape(text, inputRules(text)[0]);
  };

  it('-p: names in any case, numbers 6 and 17, all as every protocol; negated, host-only', () => {
    assert.deepEqual(read('-A INPUT -p TCP -j ACCEPT').protocol, 'tcp@TCP');
    assert.deepEqual(read('-A INPUT -p 17 -j ACCEPT').protocol, 'udp@17');
    assert.deepEqual(read('-A INPUT -p all -j DROP'), { verdict: '{"kind":"drop"}@DROP' });
    assert.deepEqual(read('-A INPUT ! -p udp -j DROP').hostOnly, ['! -p udp (a negation, which befw does not evaluate)', '! -p udp']);
  });

  it('ports: open ends from 1 (befw has no port 0), a lone 0 matches no flow, service names are the host\'s, negation host-only', () => {
    assert.deepEqual(read('-A INPUT -p tcp --dport :80 -j ACCEPT').ports, [':80', '1-80@:80']);
    assert.deepEqual(read('-A INPUT -p tcp --dport 90: -j ACCEPT').ports, ['90:', '90-65535@90:']);
    assert.deepEqual(read('-A INPUT -p tcp --destination-port 0 -j ACCEPT').ports, ['0']);
    assert.deepEqual(read('-A INPUT -p tcp -m multiport --dports 0:10,22 -j ACCEPT').ports, ['0:10,22', '1-10@0:10', '22@22']);
    assert.deepEqual(read('-A INPUT -p tcp -m multiport --ports 10000 -j ACCEPT').ports, ['10000', '10000@10000']);
    assert.deepEqual(read('-A INPUT -p udp -m multiport --destination-ports 6101,10000 -j ACCEPT').ports, ['6101,10000', '6101@6101', '10000@10000']);
    assert.deepEqual(read('-A INPUT -p tcp --dport ndmp -j ACCEPT').hostOnly, ["--dport ndmp (port name ndmp: iptables looked it up in the host's /etc/services)", '--dport ndmp']);
    assert.deepEqual(read('-A INPUT -p tcp ! --dport 22 -j ACCEPT').hostOnly, ['! --dport 22 (a negation, which befw does not evaluate)', '! --dport 22']);
    assert.deepEqual(read('-A INPUT -p tcp -m multiport --sports 1024:65535 -j ACCEPT').hostOnly, ['--sports 1024:65535 (matches source ports only; Backup Exec connects from dynamic source ports)', '--sports 1024:65535']);
  });

  it('multiport: more than 15 counted ports is a problem (iptables refuses it), on the list', () => {
    const text = filter('-A INPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15:16 -j ACCEPT');
    assert.deepEqual(problems(text), [['multiport takes at most 15 ports (a range counts as two); this list counts 16', '1,2,3,4,5,6,7,8,9,10,11,12,13,14,15:16']]);
    assert.deepEqual(problems(filter('-A INPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14:15 -j ACCEPT')), []);
  });

  it('connection states: NEW matches new connections; only ESTABLISHED, RELATED or INVALID never do; others and negation are host-only', () => {
    assert.deepEqual(read('-A INPUT -p tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT').establishedOnly, undefined);
    assert.deepEqual(read('-A INPUT -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT').establishedOnly, undefined);
    assert.deepEqual(read('-A INPUT -m state --state ESTABLISHED -j ACCEPT').establishedOnly, true);
    assert.deepEqual(read('-A INPUT -m conntrack --ctstate RELATED -j ACCEPT').establishedOnly, true);
    assert.deepEqual(read('-A INPUT -m conntrack --ctstate invalid -j DROP').establishedOnly, true);
    assert.deepEqual(read('-A INPUT -m conntrack --ctstate UNTRACKED -j ACCEPT').hostOnly, ['--ctstate UNTRACKED (a connection state known only on the host)', '--ctstate UNTRACKED']);
    assert.deepEqual(read('-A INPUT -m conntrack ! --ctstate INVALID -j ACCEPT').hostOnly, ['! --ctstate INVALID (a negation, which befw does not evaluate)', '! --ctstate INVALID']);
    assert.deepEqual(read('-A INPUT -m conntrack --ctstatus CONFIRMED -j ACCEPT').hostOnly, ['--ctstatus CONFIRMED (option --ctstatus, which befw does not evaluate)', '--ctstatus CONFIRMED']);
  });

  it('interfaces: lo is loopback only; any other interface is the host\'s', () => {
    assert.deepEqual(read('-A INPUT -i lo -j ACCEPT').loopbackOnly, true);
    const output = filter('-A OUTPUT -o lo -j ACCEPT');
    assert.deepEqual(shape(output, readIptablesSave(output).chains[1].rules[0]), { verdict: '{"kind":"accept"}@ACCEPT', loopbackOnly: true });
    assert.deepEqual(read('-A INPUT -i eth+ -p tcp --dport 10000 -j ACCEPT').hostOnly, ['-i eth+ (the interface a connection arrives on is known only on the host)', '-i eth+']);
  });

  it('addresses: lists and CIDRs as written, iprange ranges; host names and a second source match are the host\'s', () => {
    assert.deepEqual(read('-A INPUT -s 10.1.1.10/32,10.1.1.11 -d 10.1.2.20 -j ACCEPT'), {
      verdict: '{"kind":"accept"}@ACCEPT',
      sources: ['10.1.1.10/32,10.1.1.11', '10.1.1.10/32@10.1.1.10/32', '10.1.1.11@10.1.1.11'],
      destinations: ['10.1.2.20', '10.1.2.20@10.1.2.20'],
    });
    assert.deepEqual(read('-A INPUT -m iprange --src-range 10.1.1.1-10.1.1.20 --dst-range 10.1.2.20 -j ACCEPT'), {
      verdict: '{"kind":"accept"}@ACCEPT',
      sources: ['10.1.1.1-10.1.1.20', '10.1.1.1-10.1.1.20@10.1.1.1-10.1.1.20'],
      destinations: ['10.1.2.20', '10.1.2.20@10.1.2.20'],
    });
    assert.deepEqual(read('-A INPUT -s be01.example.com -j ACCEPT').hostOnly, ['-s be01.example.com (a host name: iptables looked it up when the rules were loaded)', '-s be01.example.com']);
    assert.deepEqual(read('-A INPUT -s 10.1.1.0/24 -m iprange --src-range 10.1.1.1-10.1.1.9 -j ACCEPT').hostOnly, [
      '--src-range 10.1.1.1-10.1.1.9 (a second source match, which befw does not combine with the first)',
      '--src-range 10.1.1.1-10.1.1.9',
    ]);
  });

  it('modules befw does not evaluate: host-only at the module, with the reason', () => {
    const why = (rule: string) => read(rule).hostOnly;
    assert.deepEqual(why('-A INPUT -m owner --uid-owner 0 -j ACCEPT'), ['-m owner --uid-owner 0 (the owner of the local process, known only on the host)', '-m owner --uid-owner 0']);
    assert.deepEqual(why('-A INPUT -m mark --mark 0x1 -j ACCEPT'), ['-m mark --mark 0x1 (a packet mark other rules set on the host)', '-m mark --mark 0x1']);
    assert.deepEqual(why('-A INPUT -p tcp -m recent --rcheck --seconds 60 -j DROP'), ["-m recent --rcheck --seconds 60 (the host's list of recently seen addresses)", '-m recent --rcheck --seconds 60']);
    assert.deepEqual(why('-A INPUT -p tcp -m limit --limit 5/min -j ACCEPT'), ['-m limit --limit 5/min (a rate limit: it matches only some packets)', '-m limit --limit 5/min']);
    assert.deepEqual(why('-A INPUT -m addrtype --dst-type LOCAL -j ACCEPT'), ["-m addrtype --dst-type LOCAL (an address type, which depends on the host's addresses)", '-m addrtype --dst-type LOCAL']);
    assert.deepEqual(why('-A INPUT -m time --timestart 08:00 -j ACCEPT'), ['-m time --timestart 08:00 (match module time, which befw does not evaluate)', '-m time --timestart 08:00']);
    assert.deepEqual(why('-A INPUT -p tcp --syn --dport 10000 -j ACCEPT'), ['--syn (option --syn, which befw does not evaluate)', '--syn']);
    assert.deepEqual(why('-A INPUT -f -j DROP'), ['-f (option -f, which befw does not evaluate)', '-f']);
  });

  it('a comment names the rule, iptables-save\'s escapes read; it matches nothing', () => {
    const text = filter('-A INPUT -p tcp --dport 10000 -m comment --comment "RALUS \\"NDMP\\" d\\\'Agent" -j ACCEPT');
    assert.deepEqual(shape(text, inputRules(text)[0]).name, 'RALUS "NDMP" d\'Agent@"RALUS \\"NDMP\\" d\\\'Agent"');
  });

  it('no note on rules no flow can reach (another protocol, established, loopback) nor on rules that only log', () => {
    const text = filter(
      '-A INPUT -p icmp -m icmp --icmp-type 8 -m limit --limit 1/s -j ACCEPT',
      '-A INPUT -m conntrack --ctstate INVALID -m limit --limit 3/min -j DROP',
      '-A INPUT -i lo -m owner --uid-owner 0 -j ACCEPT',
      '-A INPUT -i eth0 -j LOG --log-prefix "in: "',
    );
    assert.deepEqual([notes(text), inputRules(text).map((rule) => rule.hostOnly)], [[], [undefined, undefined, undefined, undefined]]);
  });
});

describe('iptables-save as chains: targets', () => {
  it('accept, drop, reject, return, log and friends, jump, goto; NFQUEUE decided on the host; no target counts only', () => {
    const text = filter(
      '-A INPUT -p tcp --dport 1 -j ACCEPT',
      '-A INPUT -p tcp --dport 2 -j DROP',
      '-A INPUT -p tcp --dport 3 -j REJECT --reject-with icmp-port-unreachable',
      '-A INPUT -p tcp --dport 4 -j RETURN',
      '-A INPUT -p tcp --dport 5 -j NFLOG --nflog-group 2',
      '-A INPUT -p tcp --dport 6 -j BE',
      '-A INPUT -p tcp --dport 7 -g BE',
      '-A INPUT -p tcp --dport 8 -j NFQUEUE --queue-num 0',
      '-A INPUT -p tcp --dport 9',
    );
    assert.deepEqual(
      inputRules(text).map((rule) => [JSON.stringify(rule.verdict.value), under(text, rule.verdict.range), rule.hostOnly && [rule.hostOnly.value, under(text, rule.hostOnly.range)]]),
      [
        ['{"kind":"accept"}', 'ACCEPT', undefined],
        ['{"kind":"drop"}', 'DROP', undefined],
        ['{"kind":"reject"}', 'REJECT', undefined],
        ['{"kind":"return"}', 'RETURN', undefined],
        ['{"kind":"continue"}', 'NFLOG', undefined],
        ['{"kind":"jump","chain":"BE"}', 'BE', undefined],
        ['{"kind":"goto","chain":"BE"}', 'BE', undefined],
        ['{"kind":"drop"}', 'NFQUEUE', ['NFQUEUE (a program on the host accepts or drops the packet)', '-j NFQUEUE --queue-num 0']],
        ['{"kind":"continue"}', '-A', undefined],
      ],
    );
    assert.deepEqual(notes(text), [['NFQUEUE (a program on the host accepts or drops the packet): befw cannot tell which connections this rule matches, so it is not counted, but on the host it may stop a Backup Exec flow', '-j NFQUEUE --queue-num 0']]);
    assert.deepEqual(problems(text), []);
  });

  it('an extension target goes on to the next rule, said; a name that is no target and no chain is a problem', () => {
    const text = filter('-A INPUT -p tcp -j MARK --set-mark 1', '-A INPUT -p tcp --dport 10000 -j BACKUP-EXEC');
    assert.deepEqual(inputRules(text).map((rule) => rule.verdict.value.kind), ['continue', 'continue']);
    assert.deepEqual(notes(text), [['befw does not evaluate target MARK: it reads the rule as letting the packet go on to the next rule', 'MARK']]);
    assert.deepEqual(problems(text), [
      ['-j BACKUP-EXEC: no chain of this table is called BACKUP-EXEC, and it is no target iptables knows; iptables-restore refuses the file (declare the chain with ":BACKUP-EXEC - [0:0]" or fix the name)', 'BACKUP-EXEC'],
    ]);
  });
});

describe('iptables-save as chains: FORWARD', () => {
  it('is read, not evaluated: no chain, no note on what it matches, but a target iptables-restore refuses is still a problem', () => {
    const text = filter('-A FORWARD -i eth0 -o eth1 -j ACCEPT', '-A FORWARD -p tcp -j NOPE', '-A INPUT -p icmp -j NFQUEUE');
    assert.deepEqual(readIptablesSave(text).chains.map((chain) => chain.id), ['INPUT', 'OUTPUT', 'BE']);
    assert.deepEqual(notes(text), []);
    assert.deepEqual(problems(text).map(([message, at]) => [message?.slice(0, 50), at]), [['-j NOPE: no chain of this table is called NOPE, an', 'NOPE']]);
  });
});

describe('iptables-save as chains: tables, policies, families, order', () => {
  it('an undeclared built-in chain accepts (assumed, said); a policy other than ACCEPT or DROP is a problem', () => {
    const text = '*filter\n:INPUT REJECT [0:0]\n-A OUTPUT -p udp --dport 53 -j ACCEPT\nCOMMIT\n';
    const parsed = readIptablesSave(text);
    assert.deepEqual(parsed.chains.map((chain) => chainShape(text, chain)), [
      ['INPUT', 'INPUT', undefined, 'inbound', 'allow@REJECT', 'INPUT has no valid policy in this file: ACCEPT, the policy of a built-in chain not set, is assumed', 0],
      ['OUTPUT', 'OUTPUT', undefined, 'outbound', 'allow@OUTPUT', 'OUTPUT is not declared in this file (no ":OUTPUT DROP [0:0]" line): a built-in chain whose policy is not set accepts, so ACCEPT is assumed', 1],
    ]);
    assert.deepEqual(problems(text), [['REJECT is no policy: a built-in chain\'s policy is ACCEPT or DROP, and iptables-restore refuses the file', 'REJECT']]);
    // An empty chain is appended to after the table's declarations.
    assert.equal(text.slice(parsed.chains[0].appendAt), '-A OUTPUT -p udp --dport 53 -j ACCEPT\nCOMMIT\n');
  });

  it('the family: the header says it; else the first address; else both', () => {
    const crlf = fixture('copied-from-windows.ip6tables-save.rules');
    const six = readIptablesSave(crlf);
    assert.deepEqual([six.chains.map((chain) => chain.family), six.eol], [[6, 6], '\r\n']);
    assert.deepEqual(readIptablesSave(filter('-A INPUT -s fd00::/8 -j ACCEPT')).chains.map((chain) => chain.family), [6, 6, 6]);
    assert.deepEqual(readIptablesSave(filter('-A INPUT -p tcp -m iprange --src-range 10.0.0.1-10.0.0.9 -j ACCEPT')).chains.map((chain) => chain.family), [4, 4, 4]);
    assert.deepEqual(readIptablesSave(filter('-A INPUT -p tcp --dport 22 -j ACCEPT')).chains.map((chain) => chain.family), [undefined, undefined, undefined]);
  });

  it('-I puts a rule where iptables-restore would: first, or at its number', () => {
    const text = filter('-A INPUT -p tcp --dport 3 -j ACCEPT', '-I INPUT -p tcp --dport 1 -j ACCEPT', '-I INPUT 3 -p tcp --dport 4 -j ACCEPT', '-I INPUT 2 -p tcp --dport 2 -j ACCEPT');
    const parsed = readIptablesSave(text);
    assert.deepEqual(inputRules(text).map((rule) => rule.ports?.items[0].value), ['1', '2', '3', '4']);
    // Appended after the chain's last line in the file, not its last rule.
    assert.equal(text.slice(parsed.chains[0].appendAt), 'COMMIT\n');
  });

  it('the last *filter table is read, the earlier one said; nat and raw rules that stop or redirect are said', () => {
    const text = [
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      '-A PREROUTING -p tcp --dport 10000 -j DNAT --to-destination 10.1.2.30:10000',
      '-A PREROUTING -p tcp --dport 8080 -j REDIRECT --to-ports 80',
      'COMMIT',
      '*raw',
      ':PREROUTING ACCEPT [0:0]',
      '-A PREROUTING -s 10.66.0.0/16 -j DROP',
      '-A PREROUTING -j CT --notrack',
      'COMMIT',
      '*filter',
      ':INPUT ACCEPT [0:0]',
      'COMMIT',
      '*filter',
      ':INPUT DROP [0:0]',
      'COMMIT',
      '',
    ].join('\n');
    const parsed = readIptablesSave(text);
    // The nat and raw tables' addresses tell the family.
    assert.deepEqual(parsed.chains.map((chain) => chainShape(text, chain)), [['INPUT', 'INPUT', 4, 'inbound', 'block@DROP', undefined, 0]]);
    assert.deepEqual(notes(text), [
      ['a later *filter table in this file replaces this one when iptables-restore loads it: befw reads the last one', 'filter'],
      ['DNAT in the nat table may send connections elsewhere before the filter table sees them; befw evaluates the filter table only', 'DNAT'],
      ['REDIRECT in the nat table may send connections elsewhere before the filter table sees them; befw evaluates the filter table only', 'REDIRECT'],
      ['DROP in the raw table may stop connections before the filter table sees them; befw evaluates the filter table only', 'DROP'],
    ]);
    assert.equal(under(text, parsed.unresolved[0].range), 'filter');
    assert.equal(parsed.unresolved[0].range[0], 1 + text.indexOf('*filter'));
  });

  it('a file with no table is not recognised', () => {
    assert.deepEqual([readIptablesSave('# nothing here\n').recognised, readIptablesSave('').chains], [false, []]);
  });
});
