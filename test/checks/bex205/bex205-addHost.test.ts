import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getDefaultCatalog } from '../../../server/src/engine/catalog/catalog';
import { addManifestHost, hostRoleChoices, type NewHost } from '../../../server/src/engine/fixes/addManifestHost';
import { hostAddressProblem } from '../../../server/src/engine/fixes/hostEntry';
import { fixtures, withCode } from '../../support/checkFixtures';
import { checkFiles, summary, uriOf, type FileSet } from '../../support/engine';

const RULES = 'invalid-dmz.fwrules.yaml';
const BE02: NewHost = { name: 'be02', role: 'backup-exec-server', address: '10.0.1.20' };

/** Adds `host` to `manifest` of `files` as the quick-fix's request does: the new files, the text inserted, and the line it follows. */
async function added(files: FileSet, manifest: string, host: NewHost) {
  const { report } = await checkFiles(files, manifest);
  const result = addManifestHost(report.manifest!, host);
  assert.ok('edit' in result, JSON.stringify(result));
  const [start, end] = result.edit.range;
  assert.equal(start, end, 'an insertion');
  const before = files[manifest];
  const text = before.slice(0, start) + result.edit.newText + before.slice(end);
  return { fixed: { ...files, [manifest]: text }, inserted: result.edit.newText, after: before.slice(0, start).split('\n').pop(), rest: before.slice(start) };
}

describe('BEX205: adding the unknown name to the manifest\'s hosts', () => {
  it('each unknown name that can name a host carries what the quick-fix needs: the manifest and the name', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', RULES]);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    assert.deepEqual(
      withCode(report, RULES, 'BEX205').map((d) => d.data),
      ['be02', 'sql-01'].map((name) => ({ fix: 'addManifestHost', manifestUri: uriOf('invalid.bexnet.yaml'), name })),
    );
    // A mistyped address is not offered as a host name; neither is a name the schema refuses.
    const odd = { ...files, [RULES]: files[RULES].replace('from: [be02, 10.0.1.0/24]', 'from: [10.0.1.300, "be 02"]') };
    const { report: oddReport } = await checkFiles(odd, 'invalid.bexnet.yaml');
    assert.deepEqual(withCode(oddReport, RULES, 'BEX205').map((d) => [String(d.message).match(/names "([^"]+)"/)![1], d.data?.fix]), [
      ['10.0.1.300', undefined],
      ['be 02', undefined],
      ['sql-01', 'addManifestHost'],
    ]);
  });

  it('its fix, in the registry, asks before it writes: the role (the schema\'s, as the catalog names them) and the address; none where no host name is', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', RULES]);
    const { service, report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const [be02] = withCode(report, RULES, 'BEX205');
    assert.deepEqual(service.getQuickFixes(report, be02), [
      {
        title: 'Add host "be02" to the manifest…',
        code: 'BEX205',
        isPreferred: true,
        changes: {},
        asks: { kind: 'manifest-host', manifestUri: uriOf('invalid.bexnet.yaml'), name: 'be02', roles: hostRoleChoices(getDefaultCatalog()) },
      },
    ]);
    const odd = { ...files, [RULES]: files[RULES].replace('from: [be02, 10.0.1.0/24]', 'from: [10.0.1.300, 10.0.1.0/24]') };
    const { service: oddService, report: oddReport } = await checkFiles(odd, 'invalid.bexnet.yaml');
    assert.deepEqual(oddService.getQuickFixes(oddReport, withCode(oddReport, RULES, 'BEX205')[0]), []);
  });

  it('flow maps: a "- { name, role, address }" line after the last host, as the others are written; the BEX205 goes', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', RULES]);
    const { fixed, inserted, after, rest } = await added(files, 'invalid.bexnet.yaml', BE02);
    assert.equal(inserted, '\n  - { name: be02, role: backup-exec-server, address: 10.0.1.20 }');
    assert.deepEqual([after, rest.slice(0, 12)], ['  - { name: sql01, role: remote-computer, address: 10.0.2.20 }', '\nfirewalls:\n']);
    const { report } = await checkFiles(fixed, 'invalid.bexnet.yaml');
    assert.deepEqual(summary(report), ['invalid-dmz.fwrules.yaml:18 BEX205']);
    assert.deepEqual(report.manifest!.hosts.map((h) => [h.name.value, h.role.value, h.address.value]).at(-1), ['be02', 'backup-exec-server', '10.0.1.20']);
  });

  it('block maps: the keys one per line, indented as the last host; its comments stay with it', async () => {
    const files = await fixtures(__dirname, ['invalid-block.bexnet.yaml', RULES]);
    const { fixed, inserted, after, rest } = await added(files, 'invalid-block.bexnet.yaml', { name: 'sql-01', role: 'remote-computer', address: 'fe80::20' });
    assert.equal(inserted, '\n  - name: sql-01\n    role: remote-computer\n    address: "fe80::20"');
    assert.deepEqual([after, rest.slice(0, 12)], ['    # sql01 runs the Agent for Windows', '\nfirewalls:\n']);
    const { report } = await checkFiles(fixed, 'invalid-block.bexnet.yaml');
    assert.deepEqual(summary(report), ['invalid-dmz.fwrules.yaml:17 BEX205']);
  });

  it('keeps CRLF line ends', async () => {
    const files = await fixtures(__dirname, ['invalid-block.bexnet.yaml', RULES]);
    const crlf = { ...files, 'invalid-block.bexnet.yaml': files['invalid-block.bexnet.yaml'].replace(/\n/g, '\r\n') };
    const { inserted, rest } = await added(crlf, 'invalid-block.bexnet.yaml', BE02);
    assert.equal(inserted, '\r\n  - name: be02\r\n    role: backup-exec-server\r\n    address: 10.0.1.20');
    assert.ok(rest.startsWith('\r\nfirewalls:'), 'before the line break, not inside it');
  });

  it('refuses, saying why, what the manifest would not accept', async () => {
    const files = await fixtures(__dirname, ['invalid.bexnet.yaml', RULES]);
    const { report } = await checkFiles(files, 'invalid.bexnet.yaml');
    const manifest = report.manifest!;
    assert.deepEqual(addManifestHost(manifest, { ...BE02, address: '10.0.1.300' }), { error: '"10.0.1.300" is not an IPv4 or IPv6 address, a CIDR, or any' });
    assert.deepEqual(addManifestHost(manifest, { ...BE02, role: 'media-server' }), {
      error: '"media-server" is not a role; the roles are backup-exec-server, remote-computer, remote-administration-console, m365-endpoints',
    });
    assert.deepEqual(addManifestHost(manifest, { ...BE02, name: 'sql01' }), { error: 'the manifest already has a host "sql01"' });
    assert.match((addManifestHost(manifest, { ...BE02, name: 'be 02' }) as { error: string }).error, /^"be 02" cannot name a host/);
    const broken = await checkFiles({ ...files, 'invalid.bexnet.yaml': files['invalid.bexnet.yaml'].replace('version: 1\n', 'version: 1\nextra: 1\n') }, 'invalid.bexnet.yaml');
    assert.deepEqual(addManifestHost(broken.report.manifest!, BE02), { error: 'the manifest has 1 problem(s); fix them first' });
  });

  it('accepts the addresses the manifest accepts, as its parser reads them', () => {
    for (const ok of ['10.0.1.20', '10.0.1.0/24', '10.0.1.0/255.255.255.0', 'fe80::1', '2001:db8::/32', 'any', 'ANY']) assert.equal(hostAddressProblem(ok), undefined, ok);
    for (const bad of ['', 'be01', '10.0.1', '10.0.1.0/33', 'fe80:::1']) assert.ok(hostAddressProblem(bad), bad);
  });

  it('offers the schema\'s roles with the catalog\'s names and descriptions', () => {
    const roles = hostRoleChoices(getDefaultCatalog());
    assert.deepEqual(roles.map((r) => [r.id, r.name]), [
      ['backup-exec-server', 'Backup Exec server'],
      ['remote-computer', 'Remote computer'],
      ['remote-administration-console', 'Remote Administration Console'],
      ['m365-endpoints', 'Microsoft 365 endpoints'],
    ]);
    assert.ok(roles.every((r) => r.description.length > 20));
  });
});
