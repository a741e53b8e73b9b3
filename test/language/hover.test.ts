import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hoverInRuleFile } from '../support/hover';

const MANIFEST = `version: 1
settings:
  dynamicPorts: { server: { enabled: true, range: 50000-50049 }, agent: { enabled: true, range: 50100-50149 } }
hosts:
  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }
  - { name: sql01, role: remote-computer, address: 10.0.2.20 }
firewalls:
  - { name: dmz, rules: dmz.fwrules.yaml, protects: [sql01] }
`;

const RULES = `version: 1
rules:
  - { name: agent range udp, action: allow, protocol: udp, from: [be01], to: [sql01], ports: [50100-50149] }
  - { name: agent range tcp, action: allow, protocol: tcp, from: [be01], to: [sql01], ports: [50100-50149, 10000] }
  - { name: everything, action: allow, protocol: any, from: [be01], to: [sql01], ports: [10000] }
`;

const hoverOn = (needle: string, nth: number) => hoverInRuleFile({ 'site.bexnet.yaml': MANIFEST, 'dmz.fwrules.yaml': RULES }, 'site.bexnet.yaml', 'dmz.fwrules.yaml', needle, nth);

describe('hover on a port of a rule (engine)', () => {
  it('a TCP 50100-50149 is the Remote Agent data connections', async () => {
    const markdown = await hoverOn('50100-50149', 1);
    assert.match(markdown, /^\*\*TCP 50100-50149\*\*/);
    assert.match(markdown, /Remote Agent data connections/);
  });

  it('a UDP 50100-50149 is not: the same ports over the other protocol carry no Backup Exec service', async () => {
    const markdown = await hoverOn('50100-50149', 0);
    assert.match(markdown, /^\*\*UDP 50100-50149\*\*/);
    assert.doesNotMatch(markdown, /Remote Agent data connections/);
    assert.match(markdown, /not a port any documented Backup Exec service uses/);
  });

  it('protocol "any" lists the services of TCP and UDP', async () => {
    const [protocol] = (await hoverOn('any', 0)).split('\n\n---\n\n');
    assert.match(protocol, /^\*\*ANY\*\* \(TCP and UDP\): the documented Backup Exec services using it:\n\n- /);
    assert.ok(protocol.includes('\n- Remote Agent control connection (NDMP)'), protocol);
  });
});
