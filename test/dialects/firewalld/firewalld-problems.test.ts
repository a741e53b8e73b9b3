import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseFirewalldZone } from '../../../server/src/engine/dialects/firewalld/parse';
import type { OffsetRange } from '../../../server/src/engine/model/types';
import { sourceFolder } from '../../support/engine';
import { checkZone, offlineCmdUnavailable } from './offlineCmd';

const at = (text: string, range: OffsetRange) => text.slice(range[0], range[1]);
const zone = (...children: string[]) => `<?xml version="1.0" encoding="utf-8"?>\n<zone>\n${children.map((child) => `  ${child}\n`).join('')}</zone>\n`;
const parse = (text: string) => parseFirewalldZone(text, 'file:///x/agent.zone.xml');
/** Each problem as [message, the text under its range]. */
const problemsOf = (text: string) => parse(text).problems.map((p) => [p.message, at(text, p.range)]);

const REFUSED = 'firewalld refuses the zone file';
const NOT_XML = 'firewalld refuses a zone file that is not well-formed XML and falls back to its stock configuration';
const SKIPPED = '(firewalld 1.3.3 skips it with a warning); befw does not count it';

/** Each case: a zone, what befw says (message, text under the range), and what firewall-offline-cmd 1.3.3 --check-config prints of it. */
interface Case {
  readonly text: string;
  readonly problems: readonly (readonly [string, string])[];
  readonly tool: RegExp;
}

const REFUSALS: Case[] = [
  { text: zone('<bogus/>'), problems: [[`unknown element <bogus>: ${REFUSED} (PARSE_ERROR) and falls back to its stock configuration; remove it or correct its name (see firewalld.zone(5))`, 'bogus']], tool: /PARSE_ERROR: Unexpected element bogus/ },
  { text: zone('<port port="10000" protocol="tcp" comment="NDMP"/>'), problems: [[`<port> has no attribute comment: ${REFUSED} (PARSE_ERROR) and falls back to its stock configuration; remove it or correct its name`, 'comment']], tool: /PARSE_ERROR: port: Unexpected attribute comment/ },
  { text: zone('<port protocol="tcp"/>'), problems: [[`<port> needs port="…": ${REFUSED} (PARSE_ERROR) and falls back to its stock configuration`, 'port']], tool: /PARSE_ERROR: Missing attribute port for port/ },
  { text: zone('<port port="100000" protocol="tcp"/>'), problems: [[`port "100000" is above 65535: ${REFUSED} (INVALID_PORT) and falls back to its stock configuration`, '100000']], tool: /INVALID_PORT/ },
  { text: zone('<port port="10000" protocol="TCP"/>'), problems: [[`protocol "TCP" is not one of tcp, udp, sctp, dccp (lower case): ${REFUSED} (INVALID_PROTOCOL) and falls back to its stock configuration`, 'TCP']], tool: /INVALID_PROTOCOL/ },
  { text: zone('<source address="10.0.0.300"/>'), problems: [[`source address "10.0.0.300" is not an IP address or subnet: ${REFUSED} (INVALID_ADDR) and falls back to its stock configuration`, '10.0.0.300']], tool: /INVALID_ADDR: 10\.0\.0\.300/ },
  { text: zone().replace('<zone>', '<zone target="REJECT">'), problems: [[`target "REJECT" is not ACCEPT, %%REJECT%%, DROP or default: ${REFUSED} (INVALID_TARGET) and falls back to its stock configuration`, 'REJECT']], tool: /INVALID_TARGET: REJECT/ },
  { text: zone('<rule family="ipv4" priority="high"><port port="10000" protocol="tcp"/><accept/></rule>'), problems: [[`priority "high" is not a whole number: ${REFUSED} (invalid literal for int()) and falls back to its stock configuration`, 'high']], tool: /invalid literal for int\(\)/ },
];

const SKIPPED_RULES: Case[] = [
  { text: zone('<rule family="IPv4"><port port="10000" protocol="tcp"/><accept/></rule>'), problems: [[`firewalld does not apply this rule: family "IPv4" is not ipv4 or ipv6 ${SKIPPED}`, 'IPv4']], tool: /WARNING: Invalid rule: Rule family "IPv4" invalid/ },
  { text: zone('<rule><source address="10.1.1.10"/><accept/></rule>'), problems: [[`firewalld does not apply this rule: a rule with a source address needs family="ipv4" or family="ipv6" ${SKIPPED}`, 'source']], tool: /WARNING: MISSING_FAMILY/ },
  { text: zone('<rule family="ipv6"><source address="10.1.1.10"/><accept/></rule>'), problems: [[`firewalld does not apply this rule: source address "10.1.1.10" is not an IPv6 address or subnet ${SKIPPED}`, '10.1.1.10']], tool: /WARNING: INVALID_ADDR: 10\.1\.1\.10/ },
  { text: zone('<rule family="ipv4"><port port="10000" protocol="tcp"/><service name="ssh"/><accept/></rule>'), problems: [[`firewalld does not apply this rule: it has more than one element (service, port, protocol …) ${SKIPPED}`, 'service']], tool: /WARNING: Invalid rule: More than one element/ },
  { text: zone('<rule family="ipv4"><source ipset="be" address="10.1.1.10"/><accept/></rule>'), problems: [[`firewalld does not apply this rule: its <source> needs exactly one of address=, mac= or ipset= ${SKIPPED}`, 'source']], tool: /WARNING: INVALID_RULE: address and ipset/ },
  { text: zone('<rule family="ipv4"><port port="70000" protocol="tcp"/><accept/></rule>'), problems: [[`firewalld does not apply this rule: port "70000" is above 65535 ${SKIPPED}`, '70000']], tool: /WARNING: INVALID_PORT: 70000/ },
  { text: zone('<rule priority="40000"><port port="10000" protocol="tcp"/><accept/></rule>'), problems: [[`firewalld does not apply this rule: priority 40000 is outside -32768…32767 ${SKIPPED}`, '40000']], tool: /WARNING: INVALID_PRIORITY/ },
  { text: zone('<rule><port port="10000" protocol="tcp"/></rule>'), problems: [[`firewalld does not apply this rule: it has no action, no log and no audit ${SKIPPED}`, 'rule']], tool: /WARNING: INVALID_RULE: no action, no log, no audit/ },
  { text: zone('<rule><port port="10000" protocol="tcp"/><audit/></rule>'), problems: [[`firewalld does not apply this rule: an <audit> needs an accept, reject or drop action (INVALID_AUDIT_TYPE) ${SKIPPED}`, 'audit']], tool: /WARNING: INVALID_AUDIT_TYPE/ },
  { text: zone('<rule><accept/></rule>'), problems: [[`firewalld does not apply this rule: it has no element, no source and no destination ${SKIPPED}`, 'rule']], tool: /WARNING: INVALID_RULE: no element, no source, no destination/ },
  { text: zone('<source address="10.1.0.0/16" invert="true"/>'), problems: [['firewalld ignores a zone <source> with invert= (firewalld 1.3.3: "Invertion not allowed here"); remove invert or the element', 'source']], tool: /WARNING: Invalid source: Invertion not allowed here/ },
  {
    text: zone('<rule family="ipv4"><destination address="10.1.2.20"/><destination address="10.1.2.21"/><port port="10000" protocol="tcp"/><accept/></rule>'),
    problems: [['firewalld uses only the first <destination> of a rule (firewalld 1.3.3: "More than one destination"); remove the others', 'destination']],
    tool: /WARNING: Invalid rule: More than one destination/,
  },
];

const NOT_WELL_FORMED: Case[] = [
  { text: '<zone>\n  <port port="100', problems: [[`the file ends inside "<port port="100"; </zone> never comes: it looks cut off, and what followed is missing; ${NOT_XML}`, '<port port="100']], tool: /INVALID_ZONE: not a valid zone file: unclosed token/ },
  { text: '<zone>\n  <rule family="ipv4">\n    <source address="10.1.1.10"/>\n', problems: [[`the file ends before </rule></zone>: <rule> is never closed (a truncated copy?); ${NOT_XML}`, 'rule']], tool: /INVALID_ZONE: not a valid zone file: no element found/ },
  { text: zone('<port port="&ndmp;" protocol="tcp"/>'), problems: [['undefined entity "&ndmp;": befw reads only &lt; &gt; &amp; &quot; &apos; and character references (&#10000;); write the value itself', '&ndmp;']], tool: /INVALID_ZONE: not a valid zone file: undefined entity/ },
  { text: zone('<port port="10000" protocol="tcp" port="6101"/>'), problems: [[`attribute port is written twice in this tag; ${NOT_XML}`, 'port']], tool: /INVALID_ZONE: not a valid zone file: duplicate attribute/ },
  { text: zone('<rule family="ipv4"><accept/>').replace('</zone>', '</zone>'), problems: [[`not well-formed XML: unexpected close tag; ${NOT_XML}`, '</zone>']], tool: /INVALID_ZONE: not a valid zone file: mismatched tag/ },
  { text: `${zone()}# copied from the host`, problems: [[`text outside the <zone> element: "# copied from the host"; ${NOT_XML}`, '# copied from the host']], tool: /INVALID_ZONE: not a valid zone file: not well-formed \(invalid token\)/ },
];

describe('firewalld zone files: problems', () => {
  for (const [title, cases, refused] of [
    ['values for which firewalld refuses the whole file', REFUSALS, true],
    ['rich rules firewalld skips', SKIPPED_RULES, false],
    ['XML that is not well-formed', NOT_WELL_FORMED, true],
  ] as const) {
    it(`says what is wrong at its place: ${title}, as firewall-offline-cmd does`, (t) => {
      for (const { text, problems, tool } of cases) {
        assert.deepEqual(problemsOf(text), problems, text);
        if (offlineCmdUnavailable) continue;
        const checked = checkZone(text);
        assert.match(checked.output, tool, text);
        assert.equal(checked.status !== 0, refused, `${text}: ${checked.output}`);
      }
      if (offlineCmdUnavailable) t.skip(`not compared with firewall-offline-cmd: ${offlineCmdUnavailable}`);
    });
  }

  it('counts nothing of a rule firewalld skips, and keeps the rules before a cut', () => {
    const skipped = parse(zone('<rule family="ipv4"><source address="10.1.1.10"/><port port="10000" protocol="tcp"/><service name="ssh"/><accept/></rule>'));
    assert.deepEqual(skipped.chains[0].rules, []);
    const fixture = readFileSync(join(sourceFolder(__dirname), 'ralus01-public.zone.xml'), 'utf8');
    const cut = fixture.slice(0, fixture.indexOf('protocol="udp"'));
    const read = parse(cut);
    assert.deepEqual(read.problems.map((p) => at(cut, p.range)), ['<port port="6101"']);
    // The three services and the two ports before the cut; not the cut <port>.
    assert.deepEqual(read.chains[0].rules.map((rule) => at(cut, rule.range)), ['<service name="ssh"/>', '<service name="dhcpv6-client"/>', '<service name="cockpit"/>', '<port port="10000" protocol="tcp"/>', '<port port="50149-50100" protocol="tcp"/>']);
  });

  it('says nothing of an empty file, and names the root of a file that is not a zone', () => {
    for (const text of ['', '  \n\t']) assert.deepEqual([parse(text).problems, parse(text).chains, parse(text).recognised], [[], [], false]);
    const service = '<?xml version="1.0"?>\n<service>\n  <port port="10000" protocol="tcp"/>\n</service>\n';
    assert.deepEqual(problemsOf(service), [['the root element is <service>, not <zone>: befw reads firewalld zone files (firewalld.zone(5)); a service file is read by firewalld only through a zone\'s <service>', 'service']]);
    assert.deepEqual(problemsOf('<!-- nothing yet -->'), [[`the file has no element: ${NOT_XML}`, '<!-- nothing yet -->']]);
    assert.deepEqual(problemsOf(zone('<destination address="10.1.2.20"/>')), [['<destination> belongs inside a <rule>: firewalld does not apply it here; move it into the rule it is meant for', 'destination']]);
  });

  it('never throws on a cut at any place, garbage, huge values or deep nesting, and keeps every range inside the text', () => {
    const fixture = readFileSync(join(sourceFolder(__dirname), 'backup-vlan.zone.xml'), 'utf8');
    const texts = [
      ...Array.from({ length: fixture.length + 1 }, (_, end) => fixture.slice(0, end)),
      '<'.repeat(100_000),
      `<zone><port port="${'9'.repeat(1_000_000)}" protocol="tcp"/></zone>`,
      `<zone>${'<rule>'.repeat(100_000)}`,
      '\u0000\uffff<zone\u0000>'.repeat(10_000),
      '<zone><![CDATA[<port port="1" protocol="tcp"/>]]><?pi x?></zone>',
    ];
    for (const text of texts) {
      const read = parse(text);
      for (const place of [...read.problems, ...read.unresolved].map((p) => p.range)) assert.ok(place[0] >= 0 && place[0] <= place[1] && place[1] <= text.length, `${place} in ${text.slice(0, 40)}`);
      for (const rule of read.chains.flatMap((chain) => chain.rules)) assert.ok(rule.range[1] <= text.length);
    }
  });

  it('reads a zone of 50,000 elements', () => {
    const children = Array.from({ length: 50_000 }, (_, i) => (i % 2 === 0 ? `<port port="${1024 + (i % 60_000)}" protocol="tcp"/>` : `<rule family="ipv4"><source address="10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}"/><port port="10000" protocol="tcp"/><accept/></rule>`));
    const text = zone(...children);
    const read = parse(text);
    assert.deepEqual(read.problems, []);
    const rules = read.chains[0].rules;
    assert.equal(rules.length, 50_000);
    assert.equal(at(text, rules[rules.length - 1].range), children[children.length - 1]);
  });
});
