import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { textAt, withCode } from '../support/checkFixtures';
import { parseAddressOrCidr } from '../../server/src/engine/util/address';
import { checkFiles, summary } from '../support/engine';

/** sql01's host firewall, written as a script, against the flows from the server be01 (10.0.1.10 and fd00:1::10). */
const MANIFEST = (rules: string, be01 = '10.0.1.10') => `version: 1
settings:
  dynamicPorts: { agent: { enabled: true, range: 50100-50149 } }
hosts:
  - { name: be01, role: backup-exec-server, address: "${be01}" }
  - { name: sql01, role: remote-computer, address: 10.0.2.20 }
firewalls:
  - { name: sql01-host, rules: ${rules}, host: sql01 }
`;

/** The command allowing be01's flows into sql01 from `addresses`, in each dialect. */
const COMMANDS = {
  'sql01.cmd': (addresses: string) => `netsh advfirewall firewall add rule name="BE" dir=in action=allow protocol=TCP localport=10000,50100-50149 remoteip=${addresses}\n`,
  'sql01.ps1': (addresses: string) => `New-NetFirewallRule -DisplayName 'BE' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 10000, 50100-50149 -RemoteAddress ${addresses}\n`,
};
type ScriptName = keyof typeof COMMANDS;

async function check(name: ScriptName, addresses: string, be01?: string) {
  const files = { 'site.bexnet.yaml': MANIFEST(name, be01), [name]: COMMANDS[name](addresses) };
  const { report } = await checkFiles(files, 'site.bexnet.yaml');
  return { files, report, findings: summary(report).filter((f) => !f.startsWith('site.bexnet.yaml')) };
}

/** Microsoft's NetSecurity docs (Set-NetFirewallRule -RemoteAddress), as quoted in ../shared/knowledge/FORMATS.md. */
const KEYWORDS = ['LocalSubnet', 'DNS', 'DHCP', 'WINS', 'DefaultGateway', 'Internet', 'Intranet', 'IntranetRemoteAccess', 'PlayToDevice', 'CaptivePortal'];

describe('Windows address keywords and notations in scripts', () => {
  for (const name of Object.keys(COMMANDS) as ScriptName[]) {
    it(`${name}: every address keyword, with or without 4 or 6, in any case, is BEX018 and never BEX205`, async () => {
      for (const keyword of KEYWORDS) {
        for (const written of [keyword, `${keyword}4`, `${keyword.toUpperCase()}6`, keyword.toLowerCase()]) {
          const { files, report, findings } = await check(name, `${written},10.0.1.10`);
          const [note] = withCode(report, name, 'BEX018');
          assert.deepEqual(findings, [`${name}:1 BEX018`], written);
          assert.equal(textAt(files, name, note.range), written);
          assert.equal(note.severity, DiagnosticSeverity.Information);
          assert.match(String(note.message), new RegExp(`^${written} is resolved by Windows at run time`));
        }
      }
    });

    it(`${name}: a keyword alone allows nothing for certain, so the flows are missing`, async () => {
      const { findings } = await check(name, 'Intranet4');
      assert.deepEqual(findings, [`${name}:1 BEX018`, `${name}:1 BEX100`, `${name}:1 BEX100`]);
    });

    it(`${name}: Any, in any case, is any address`, async () => {
      for (const written of ['Any', 'any', 'ANY']) assert.deepEqual((await check(name, written)).findings, [], written);
    });

    it(`${name}: IPv4 and IPv6 ranges and subnets by mask are evaluated as the addresses they cover`, async () => {
      assert.deepEqual((await check(name, '10.0.1.1-10.0.1.20')).findings, []);
      assert.deepEqual((await check(name, '10.0.1.11-10.0.1.20')).findings, [`${name}:1 BEX100`, `${name}:1 BEX100`]);
      assert.deepEqual((await check(name, '10.0.1.0/255.255.255.0')).findings, []);
      assert.deepEqual((await check(name, '10.0.0.0/255.255.255.0')).findings, [`${name}:1 BEX100`, `${name}:1 BEX100`]);
      assert.deepEqual((await check(name, 'fd00:1::1-fd00:1::ff', 'fd00:1::10')).findings, []);
      assert.deepEqual((await check(name, 'fd00:1::11-fd00:1::ff', 'fd00:1::10')).findings, [`${name}:1 BEX100`, `${name}:1 BEX100`]);
    });
  }
});

describe('subnets written by mask (util/address.ts)', () => {
  it('reads a contiguous IPv4 mask as its prefix length, and nothing else as a mask', () => {
    const same = (a: string, b: string) => assert.deepEqual(parseAddressOrCidr(a), parseAddressOrCidr(b), a);
    same('10.0.1.77/255.255.255.0', '10.0.1.0/24');
    same('10.0.0.0/255.255.254.0', '10.0.0.0/23');
    same('0.0.0.0/0.0.0.0', '0.0.0.0/0');
    same('10.0.1.10/255.255.255.255', '10.0.1.10');
    for (const bad of ['10.0.0.0/255.0.255.0', '10.0.0.0/255.255.255.1', '10.0.0.0/256.0.0.0', 'fd00::/255.255.255.0', '10.0.0.0/33']) assert.equal(parseAddressOrCidr(bad), undefined, bad);
  });
});
