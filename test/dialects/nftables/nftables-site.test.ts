import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spliced, textAt } from '../../support/checkFixtures';
import { checkFiles, diagnosticsOf, summary } from '../../support/engine';
import { fixFlow, findings, LINUX_NOTE, nftAccepts, site } from './site';

/**
 * ralus01's nftables ruleset checked through the service, the way an admin meets it: which flows get
 * through several base chains, jumps, gotos, named sets and port names, and the fixes, applied and
 * checked again (befw) and by the real nft (nft -c -f, where it runs).
 */

const lines = (...text: string[]) => `${text.join('\n')}\n`;
const NDMP_RULE = 'ip saddr 10.1.1.10 tcp dport 10000 accept comment "Remote Agent control connection (NDMP) from be01 to ralus01"';
/** Both inbound flows blocked: each reported in the rule file (at the first inbound base chain's name) and at the firewall in the manifest. */
const both = (line: number, code = 'BEX100') => [`ralus01.nft:${line} ${code}`, `ralus01.nft:${line} ${code}`, `site.bexnet.yaml:10 ${code}`, `site.bexnet.yaml:10 ${code}`, LINUX_NOTE];

const FILTER_DROPS = [
  'table inet filter {',
  '\tchain input {',
  '\t\ttype filter hook input priority filter; policy drop;',
  '\t\tct state established,related accept',
  '\t\tiif "lo" accept',
  '\t\ttcp dport 22 accept comment "SSH"',
  '\t}',
  '',
  '\tchain output {',
  '\t\ttype filter hook output priority filter; policy accept;',
  '\t}',
  '}',
];
const EARLY_ACCEPTS = [
  'table inet early {',
  '\tchain input {',
  '\t\ttype filter hook input priority -10; policy accept;',
  '\t\tip saddr 10.1.1.10 tcp dport { 10000, 50100-50149 } accept comment "Backup Exec from be01"',
  '\t}',
  '}',
];

describe('nftables: several base chains on the input hook', () => {
  it('the first (priority -10) accepts, the second (priority 0) drops by policy: blocked; the fix goes into the second', async (t) => {
    const ruleset = lines(...EARLY_ACCEPTS, ...FILTER_DROPS);
    // An accept ends only its own chain: the filter chain still runs, and its policy drops.
    assert.deepEqual(await findings(ruleset), both(2));
    assert.deepEqual(await findings(ruleset.replace('priority filter; policy drop', 'priority filter; policy accept')), [LINUX_NOTE]);
    const { fix, fixed, after } = await fixFlow(ruleset, '10000');
    assert.equal(fix.title, 'Add rule "Remote Agent control connection (NDMP) from be01 to ralus01" at the end of chain inet filter input');
    assert.equal(fixed, lines(...EARLY_ACCEPTS, ...FILTER_DROPS.slice(0, 6), `\t\t${NDMP_RULE}`, ...FILTER_DROPS.slice(6)));
    assert.deepEqual(after, ['ralus01.nft:2 BEX100', 'site.bexnet.yaml:10 BEX100', LINUX_NOTE]);
    await nftAccepts(t, fixed);
  });

  it('the first drops by a rule: blocked although the later chain accepts, and whichever runs first', async () => {
    const guard = (priority: string) => ['table ip guard {', '\tchain input {', `\t\ttype filter hook input priority ${priority}; policy accept;`, '\t\ttcp dport 10000 drop comment "no NDMP"', '\t}', '}'];
    const accepts = ['table inet filter {', '\tchain input {', '\t\ttype filter hook input priority filter; policy drop;', '\t\tip saddr 10.1.1.10 tcp dport { 10000, 50100-50149 } accept comment "Backup Exec from be01"', '\t}', '}'];
    const blocked = ['ralus01.nft:4 BEX104', 'site.bexnet.yaml:10 BEX104', LINUX_NOTE];
    assert.deepEqual(await findings(lines(...guard('-10'), ...accepts)), blocked);
    assert.deepEqual(await findings(lines(...guard('filter + 10'), ...accepts)), blocked);
    assert.deepEqual(await findings(lines(...guard('filter + 10').map((l) => l.replace('tcp dport 10000 drop', 'tcp dport 10001 drop')), ...accepts)), [LINUX_NOTE]);
  });

  it('the first drops by policy: the fix appends to that chain, after its type line', async (t) => {
    const guard = ['table ip guard {', '\tchain input {', '\t\ttype filter hook input priority raw; policy drop;', '\t\tip saddr 10.1.1.10 tcp dport 50100-50149 accept', '\t}', '}'];
    const accepts = ['table inet filter {', '\tchain input {', '\t\ttype filter hook input priority filter; policy drop;', '\t\tip saddr 10.1.1.10 tcp dport { 10000, 50100-50149 } accept', '\t}', '}'];
    const ruleset = lines(...guard, ...accepts);
    assert.deepEqual(await findings(ruleset), ['ralus01.nft:2 BEX100', 'site.bexnet.yaml:10 BEX100', LINUX_NOTE]);
    const { fix, fixed, after } = await fixFlow(ruleset, '10000');
    assert.equal(fix.title, 'Add rule "Remote Agent control connection (NDMP) from be01 to ralus01" at the end of chain ip guard input');
    assert.equal(fixed, lines(...guard.slice(0, 4), `\t\t${NDMP_RULE}`, ...guard.slice(4), ...accepts));
    assert.deepEqual(after, [LINUX_NOTE]);
    await nftAccepts(t, fixed);
  });

  it(
    'both drop by policy: one fix inserts into both chains',
    async (t) => {
      const early = ['table ip early {', '\tchain input {', '\t\ttype filter hook input priority raw; policy drop;', '\t\tct state established,related accept', '\t}', '}'];
      const ruleset = lines(...early, ...FILTER_DROPS);
      const { fixed, after } = await fixFlow(ruleset, '10000');
      assert.equal(fixed, lines(...early.slice(0, 4), `\t\t${NDMP_RULE}`, ...early.slice(4), ...FILTER_DROPS.slice(0, 6), `\t\t${NDMP_RULE}`, ...FILTER_DROPS.slice(6)));
      assert.deepEqual(after, ['ralus01.nft:2 BEX100', 'site.bexnet.yaml:10 BEX100', LINUX_NOTE]);
      await nftAccepts(t, fixed);
    },
  );
});

const JUMPS = [
  'table inet filter {',
  '\tchain input {',
  '\t\ttype filter hook input priority filter; policy drop;',
  '\t\tct state established,related accept',
  '\t\tip saddr 10.1.0.0/16 jump backup_exec',
  '\t\ttcp dport 50100-50149 goto agent_data',
  '\t\tip saddr 10.1.1.10 tcp dport 50100-50149 accept comment "after the goto"',
  '\t}',
  '',
  '\tchain backup_exec {',
  '\t\ttcp dport 10000 accept comment "NDMP"',
  '\t\treturn',
  '\t\tip saddr 10.1.1.0/24 tcp dport 50100-50149 accept comment "after the return"',
  '\t}',
  '',
  '\tchain agent_data {',
  '\t\tip saddr 10.9.0.0/16 accept comment "other site"',
  '\t}',
  '}',
];

describe('nftables: jumps, returns and gotos', () => {
  const ruleset = lines(...JUMPS);
  const data = ['ralus01.nft:2 BEX100', 'site.bexnet.yaml:10 BEX100', LINUX_NOTE];

  it('a jump comes back on return; a goto does not, so what falls off its chain meets the base chain\'s policy', async () => {
    // NDMP is accepted in backup_exec; the data ports return before its accept, then go to agent_data and fall off it.
    assert.deepEqual(await findings(ruleset), data);
    // Without the return, backup_exec accepts the data ports.
    assert.deepEqual(await findings(ruleset.replace('\t\treturn\n', '\t\tcounter\n')), [LINUX_NOTE]);
    // A jump to agent_data comes back, and the next rule accepts.
    assert.deepEqual(await findings(ruleset.replace('goto agent_data', 'jump agent_data')), [LINUX_NOTE]);
  });

  it(
    'the fix for ports a goto sends to a chain they fall off goes above the goto',
    async (t) => {
      const { fixed, after } = await fixFlow(ruleset, '50100-50149');
      const rule = '\t\tip saddr 10.1.1.10 tcp dport 50100-50149 accept comment "Remote Agent data connections from be01 to ralus01"';
      assert.equal(fixed, lines(...JUMPS.slice(0, 5), rule, ...JUMPS.slice(5)));
      assert.deepEqual(after, [LINUX_NOTE]);
      await nftAccepts(t, fixed);
    },
  );
});

describe('nftables: named sets and port names', () => {
  const withSets = (elements: string, port: string) =>
    lines(
      'table inet filter {',
      '\tset backup_servers {',
      '\t\ttype ipv4_addr',
      '\t\tflags interval',
      elements,
      '\t}',
      '',
      '\tchain input {',
      '\t\ttype filter hook input priority filter; policy drop;',
      '\t\tct state established,related accept',
      `\t\tip saddr @backup_servers tcp dport { ${port}, 50100-50149 } accept comment "Backup Exec"`,
      '\t}',
      '}',
    );
  const listed = '\t\telements = { 10.1.1.0/28, 192.168.50.1-192.168.50.20 }';

  it('a set whose elements are listed is read; one listed without them is known only on the host', async () => {
    assert.deepEqual(await findings(withSets(listed, '10000')), [LINUX_NOTE]);
    assert.deepEqual(await findings(withSets(listed.replace('10.1.1.0/28', '10.1.1.16/28'), '10000')), both(8));
    const { report } = await checkFiles(site(withSets('', '10000')), 'site.bexnet.yaml');
    assert.deepEqual(summary(report), ['ralus01.nft:11 BEX018', ...both(8)]);
    const note = diagnosticsOf(report, 'ralus01.nft').find((d) => d.code === 'BEX018')!;
    assert.equal(textAt(site(withSets('', '10000')), 'ralus01.nft', note.range), '@backup_servers');
  });

  it('ndmp counts as 10000 (the sources\' /etc/services); webmin is known only on the host that printed it', async () => {
    assert.deepEqual(await findings(withSets(listed, 'ndmp')), [LINUX_NOTE]);
    const files = site(withSets(listed, 'webmin'));
    const { report } = await checkFiles(files, 'site.bexnet.yaml');
    assert.deepEqual(summary(report), ['ralus01.nft:11 BEX018', ...both(8)]);
    const note = diagnosticsOf(report, 'ralus01.nft').find((d) => d.code === 'BEX018')!;
    assert.equal(textAt(files, 'ralus01.nft', note.range), 'webmin');
    assert.equal(note.message, "port name webmin is read from the host's /etc/services, which befw does not have; print the ruleset with nft -nn (or without -S)");
  });
});

describe('nftables: a fix in a hand-written CRLF file indented with spaces', () => {
  const ruleset = [
    'table inet filter {',
    '    chain input {',
    '        type filter hook input priority filter; policy drop;',
    '        ct state established,related accept',
    '        ip saddr 10.1.1.10 tcp dport { ndmp, 50100-50139 } accept comment "BE (old data range)"',
    '        tcp dport 50140-50149 drop comment "reserved for the monitoring agent"',
    '        tcp dport 22 accept',
    '    }',
    '}',
    '',
  ].join('\r\n');

  it('goes above the rule that drops the missing ports, in the file\'s indentation and line ends', async (t) => {
    assert.deepEqual(await findings(ruleset), ['ralus01.nft:5 BEX101', 'site.bexnet.yaml:10 BEX101', LINUX_NOTE]);
    const { fix, fixed, after } = await fixFlow(ruleset, '50100-50149');
    // The rule holds only the ports that stay closed, and its name says which.
    assert.equal(fix.title, 'Add rule "Remote Agent data connections 50140-50149 from be01 to ralus01" at chain inet filter input above "reserved for the monitoring agent"');
    const rule = '        ip saddr 10.1.1.10 tcp dport 50140-50149 accept comment "Remote Agent data connections 50140-50149 from be01 to ralus01"\r\n';
    assert.equal(fixed, spliced(ruleset, ruleset.indexOf('        tcp dport 50140'), 0, rule));
    assert.deepEqual(after, [LINUX_NOTE]);
    // nft 1.0.6 refuses CR (NOTES.md): checked as the admin would load it, with LF.
    await nftAccepts(t, fixed.replaceAll('\r\n', '\n').replace('ndmp', '10000'));
  });
});
