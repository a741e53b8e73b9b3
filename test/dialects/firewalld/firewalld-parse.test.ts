import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ChainRuleText } from '../../../server/src/engine/dialects/chains/chainText';
import { parseFirewalldZone } from '../../../server/src/engine/dialects/firewalld/parse';
import { dialectById, dialectFor, parseInDialect } from '../../../server/src/engine/dialects/registry';
import type { OffsetRange } from '../../../server/src/engine/model/types';
import { sourceFolder } from '../../support/engine';

const read = (name: string) => readFileSync(join(sourceFolder(__dirname), name), 'utf8');
const at = (text: string, range: OffsetRange | undefined) => (range ? text.slice(range[0], range[1]) : undefined);

/** A chain rule as "what it does @ where", each value with the text its range covers. */
function described(text: string, rule: ChainRuleText) {
  const items = (list: ChainRuleText['sources']) => list?.items.map((item) => `${item.value} @${at(text, item.range)}`);
  return {
    rule: at(text, rule.range)!.split(/\r?\n/)[0],
    verdict: `${rule.verdict.value.kind} @${at(text, rule.verdict.range)}`,
    protocol: rule.protocol && `${rule.protocol.value} @${at(text, rule.protocol.range)}`,
    ports: items(rule.ports),
    sources: items(rule.sources),
    destinations: items(rule.destinations),
    hostOnly: rule.hostOnly && at(text, rule.hostOnly.range),
  };
}

describe('firewalld zone files', () => {
  it('reads every zone element into one inbound chain, in the order firewalld walks it, with exact ranges', () => {
    const text = read('ralus01-public.zone.xml');
    const parse = parseFirewalldZone(text, 'file:///etc-copy/ralus01-public.zone.xml');
    assert.deepEqual(parse.problems, []);
    assert.equal(parse.eol, '\n');
    const [chain] = parse.chains;
    assert.equal(parse.chains.length, 1);
    assert.deepEqual([chain.id, chain.name.value, at(text, chain.name.range), chain.hook, chain.family, chain.policyAssumed], ['zone ralus01-public', 'zone ralus01-public', 'zone', 'inbound', undefined, undefined]);
    // No target: rejected, said at <zone.
    assert.deepEqual([chain.policy?.value, at(text, chain.policy?.range)], ['block', 'zone']);
    // Appended rules go before </zone>, at the start of its line.
    assert.equal(text.slice(chain.appendAt), '</zone>\n');
    const none = { protocol: undefined, ports: undefined, sources: undefined, destinations: undefined, hostOnly: undefined };
    assert.deepEqual(
      chain.rules.map((rule) => described(text, rule)),
      [
        // Priority -100, in file order: before everything else.
        { ...none, rule: '<rule family="ipv4" priority="-100">', verdict: 'accept @accept', sources: ['10.20.5.17 @10.20.5.17'] },
        { ...none, rule: '<rule family="ipv4" priority="-100">', verdict: 'drop @drop', protocol: 'tcp @tcp', sources: ['0.0.0.0/0 @ipv4'], hostOnly: 'invert="yes"' },
        // Priority 0: log only, then deny, then allow (the zone's services, ports and protocols with the accept rich rules).
        { ...none, rule: '<rule>', verdict: 'continue @log', protocol: 'tcp @tcp' },
        { ...none, rule: '<rule family="ipv4">', verdict: 'reject @reject', protocol: 'tcp @tcp', ports: ['10000 @10000'], sources: ['10.20.0.0/255.255.0.0 @10.20.0.0/255.255.0.0'] },
        { ...none, rule: '<service name="ssh"/>', verdict: 'accept @service', hostOnly: 'ssh' },
        { ...none, rule: '<service name="dhcpv6-client"/>', verdict: 'accept @service', hostOnly: 'dhcpv6-client' },
        { ...none, rule: '<service name="cockpit"/>', verdict: 'accept @service', hostOnly: 'cockpit' },
        { ...none, rule: '<port port="10000" protocol="tcp"/>', verdict: 'accept @port', protocol: 'tcp @tcp', ports: ['10000 @10000'] },
        // Written high-low, read low-high (firewalld getPortRange).
        { ...none, rule: '<port port="50149-50100" protocol="tcp"/>', verdict: 'accept @port', protocol: 'tcp @tcp', ports: ['50100-50149 @50149-50100'] },
        { ...none, rule: '<port port="6101" protocol="udp"/>', verdict: 'accept @port', protocol: 'udp @udp', ports: ['6101 @6101'] },
        { ...none, rule: '<protocol value="igmp"/>', verdict: 'accept @protocol', protocol: 'igmp @igmp' },
        { ...none, rule: '<source-port port="20" protocol="tcp"/>', verdict: 'accept @source-port', hostOnly: '20' },
        // n-n is port n; the family is the sources' too.
        { rule: '<rule family="ipv6">', verdict: 'accept @accept', protocol: 'tcp @tcp', ports: ['10000 @10000-10000'], sources: ['fd12:3456:789a::/48 @fd12:3456:789a::/48'], destinations: ['fd12:3456:789a::20 @fd12:3456:789a::20'], hostOnly: undefined },
        // Priority 32000: after everything.
        { ...none, rule: '<rule family="ipv4" priority="32000">', verdict: 'drop @drop', sources: ['0.0.0.0/0 @ipv4'], hostOnly: 'backup-servers' },
      ],
    );
    // A rule over several lines is named on one.
    assert.equal(chain.rules[3].name?.value, '<rule family="ipv4"><source address="10.20.0.0/255.255.0.0"/><port port="10000" protocol="tcp"/><log prefix="NDMP lab " level="info"><limit value="1/m"/></log><reject type="icmp-host-prohibited"/></rule>');
    assert.equal(at(text, chain.rules[3].name?.range), at(text, chain.rules[3].range));
    assert.match(at(text, chain.rules[3].range)!, /<\/rule>$/);
    assert.deepEqual(
      parse.unresolved.map((note) => at(text, note.range)),
      ['ssh', 'dhcpv6-client', 'cockpit', '20', 'forward-port', 'backup-servers', 'bacula-client', 'invert="yes"', 'ndmp'],
    );
    const notes = parse.unresolved.map((note) => note.message);
    assert.match(notes[0], /^service "ssh" is defined on the host \(\/etc\/firewalld\/services\/ssh\.xml, else \/usr\/lib\/firewalld\/services\/ssh\.xml\) and befw does not ship firewalld's service definitions; firewalld ships no Backup Exec or NDMP service/);
    assert.match(notes[8], /^port "ndmp" is a service name firewalld looks up in the host's \/etc\/services; befw cannot evaluate it/);
  });

  it('reads CRLF, a byte order mark, tabs, entities, comments and astral characters with exact ranges; zone sources bind every rule', () => {
    const text = read('backup-vlan.zone.xml');
    assert.ok(text.includes('\r\n') && text.startsWith('\ufeff') && text.includes('🛡️'));
    const parse = parseFirewalldZone(text, 'file:///c%3A/exports/backup-vlan.zone.xml');
    assert.deepEqual(parse.problems, []);
    assert.equal(parse.eol, '\r\n');
    const [chain] = parse.chains;
    assert.deepEqual([chain.id, chain.policy?.value, at(text, chain.policy?.range)], ['zone backup-vlan', 'block', '%%REJECT%%']);
    assert.equal(text.slice(chain.appendAt), '</zone>\r\n');
    const none = { protocol: undefined, ports: undefined, sources: undefined, destinations: undefined, hostOnly: undefined };
    assert.deepEqual(
      chain.rules.map((rule) => described(text, rule)),
      [
        // IPv6 only, and from the zone's IPv6 source only: the zone's /64 lies inside the rule's /48.
        { ...none, rule: '<rule family="ipv6" priority="-1"><source address="2001:db8:10::/48"/><port port="10000" protocol="tcp"/><drop/></rule>', verdict: 'drop @drop', protocol: 'tcp @tcp', ports: ['10000 @10000'], sources: ['2001:db8:10::/64 @2001:db8:10::/64'] },
        { ...none, rule: '<port protocol="tcp" port="10000"/>', verdict: 'accept @port', protocol: 'tcp @tcp', ports: ['10000 @10000'], sources: ['10.1.1.0/24 @10.1.1.0/24', '2001:db8:10::/64 @2001:db8:10::/64'] },
        { ...none, rule: '<rule family="ipv4">', verdict: 'accept @accept', protocol: 'tcp @tcp', ports: ['50100-50149 @50100-50149'], sources: ['10.1.1.10 @10.1.1.10'] },
        { ...none, rule: '<rule family="ipv4"><destination address="10.1.2.20"/><port port="6101" protocol="tcp"/><accept/></rule>', verdict: 'accept @accept', protocol: 'tcp @tcp', ports: ['6101 @6101'], sources: ['10.1.1.0/24 @10.1.1.0/24'], destinations: ['10.1.2.20 @10.1.2.20'] },
      ],
    );
    assert.deepEqual(
      parse.unresolved.map((note) => [note.message.slice(0, 60), at(text, note.range)]),
      [
        ['this zone applies only to traffic from its <source> addresse', 'source'],
        ['ipset be-media-servers is bound to this zone: which hosts it', 'be-media-servers'],
        ['interface ens192 is bound to this zone: which interface traf', 'ens192'],
      ],
    );
  });

  it('is the firewalld-zone dialect: by file name, by content after a declaration and comments, and through the rule model', () => {
    const firewalld = dialectById('firewalld-zone')!;
    assert.deepEqual([firewalld.label, firewalld.extensions, firewalld.lineComment], ['firewalld zone XML', ['.zone.xml', '.firewalld.xml'], undefined]);
    assert.equal(dialectFor('file:///x/public.ZONE.xml').id, 'firewalld-zone');
    assert.equal(dialectFor('file:///x/public.xml', read('backup-vlan.zone.xml')).id, 'firewalld-zone');
    assert.equal(dialectFor('file:///x/public.xml', '<!-- a -->\n<!-- b -->\n<zone/>').id, 'firewalld-zone');
    assert.equal(dialectFor('file:///x/ssh.xml', '<?xml version="1.0"?>\n<service><port port="22" protocol="tcp"/></service>').id, 'yaml');
    assert.equal(dialectFor('file:///x/public.txt', '<zones/>').id, 'yaml');
    const text = read('ralus01-public.zone.xml');
    const model = parseInDialect({ uri: 'file:///x/public.xml', text }, firewalld);
    assert.deepEqual([model.dialect, model.evaluation, model.defaults], ['firewalld-zone', 'chains', { inbound: 'block', outbound: 'allow' }]);
    // The model's rules are those that decide by themselves: not the log rule, nor the ones known only on the host, nor <protocol value="igmp"/> (no Backup Exec flow is IGMP).
    assert.deepEqual(model.rules.map((rule) => `${rule.action} ${rule.protocol} ${rule.ports} from ${rule.sources.join(',')}`), [
      'allow any 1-65535 from 10.20.5.17',
      'block tcp 10000 from 10.20.0.0/255.255.0.0',
      'allow tcp 10000 from any',
      'allow tcp 50100-50149 from any',
      'allow udp 6101 from any',
      'allow tcp 10000 from fd12:3456:789a::/48',
    ]);
    assert.deepEqual(model.chains?.[0].rules.map((rule) => rule.hostOnly !== undefined), [false, true, false, false, true, true, true, false, false, false, false, true, false, true]);
  });
});
