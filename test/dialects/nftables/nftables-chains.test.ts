import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readNftables } from '../../../server/src/engine/dialects/nftables/chains';
import { servicePort } from '../../../server/src/engine/dialects/nftables/services';
import { chainView, notesView, ruleView } from './chainsView';

/**
 * nft text read into chains: which chains are walked (families, hooks, priorities, policies), what each
 * rule matches (values with the exact text they stand on), and what is host-only, with its BEX018 note.
 * conversion.nft is an nft -f script that nft 1.0.6 checks clean here once its deliberate gaps (a
 * missing goto target, an undefined variable, an include, names this machine's /etc/services lacks,
 * queue without its kernel module) are taken out.
 */

const fixture = (name: string) => readFileSync(join(__dirname, '../../../../test/dialects/nftables', name), 'utf8');

describe('nftables: listing to chains', () => {
  const text = fixture('conversion.nft');
  const parse = readNftables(text);
  const rulesOf = (id: string) => parse.chains.find((chain) => chain.id === id)!.rules.map((rule) => ruleView(text, rule));

  it('walks filter chains on input and output of ip, ip6 and inet tables, with ids unique across tables', () => {
    assert.deepEqual(chainView(text, parse), [
      // `filter - 10` is Table 6's filter (0) minus 10.
      'inet filter/input family=both inbound priority=-10 policy=block@drop',
      'inet filter/ralus_extra family=both regular',
      // No policy written: nft(8) says accept is the default.
      'inet filter/output family=both outbound priority=0 policy=none',
      // raw_pre (prerouting) is not walked; `mangle + 5` is -150 + 5.
      'ip mangle_in/input family=4 inbound priority=-145 policy=allow@accept',
      'ip6 v6/input family=6 inbound priority=-150 policy=allow@accept',
      // A table without family is ip (nft(8)); the bridge table is left out; `security` is 50.
      'ip nofamily/input family=4 inbound priority=50 policy=allow@accept',
      'ip nofamily/input (2) family=4 regular',
    ]);
    assert.equal(parse.chains[2].policyAssumed, 'the chain states no policy, and nft(8) says accept is the default');
    assert.equal(parse.chains[0].policyAssumed, undefined);
    assert.deepEqual([parse.eol, parse.recognised], ['\n', true]);
  });

  it('reads addresses, ports, sets, defines and service names; what the host decides is host-only', () => {
    assert.deepEqual(rulesOf('inet filter/input'), [
      'iif "lo" accept => accept loopback-only',
      'ct state established,related accept => accept established-only',
      'ct state invalid drop => drop established-only',
      // A new connection's first packet is in state new (nft(8) ct state).
      'ct state { new, established } tcp dport 6101 accept => tcp@tcp ports=[6101@6101] accept',
      'ct state untracked accept => accept host-only@ct state untracked',
      'ip saddr @blocklist drop => from=[0.0.0.0/0@ip] drop host-only@ip saddr @blocklist',
      'ip saddr $BE_SERVERS tcp dport $NDMP accept comment "NDMP from the media servers" => tcp@tcp from=[10.1.1.10@$BE_SERVERS 10.1.1.11@$BE_SERVERS] ports=[10000@$NDMP] accept name@NDMP from the media servers',
      'ip saddr @backup_servers tcp dport @ralus_ports accept => tcp@tcp from=[10.1.1.10@@backup_servers 10.1.3.0/24@@backup_servers 192.168.50.1-192.168.50.20@@backup_servers] ports=[6101@@ralus_ports 10000@@ralus_ports] accept',
      'ip6 saddr fd00:be::/64 tcp dport { ndmp, 1025-65535 } accept comment "Backup Exec (IPv6 site)" => tcp@tcp from=[fd00:be::/64@fd00:be::/64] ports=[10000@ndmp 1025-65535@1025-65535] accept name@Backup Exec (IPv6 site)',
      'tcp dport grfs ip saddr 10.1.1.10 accept => tcp@tcp from=[10.1.1.10@10.1.1.10] ports=[6101@grfs] accept',
      'tcp dport webmin accept comment "Webmin" => tcp@tcp accept host-only@tcp dport webmin name@Webmin',
      'iifname "eth1" tcp dport 22 accept => tcp@tcp ports=[22@22] accept host-only@iifname "eth1"',
      'tcp dport >= 50000 ip saddr $ADMIN_NET accept => tcp@tcp from=[192.168.77.0/24@$ADMIN_NET] ports=[50000-65535@50000] accept',
      'ip saddr @empty_or_terse accept => from=[0.0.0.0/0@ip] accept host-only@ip saddr @empty_or_terse',
      // Both protocols of a flow: no protocol restriction.
      'meta l4proto { tcp, udp } th dport 53 accept => ports=[53@53] accept',
      'meta nfproto ipv4 tcp sport 53 drop => tcp@tcp from=[0.0.0.0/0@ipv4] drop host-only@tcp sport 53',
      'tcp dport vmap { 8080 : drop, 8443 : accept } => tcp@tcp drop host-only@tcp dport vmap { 8080 : drop, 8443 : accept }',
      'icmp type echo-request accept => icmp@icmp accept',
      'jump ralus_extra => jump:inet filter/ralus_extra',
      'goto nowhere => goto:inet filter/nowhere host-only@goto nowhere',
      'counter comment "dropped by policy" => continue name@dropped by policy',
    ]);
    assert.deepEqual(rulesOf('inet filter/ralus_extra'), [
      'ip saddr $UNDEFINED accept => from=[0.0.0.0/0@ip] accept host-only@ip saddr $UNDEFINED',
      'udp dport https accept => udp@udp ports=[443@https] accept',
      // The sources give grfs for TCP only.
      'udp dport grfs accept => udp@udp accept host-only@udp dport grfs',
      'return => return',
    ]);
    assert.deepEqual(rulesOf('inet filter/output'), ['oif "lo" accept => accept loopback-only']);
    assert.deepEqual(rulesOf('ip mangle_in/input'), ['tcp dport 10000 queue => tcp@tcp ports=[10000@10000] drop host-only@queue']);
    assert.deepEqual(rulesOf('ip nofamily/input'), ['ip saddr 10.9.9.9 reject with tcp reset => from=[10.9.9.9@10.9.9.9] reject']);
  });

  it('says what it cannot know at the exact text, once per place', () => {
    assert.deepEqual(notesView(text, parse.problems), [
      'nowhere :: Chain `nowhere` is not in table `inet filter`: nft refuses a goto to a chain that does not exist. If this is part of a listing, list the whole ruleset (nft list ruleset).',
    ]);
    assert.deepEqual(notesView(text, parse.unresolved), [
      "ct state untracked :: ct state untracked: untracked packets, and whether a connection is tracked depends on the host's notrack rules; befw never counts it as allowing a Backup Exec flow",
      '@blocklist :: ip saddr @blocklist: @blocklist is a set the ruleset fills while it runs (flags dynamic,timeout), so its members are known only on the host; befw does not count it as dropping a Backup Exec flow, and says which flows it may drop',
      "webmin :: port name webmin is read from the host's /etc/services, which befw does not have; print the ruleset with nft -nn (or without -S)",
      'iifname "eth1" :: iifname "eth1": an interface other than lo, and which connections pass through it is known only on the host; befw never counts it as allowing a Backup Exec flow',
      '@empty_or_terse :: ip saddr @empty_or_terse: @empty_or_terse lists no elements here (an empty set, or a listing made without set contents), so its members are known only on the host; befw never counts it as allowing a Backup Exec flow',
      'tcp sport 53 :: tcp sport 53: a source port match, and Backup Exec connects from dynamic source ports; befw does not count it as dropping a Backup Exec flow, and says which flows it may drop',
      'tcp dport vmap { 8080 : drop, 8443 : accept } :: tcp dport vmap { 8080 : drop, 8443 : accept }: a verdict map, which befw does not evaluate; befw does not count it as dropping a Backup Exec flow, and says which flows it may drop',
      '$UNDEFINED :: ip saddr $UNDEFINED: $UNDEFINED is not defined in this file, so its value is known only where the ruleset is loaded; befw never counts it as allowing a Backup Exec flow',
      "grfs :: port name grfs is read from the host's /etc/services, which befw does not have; print the ruleset with nft -nn (or without -S)",
      'type filter hook prerouting priority raw :: chain inet filter raw_pre (type filter, hook prerouting) may drop connections to or from this host, but befw walks only type filter chains on the input and output hooks: what it drops is not checked',
      'queue :: queue: a user-space program decides; befw does not count it as dropping a Backup Exec flow, and says which flows it may drop',
      'add rule inet filter input tcp dport 9 accept :: `add rule inet filter input tcp dport 9 accept` changes the ruleset when the script runs; befw reads rules as nft list ruleset prints them, so load the script and check the listing to have this checked',
      'include "/etc/nftables.d/*.nft" :: the rules of /etc/nftables.d/*.nft are not read: befw reads one file; list the loaded ruleset (nft list ruleset) to have them checked',
    ]);
  });

  it('places an appended rule after the last rule, or before a `}` that shares its line', () => {
    const appendAt = (id: string) => {
      const offset = parse.chains.find((chain) => chain.id === id)!.appendAt;
      return text.slice(offset - 12, offset) + '|' + text.slice(offset, offset + 8);
    };
    assert.equal(appendAt('inet filter/input'), ' by policy"\n|\t}\n\n\tcha');
    assert.equal(appendAt('inet filter/output'), '"lo" accept\n|\t}\n\n\tcha');
    assert.equal(appendAt('ip mangle_in/input'), '0000 queue; |}\n}\ntabl');
    // An empty base chain: after its type line.
    assert.equal(appendAt('ip6 v6/input'), 'icy accept;\n|\t}\n}\ntab');
  });

  it('a priority nft would refuse is a problem at its text, and the chain is ordered as 0', () => {
    const bad = 'table inet t {\n\tchain a {\n\t\ttype filter hook input;\n\t}\n\tchain b {\n\t\ttype filter hook input priority sideways + 5; policy drop;\n\t}\n}\n';
    const read = readNftables(bad);
    assert.deepEqual(read.chains.map((chain) => chain.priority), [0, 0]);
    assert.deepEqual(notesView(bad, read.problems), [
      'type filter hook input :: This base chain has no priority, which nft requires: write `priority filter` (0) after the hook. befw orders it as priority 0.',
      'sideways + 5 :: `sideways+5` is not a chain priority: nft(8) takes a number or raw, mangle, dstnat, filter, security or srcnat, optionally plus or minus a number. befw orders this chain as priority 0.',
    ]);
  });

  it('the names table holds only the sources\' names, each for the protocols they list', () => {
    assert.deepEqual(
      ['ndmp', 'grfs', 'beserver-msg-q', 'http', 'https', 'webmin', 'NDMP', 'ssh'].map((name) => [servicePort(name, 'tcp'), servicePort(name, 'udp'), servicePort(name, undefined)]),
      [[10000, 10000, 10000], [6101, undefined, undefined], [3527, 3527, 3527], [80, 80, 80], [443, 443, 443], [undefined, undefined, undefined], [undefined, undefined, undefined], [undefined, undefined, undefined]],
    );
  });
});
