import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doHover } from '../../server/src/engine';
import { checkFiles } from '../support/engine';

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
`;

/** The hover on the `nth` occurrence of `needle` in the rule file, after a check of the whole site. */
async function hoverOn(needle: string, nth: number): Promise<string> {
  const files = { 'site.bexnet.yaml': MANIFEST, 'dmz.fwrules.yaml': RULES };
  const { service, report } = await checkFiles(files, 'site.bexnet.yaml');
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = RULES.indexOf(needle, offset + 1);
  const result = doHover({ catalog: service.catalog, report, file: { kind: 'rules', model: report.ruleFiles[0] }, offset: offset + 1 });
  assert.ok(result, `a hover on "${needle}" #${nth}`);
  assert.equal(RULES.slice(result.range[0], result.range[1]), needle);
  return result.markdown;
}

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
});
