import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { textAt, theDiagnostic, withCode } from '../../support/checkFixtures';
import { applyFix, checkFiles, summary, type FileSet } from '../../support/engine';
import { checkZone, offlineCmdUnavailable } from './offlineCmd';

/**
 * A zone file as the host firewall of ralus01, a Linux agent host be01 backs up: the NDMP control
 * connection (TCP 10000) and the agent's data range (TCP 50100-50149) come in from be01 (10.1.1.10).
 */

const MANIFEST = 'site.bexnet.yaml';
const ZONE = 'ralus01.zone.xml';
const SITE = [
  'version: 1',
  'settings:',
  '  dynamicPorts: { agent: { enabled: true, range: 50100-50149 } }',
  'hosts:',
  '  - { name: be01, role: backup-exec-server, address: 10.1.1.10 }',
  '  - { name: ralus01, role: remote-computer, address: 10.1.2.20, agent: linux }',
  'firewalls:',
  `  - { name: ralus01-host, rules: ${ZONE}, host: ralus01 }`,
  '',
].join('\n');

const zone = (...children: string[]) => ['<?xml version="1.0" encoding="utf-8"?>', '<zone>', '  <short>Public</short>', ...children.map((child) => `  ${child}`), '</zone>', ''].join('\n');

/** Each inbound flow as "service: problem, or the rules that allow it". */
async function flows(text: string) {
  const files = { [MANIFEST]: SITE, [ZONE]: text };
  const { service, report } = await checkFiles(files, MANIFEST);
  const inbound = report.evaluations.filter((e) => e.direction === 'inbound').map((e) => `${e.flow.service.name}: ${e.problem ?? e.allowedBy.map((share) => share.rule.name).join(' + ')}`);
  const codes = summary(report).filter((line) => line.startsWith(ZONE));
  return { files, service, report, inbound, codes };
}

/** Applies the quick-fix of the zone file's first BEX100, checks again and returns the fixed text. */
async function fixFirst(text: string): Promise<{ fixed: string; title: string; after: Awaited<ReturnType<typeof flows>> }> {
  const { files, service, report } = await flows(text);
  const [missing] = withCode(report, ZONE, 'BEX100');
  const fixes = service.getQuickFixes(report, missing);
  assert.equal(fixes.length, 1);
  const next: FileSet = applyFix(files, fixes[0]);
  return { fixed: next[ZONE], title: fixes[0].title, after: await flows(next[ZONE]) };
}

/** The fixed file is one firewalld accepts; without the checker the test is reported skipped, its other assertions made. */
function assertValid(t: TestContext, text: string): void {
  if (offlineCmdUnavailable) return t.skip(`fixed zone not validated: ${offlineCmdUnavailable}`);
  assert.deepEqual(checkZone(text), { status: 0, output: '' });
}

const NDMP = 'Remote Agent control connection (NDMP)';
const DATA = 'Remote Agent data connections';

describe('A firewalld zone as a Linux agent host\'s firewall', () => {
  it('lets NDMP in by a <port>, misses the data range, and the fix appends a rich rule from be01 that lets it in', async (t) => {
    const text = zone('<service name="ssh"/>', '<port port="10000" protocol="tcp"/>');
    const before = await flows(text);
    assert.deepEqual(before.inbound, [`${NDMP}: <port port="10000" protocol="tcp"/>`, `${DATA}: missing`]);
    // Said at <zone, where the zone's chain starts; the ssh service is known only on the host.
    assert.deepEqual(before.codes, [`${ZONE}:2 BEX100`, `${ZONE}:4 BEX018`]);
    assert.equal(textAt(before.files, ZONE, theDiagnostic(before.report, ZONE, 'BEX100').range), 'zone');
    assert.match(String(theDiagnostic(before.report, ZONE, 'BEX100').message), /^Remote Agent data connections \(TCP 50100-50149\) from be01 \(10\.1\.1\.10\) to ralus01 \(10\.1\.2\.20\) does not get through firewall "ralus01-host" \(inbound\): no rule accepts TCP 50100-50149 on its way through the inbound chains \(chain zone ralus01 drops 50100-50149 by its policy\)\. Add an allow rule from be01 to ralus01\.$/);
    const { fixed, title, after } = await fixFirst(text);
    assert.equal(title, `Add rule "${DATA} from be01 to ralus01" at the end of chain zone ralus01`);
    assert.equal(fixed, zone('<service name="ssh"/>', '<port port="10000" protocol="tcp"/>', '<rule family="ipv4"><source address="10.1.1.10"/><port port="50100-50149" protocol="tcp"/><accept/></rule>'));
    assert.deepEqual(after.inbound, [`${NDMP}: <port port="10000" protocol="tcp"/>`, `${DATA}: <rule family="ipv4"><source address="10.1.1.10"/><port port="50100-50149" protocol="tcp"/><accept/></rule>`]);
    assert.deepEqual(after.codes, [`${ZONE}:4 BEX018`]);
    assertValid(t, fixed);
  });

  it('counts a rich rule only for its source, and a <service> never', async () => {
    const rich = (address: string) => `<rule family="ipv4"><source address="${address}"/><port port="10000" protocol="tcp"/><accept/></rule>`;
    assert.deepEqual((await flows(zone(rich('10.1.1.0/24')))).inbound, [`${NDMP}: ${rich('10.1.1.0/24')}`, `${DATA}: missing`]);
    assert.deepEqual((await flows(zone(rich('10.1.1.11')))).inbound, [`${NDMP}: missing`, `${DATA}: missing`]);
    const ssh = await flows(zone('<service name="ssh"/>'));
    assert.deepEqual(ssh.inbound, [`${NDMP}: missing`, `${DATA}: missing`]);
    const note = theDiagnostic(ssh.report, ZONE, 'BEX018');
    assert.equal(textAt(ssh.files, ZONE, note.range), 'ssh');
    assert.match(String(note.message), /firewalld ships no Backup Exec or NDMP service/);
  });

  it('applies the target to what no rule allows: DROP and %%REJECT%% block, ACCEPT allows', async () => {
    const withTarget = (target: string) => zone('<port port="10000" protocol="tcp"/>').replace('<zone>', `<zone target="${target}">`);
    for (const target of ['DROP', '%%REJECT%%', 'default']) {
      const { inbound, report, files } = await flows(withTarget(target));
      assert.deepEqual(inbound, [`${NDMP}: <port port="10000" protocol="tcp"/>`, `${DATA}: missing`], target);
      const missing = theDiagnostic(report, ZONE, 'BEX100');
      assert.equal(textAt(files, ZONE, missing.range), 'zone');
      // The policy that dropped it is the target, at its value.
      const policy = missing.relatedInformation?.find((related) => related.message === 'policy of chain zone ralus01');
      assert.equal(policy && textAt(files, ZONE, policy.location.range), target);
    }
    assert.deepEqual((await flows(withTarget('ACCEPT'))).inbound, [`${NDMP}: <port port="10000" protocol="tcp"/>`, `${DATA}: `]);
  });

  it('puts a reject rich rule before the accepts of its priority: it takes precedence over the <port> (BEX104)', async () => {
    const reject = '<rule family="ipv4"><source address="10.1.0.0/16"/><reject/></rule>';
    const { inbound, report, files, codes } = await flows(zone('<port port="10000" protocol="tcp"/>', reject));
    assert.deepEqual(inbound, [`${NDMP}: block-precedence`, `${DATA}: missing`]);
    assert.deepEqual(codes, [`${ZONE}:2 BEX100`, `${ZONE}:5 BEX104`]);
    const precedence = theDiagnostic(report, ZONE, 'BEX104');
    // A rule without a name is squiggled at its verdict, and named by its text in the message.
    assert.equal(textAt(files, ZONE, precedence.range), 'reject');
    assert.match(String(precedence.message), /block rule "<rule family="ipv4"><source address="10\.1\.0\.0\/16"\/><reject\/><\/rule>" takes precedence over allow rule "<port port="10000" protocol="tcp"\/>"/);
  });

  it('writes the fix for a flow a reject rule denies above that rule, with priority -1 so that it runs first', async (t) => {
    const reject = '<rule family="ipv4"><source address="10.1.0.0/16"/><reject/></rule>';
    const text = zone('<service name="ssh"/>', reject);
    const before = await flows(text);
    assert.deepEqual(before.inbound, [`${NDMP}: missing`, `${DATA}: missing`]);
    const blocked = withCode(before.report, ZONE, 'BEX100')[0];
    assert.match(String(blocked.message), /: rule "<rule family="ipv4"><source address="10\.1\.0\.0\/16"\/><reject\/><\/rule>" blocks TCP 10000\. Add an allow rule from be01 to ralus01\./);
    const { fixed, title, after } = await fixFirst(text);
    assert.equal(title, `Add rule "${NDMP} from be01 to ralus01" at chain zone ralus01 above "${reject}"`);
    const accept = '<rule family="ipv4" priority="-1"><source address="10.1.1.10"/><port port="10000" protocol="tcp"/><accept/></rule>';
    assert.equal(fixed, zone('<service name="ssh"/>', accept, reject));
    assert.deepEqual(after.inbound, [`${NDMP}: ${accept}`, `${DATA}: missing`]);
    assertValid(t, fixed);
  });

  it('runs rich rules by priority: a drop of priority 10 comes after the ports, one of -5 before, and the fix goes one lower', async (t) => {
    const drop = (priority: number) => `<rule family="ipv4" priority="${priority}"><source address="10.1.1.10"/><drop/></rule>`;
    const late = await flows(zone(drop(10), '<port port="10000" protocol="tcp"/>'));
    assert.deepEqual(late.inbound, [`${NDMP}: <port port="10000" protocol="tcp"/>`, `${DATA}: missing`]);
    assert.deepEqual((await flows(zone('<port port="10000" protocol="tcp"/>', drop(-5)))).inbound, [`${NDMP}: block-precedence`, `${DATA}: missing`]);
    const text = zone('<short>x</short>', drop(-5));
    const { fixed } = await fixFirst(text);
    const accept = '<rule family="ipv4" priority="-6"><source address="10.1.1.10"/><port port="10000" protocol="tcp"/><accept/></rule>';
    assert.equal(fixed, zone('<short>x</short>', accept, drop(-5)));
    assertValid(t, fixed);
    // Nothing runs before priority -32768: no fix is offered rather than one that does not work.
    const lowest = await flows(zone(drop(-32768)));
    assert.deepEqual(lowest.service.getQuickFixes(lowest.report, withCode(lowest.report, ZONE, 'BEX100')[0]), []);
  });

  it('keeps CRLF, tabs and comments, and writes into a zone on one line and into <zone/>', async (t) => {
    const crlf = ['<?xml version="1.0" encoding="utf-8"?>', '<zone>', '\t<!-- NDMP from the media servers -->', '\t<port port="10000" protocol="tcp"/>', '</zone>', ''].join('\r\n');
    const { fixed } = await fixFirst(crlf);
    assert.equal(fixed, crlf.replace('\t<port port="10000" protocol="tcp"/>\r\n', '\t<port port="10000" protocol="tcp"/>\r\n\t<rule family="ipv4"><source address="10.1.1.10"/><port port="50100-50149" protocol="tcp"/><accept/></rule>\r\n'));
    assertValid(t, fixed);
    const oneLine = '<zone><short>Agent</short><port port="10000" protocol="tcp"/></zone>\n';
    assert.equal((await fixFirst(oneLine)).fixed, '<zone><short>Agent</short><port port="10000" protocol="tcp"/>\n<rule family="ipv4"><source address="10.1.1.10"/><port port="50100-50149" protocol="tcp"/><accept/></rule>\n</zone>\n');
    const blocking = '<zone><service name="ssh"/><rule family="ipv4"><source address="10.1.0.0/16"/><drop/></rule></zone>';
    assert.equal((await fixFirst(blocking)).fixed, blocking.replace('<rule', '<rule family="ipv4" priority="-1"><source address="10.1.1.10"/><port port="10000" protocol="tcp"/><accept/></rule><rule'));
    const empty = '<?xml version="1.0"?>\n<zone target="%%REJECT%%"/>\n';
    const first = await fixFirst(empty);
    assert.equal(first.fixed, '<?xml version="1.0"?>\n<zone target="%%REJECT%%">\n  <rule family="ipv4"><source address="10.1.1.10"/><port port="10000" protocol="tcp"/><accept/></rule>\n</zone>\n');
    const second = await fixFirst(first.fixed);
    assert.deepEqual(second.after.inbound.map((line) => line.endsWith(': missing')), [false, false]);
    assert.deepEqual(second.after.codes, []);
    assertValid(t, second.fixed);
  });

  it('offers no fix into a zone the file ends inside', async () => {
    const cut = zone('<port port="10000" protocol="tcp"/>').replace('</zone>\n', '');
    const { service, report, codes } = await flows(cut);
    assert.deepEqual(codes, [`${ZONE}:2 BEX001`, `${ZONE}:2 BEX100`]);
    assert.deepEqual(service.getQuickFixes(report, withCode(report, ZONE, 'BEX100')[0]), []);
  });
});
