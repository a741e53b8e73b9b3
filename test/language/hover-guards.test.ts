import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getDefaultCatalog } from '../../server/src/engine/catalog/catalog';
import { doHover } from '../../server/src/engine/language/hover';
import { checkFiles, type FileSet } from '../support/engine';

/**
 * A hover on a rule's port or protocol describes the services of that
 * protocol only (issue 13: hovers were tested on TCP rules only).
 */
const catalog = getDefaultCatalog();
const site = (rule: string): FileSet => ({
  'site.bexnet.yaml': [
    'version: 1',
    'settings:',
    '  dynamicPorts: { agent: { enabled: true, range: 50100-50149 } }',
    'hosts:',
    '  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }',
    '  - { name: sql01, role: remote-computer, address: 10.0.2.20 }',
    'firewalls:',
    '  - { name: dmz, rules: dmz.fwrules.yaml, protects: [sql01] }',
    '',
  ].join('\n'),
  'dmz.fwrules.yaml': `version: 1\nevaluation: first-match\ndefaults: { inbound: block, outbound: allow }\nrules:\n  - ${rule}\n`,
});

async function hoverOn(files: FileSet, token: string): Promise<string> {
  const { report } = await checkFiles(files, 'site.bexnet.yaml');
  const model = report.bindings.find((b) => b.ruleFile)!.ruleFile!;
  const offset = files['dmz.fwrules.yaml'].indexOf(token) + 1;
  return doHover({ catalog, report, file: { kind: 'rules', model }, offset })?.markdown ?? '';
}

describe('hover guards', () => {
  it('UDP 50100-50149 is no Backup Exec service: the Remote Agent data connections are TCP', async () => {
    const hover = await hoverOn(site('{ name: snmp, action: allow, protocol: udp, from: [be01], to: [sql01], ports: [50100-50149] }'), '50100-');
    assert.equal(hover.split('\n\n---\n\n')[0], '**UDP 50100-50149**: not a port any documented Backup Exec service uses.');
  });

  it('TCP 50100-50149, the same range: the Remote Agent data connections', async () => {
    const hover = await hoverOn(site('{ name: data, action: allow, protocol: tcp, from: [be01], to: [sql01], ports: [50100-50149] }'), '50100-');
    assert.match(hover, /^\*\*TCP 50100-50149\*\*\n\n.*Remote Agent data connections/);
  });

  it('protocol "any" lists the services of TCP and UDP', async () => {
    const hover = await hoverOn(site('{ name: all, action: allow, protocol: any, from: [be01], to: [sql01], ports: [10000] }'), 'any,');
    const [protocol] = hover.split('\n\n---\n\n');
    assert.match(protocol, /^\*\*ANY\*\* \(TCP and UDP\): the documented Backup Exec services using it:\n\n- /);
    assert.ok(protocol.includes('\n- Remote Agent control connection (NDMP)'), protocol);
  });
});
