import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { CompletionEntry } from '../../server/src/engine';
import { SITE_DATA_SNIPPET, completeIn, ruleSnippetsWithoutManifest } from '../support/completion';
import { loadFiles, type FileSet } from '../support/engine';

/**
 * Issue 17, point 5: the rule and firewall snippets come from the server,
 * their hosts choices of the manifest's hosts with the role the service
 * needs, their ports what the catalog and the manifest's settings say.
 */
const root = join(__dirname, '..', '..', '..');
const SITE = join(root, 'examples', 'site');

const snippet = (entries: readonly CompletionEntry[], label: string) => {
  const found = entries.find((e) => e.label === label);
  assert.ok(found, `${label} among ${entries.map((e) => e.label).join(', ')}`);
  assert.equal(found.kind, 'snippet');
  return found;
};

describe('rule snippets in a rule file of examples/site', () => {
  let site: FileSet;
  let dmz: string;
  /** The rule file with "  rule-" typed after its last rule. */
  let typed: string;
  let entries: CompletionEntry[];
  before(async () => {
    site = await loadFiles(SITE, ['site.bexnet.yaml', 'dmz.fwrules.yaml', 'be01.fwrules.yaml']);
    dmz = site['dmz.fwrules.yaml'];
    typed = `${dmz}\n  rule-`;
    entries = await completeIn(site, 'dmz.fwrules.yaml', typed, typed, 'site.bexnet.yaml');
  });

  it('one snippet per catalog service with ports or Windows rules, under its rule- prefix and its first port (the manifest\'s ranges)', () => {
    assert.deepEqual(
      entries.map((e) => e.label),
      [
        'rule-remote-agent-control', 'port-10000',
        'rule-remote-agent-data', 'port-50100-50149',
        'rule-server-dynamic-range', 'port-50000-50049',
        'rule-agent-browser', 'port-6101',
        'rule-job-engine-oracle', 'port-5633',
        'rule-dedup-engine', 'port-10082',
        'rule-dedup-manager', 'port-10102',
        'rule-m365', 'port-80',
        'rule-remote-admin-console',
        'rule-be-server', 'port-3527',
        'rule-management-service', 'port-50104',
      ],
    );
    // It replaces the word typed, nothing else.
    assert.deepEqual(snippet(entries, 'port-10000').range, [typed.length - 'rule-'.length, typed.length]);
  });

  it('the data connections: from the Backup Exec server to the remote computer, as choices, on the manifest\'s agent range', () => {
    assert.equal(
      snippet(entries, 'rule-remote-agent-data').insertText,
      SITE_DATA_SNIPPET,
    );
    assert.equal(snippet(entries, 'port-50100-50149').insertText, snippet(entries, 'rule-remote-agent-data').insertText);
  });

  it('the Agent Browser the other way; the server range as the manifest configures it, without the note for a missing default', () => {
    assert.match(snippet(entries, 'rule-agent-browser').insertText, /\n {4}from: \[\$\{2\|sql01\|\}\]\n {4}to: \[\$\{3\|be01\|\}\]\n {4}ports: \[\$\{4:6101\}\]\n/);
    const server = snippet(entries, 'rule-server-dynamic-range').insertText;
    assert.match(server, /\n {4}ports: \[\$\{4:50000-50049\}\]\n/);
    assert.doesNotMatch(server, /no source gives it a default/);
  });

  it('who connects to 3527 is not documented: every host is a choice, and the note says so', () => {
    assert.equal(
      snippet(entries, 'rule-be-server').insertText,
      [
        '- name: ${1:Backup Exec Server service}',
        '    # No source says which computers connect to TCP 3527, 6106: name them in from.',
        '    description: "Backup Exec Server service; source: KB100017208, IANA"',
        '    action: allow',
        '    protocol: tcp',
        '    from: [${2|be01,sql01,admin01,m365|}]',
        '    to: [${3|be01|}]',
        '    ports: [${4:3527, 6106}]',
        '  $0',
      ].join('\n'),
    );
  });

  it('the console\'s predefined Windows rules, from the console host', () => {
    assert.equal(
      snippet(entries, 'rule-remote-admin-console').insertText,
      [
        '- name: ${1:Remote Administration Console management}',
        '    description: "Remote Administration Console management; source: KB100017208"',
        '    action: allow',
        '    from: [${2|admin01|}]',
        '    to: [${3|be01|}]',
        '    windowsRules: ["Remote Service Management (RPC-EPMAP)", "Windows Management Instrumentation (WMI-In)"]',
        '  $0',
      ].join('\n'),
    );
  });

  it('a role no host of the manifest has is described in words, not offered as the other hosts', async () => {
    const manifest = site['site.bexnet.yaml'].replace(/^ {2}- \{ name: admin01, .*\n/m, '');
    assert.ok(!manifest.includes('admin01'));
    const console = snippet(await completeIn({ ...site, 'site.bexnet.yaml': manifest }, 'dmz.fwrules.yaml', typed, typed, 'site.bexnet.yaml'), 'rule-remote-admin-console');
    assert.match(console.insertText, /\n {4}from: \[\$\{2:Remote Administration Console host\}\]\n {4}to: \[\$\{3\|be01\|\}\]\n/);
  });

  it('after a dash the snippet starts at the key, its keys under it', async () => {
    const text = `${dmz}\n  - rule-remote-agent-c`;
    const control = snippet(await completeIn(site, 'dmz.fwrules.yaml', text, text, 'site.bexnet.yaml'), 'rule-remote-agent-control');
    assert.equal(
      control.insertText,
      [
        'name: ${1:Remote Agent control connection (NDMP)}',
        '    description: "Remote Agent control connection (NDMP); source: KB100017208, ADMIN20"',
        '    action: allow',
        '    protocol: tcp',
        '    from: [${2|be01|}]',
        '    to: [${3|sql01|}]',
        '    ports: [${4:10000}]',
        '  $0',
      ].join('\n'),
    );
    assert.deepEqual(control.range, [text.length - 'rule-remote-agent-c'.length, text.length]);
  });

  it('a host name a flow list cannot hold bare is quoted, and its comma escaped in the choice; a CRLF file gets CRLF', async () => {
    const manifest = site['site.bexnet.yaml'].replace('name: sql01,', 'name: "sql,01",').replace('protects: [sql01]', 'protects: ["sql,01"]').replace(/\n/g, '\r\n');
    const rules = dmz.replace(/sql01/g, '"sql,01"').replace(/\n/g, '\r\n');
    const text = `${rules}\r\n  rule-`;
    const files = { ...site, 'site.bexnet.yaml': manifest };
    const data = snippet(await completeIn(files, 'dmz.fwrules.yaml', text, text, 'site.bexnet.yaml'), 'rule-remote-agent-data').insertText;
    assert.match(data, /\r\n {4}to: \[\$\{3\|"sql\\,01"\|\}\]\r\n/);
    assert.doesNotMatch(data, /[^\r]\n/);
  });

  it('no snippet inside a rule, at the top level or in a comment', async () => {
    for (const text of [dmz.replace('    enabled: true', '    rule-'), `${dmz}\nrule-`, `${dmz}\n  # rule-`]) {
      const offered = await completeIn(site, 'dmz.fwrules.yaml', text, 'rule-', 'site.bexnet.yaml');
      assert.deepEqual(offered.filter((e) => e.kind === 'snippet').map((e) => e.label), [], text.slice(-40));
    }
  });

  it('hosts in from: [ and to: [ lists, empty or after a first host', async () => {
    for (const [text, needle] of [[dmz.replace('from: [be01]', 'from: [] '), 'from: ['], [dmz.replace('to: [sql01]', 'to: [sql01, ]'), 'to: [sql01, ']]) {
      const offered = await completeIn(site, 'dmz.fwrules.yaml', text, needle, 'site.bexnet.yaml');
      assert.deepEqual(offered.map((e) => e.label), ['be01', 'sql01', 'admin01', 'm365', 'any'], needle);
    }
  });
});

describe('rule snippets where no manifest is known', () => {
  it('describe the hosts in words, and write the catalog\'s default ports', async () => {
    const data = snippet(await ruleSnippetsWithoutManifest(), 'rule-remote-agent-data').insertText;
    assert.equal(
      data,
      [
        '- name: ${1:Remote Agent data connections}',
        '    description: "Remote Agent data connections; source: KB100017208, TN255831"',
        '    action: allow',
        '    protocol: tcp',
        '    from: [${2:Backup Exec server host}]',
        '    to: [${3:Remote computer host}]',
        '    ports: [${4:1025-65535}]',
        '  $0',
      ].join('\n'),
    );
  });
});

describe('firewall snippets in the manifest', () => {
  it('a network firewall and a host firewall, their hosts choices of the manifest\'s hosts', async () => {
    const site = await loadFiles(SITE, ['site.bexnet.yaml']);
    const text = `${site['site.bexnet.yaml']}  fire`;
    const entries = await completeIn(site, 'site.bexnet.yaml', text, text);
    assert.deepEqual(
      entries.filter((e) => e.kind === 'snippet').map((e) => [e.label, e.insertText]),
      [
        ['firewall', '- { name: ${1:dmz}, rules: ${2:${1}.fwrules.yaml}, protects: [${3|be01,sql01,admin01,m365|}] }'],
        ['host-firewall', '- { name: ${1:host-firewall}, rules: ${2:${1}.fwrules.yaml}, host: ${3|be01,sql01,admin01,m365|} }'],
      ],
    );
    const dashed = `${site['site.bexnet.yaml']}  - fire`;
    const afterDash = await completeIn(site, 'site.bexnet.yaml', dashed, dashed);
    assert.equal(snippet(afterDash, 'firewall').insertText, '{ name: ${1:dmz}, rules: ${2:${1}.fwrules.yaml}, protects: [${3|be01,sql01,admin01,m365|}] }');
    const midway = site['site.bexnet.yaml'].replace('firewalls:', 'firewalls:\n  fire');
    assert.deepEqual((await completeIn(site, 'site.bexnet.yaml', midway, '  fire')).filter((e) => e.kind === 'snippet').map((e) => e.label), ['firewall', 'host-firewall']);
  });
});

describe('the editor\'s static snippets', () => {
  const read = (name: string) => JSON.parse(readFileSync(join(root, 'snippets', name), 'utf8')) as Record<string, { prefix: string | string[] }>;

  it('hold the file skeletons and a host, not the rules and firewalls the server offers', () => {
    assert.deepEqual(Object.keys(read('befw-rules.code-snippets')), ['Backup Exec rule file']);
    assert.deepEqual(Object.keys(read('befw-manifest.code-snippets')), ['Backup Exec manifest', 'Host']);
  });
});
