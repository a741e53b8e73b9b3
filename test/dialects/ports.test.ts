import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { textAt, withCode } from '../support/checkFixtures';
import { checkFiles, summary } from '../support/engine';
import { hostFirewallSite } from '../support/scriptSite';

const MANIFEST = (rules: string) => hostFirewallSite(rules);

/** A command allowing be01's flows into sql01, with `local` and `remote` ports, in each dialect. */
const COMMANDS = {
  'sql01.cmd': (local: string, remote = 'any') =>
    `netsh advfirewall firewall add rule name="BE" dir=in action=allow protocol=TCP localport=${local} remoteport=${remote} remoteip=10.0.1.10,LocalSubnet\n`,
  'sql01.ps1': (local: string, remote = 'Any') =>
    `New-NetFirewallRule -DisplayName 'BE' -Direction Inbound -Action Allow -Protocol TCP -LocalPort ${local} -RemotePort ${remote} -RemoteAddress 10.0.1.10, LocalSubnet\n`,
};
type ScriptName = keyof typeof COMMANDS;

async function check(name: ScriptName, local: string, remote?: string) {
  const files = { 'site.bexnet.yaml': MANIFEST(name), [name]: COMMANDS[name](local, remote) };
  const { report } = await checkFiles(files, 'site.bexnet.yaml');
  return { files, report, findings: summary(report).filter((f) => !f.startsWith('site.bexnet.yaml')) };
}

const BAD_TOKENS = ['banana', '-5', '1e309', '0x2710', '-', '70000', '0', '50149-50100', '10000-', '65536-65540'];

describe('Port items Windows refuses in scripts', () => {
  for (const name of Object.keys(COMMANDS) as ScriptName[]) {
    const separator = name.endsWith('.ps1') ? ', ' : ',';
    it(`${name}: a bad port is a BEX200 error saying Windows rejects the whole command, and nothing of the command counts`, async () => {
      for (const bad of BAD_TOKENS) {
        const { files, report, findings } = await check(name, ['10000', bad, '50100-50149'].join(separator));
        // Only the bad port is reported: no BEX018 for LocalSubnet, as the command makes no rule at all; both flows are missing.
        assert.deepEqual(findings, [`${name}:1 BEX100`, `${name}:1 BEX100`, `${name}:1 BEX200`], bad);
        const [error] = withCode(report, name, 'BEX200');
        assert.equal(textAt(files, name, error.range), bad);
        assert.equal(error.severity, DiagnosticSeverity.Error);
        assert.match(String(error.message), /Windows rejects the whole command/, bad);
      }
    });

    it(`${name}: a bad source port also rejects the command`, async () => {
      const { files, report, findings } = await check(name, ['10000', '50100-50149'].join(separator), 'banana');
      assert.deepEqual(findings, [`${name}:1 BEX100`, `${name}:1 BEX100`, `${name}:1 BEX200`]);
      assert.equal(textAt(files, name, withCode(report, name, 'BEX200')[0].range), 'banana');
    });

    it(`${name}: keywords are chosen at run time (BEX018), in any case, and the rest of the command counts`, async () => {
      for (const keyword of ['RPC', 'rpc-epmap', 'RPCEPMap', 'IPHTTPS', 'IPHTTPSIn', 'Teredo', 'PlayToDiscovery']) {
        const { files, report, findings } = await check(name, ['10000', keyword, '50100-50149'].join(separator));
        assert.deepEqual(findings, [`${name}:1 BEX018`, `${name}:1 BEX018`], keyword);
        assert.deepEqual(withCode(report, name, 'BEX018').map((d) => textAt(files, name, d.range)).sort(), [keyword, 'LocalSubnet'].sort());
      }
    });

    it(`${name}: the edges of the port range are ports, and Any is every port`, async () => {
      assert.deepEqual((await check(name, ['1', '10000', '50100-50149', '65535'].join(separator))).findings.filter((f) => !/BEX20[34]/.test(f)), [`${name}:1 BEX018`]);
      assert.deepEqual((await check(name, 'ANY')).findings.filter((f) => !/BEX01[8]|BEX20[34]/.test(f)), []);
    });
  }

  it('a PowerShell string holding a comma list is not counted, and not called invalid either', async () => {
    const { files, report, findings } = await check('sql01.ps1', "'10000,6101', 50100-50149");
    assert.deepEqual(findings, ['sql01.ps1:1 BEX018', 'sql01.ps1:1 BEX018', 'sql01.ps1:1 BEX100']);
    const notes = withCode(report, 'sql01.ps1', 'BEX018').map((d) => [textAt(files, 'sql01.ps1', d.range), String(d.message)]);
    assert.ok(notes.some(([text, message]) => text === '10000,6101' && /one string holding a comma-separated list/.test(message)), JSON.stringify(notes));
  });
});
