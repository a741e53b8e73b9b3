import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'out', 'server', 'src', 'cli', 'main.js');

function befw(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempFolder(files: Record<string, string | Buffer>): string {
  const folder = mkdtempSync(join(tmpdir(), 'befw-cli-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
  return folder;
}

describe('befw check', () => {
  it('reports the example site like a compiler and exits 1', () => {
    const { code, stdout, stderr } = befw(['check', 'examples/']);
    assert.equal(code, 1, stderr);
    const lines = stdout.trim().split('\n');
    assert.ok(
      lines.includes(
        'examples/site/dmz.fwrules.yaml:11:12 error BEX101 Remote Agent data connections (TCP 50100-50149) from be01 (10.0.1.10) to sql01 (10.0.2.20) does not get through firewall "dmz" (inbound): rule "BE control and data to sql01" opens 50100-50120, but 50121-50149 stay closed.',
      ),
      stdout,
    );
    assert.match(stdout, /^examples\/site\/be01\.fwrules\.yaml:5:1 error BEX100 .*TCP 5633.*from sql01/m);
    assert.match(stdout, /^examples\/site\/site\.bexnet\.yaml:16:13 error BEX101 /m);
    assert.equal(lines[lines.length - 1], '17 file(s) checked: 18 error(s), 1 warning(s), 9 information.');
    // The Linux agents: a ufw host whose data range falls to ufw's default deny, and nftables' second base chain dropping part of it.
    assert.match(stdout, /^examples\/linux\/files04\.user\.rules:2:2 error BEX100 .*TCP 50100-50149.*chain ufw-user-input drops 50100-50149 by its policy/m);
    assert.match(stdout, /^examples\/linux\/db04\.nft:17:39 error BEX104 .*base chain inet hardening input \(priority -10\), where a drop is final/m);
    // The exports' findings: a disabled data-range rule in the .reg, a profile-restricted NDMP rule in the netsh show output.
    assert.match(stdout, /^examples\/exports\/fs03-firewall\.reg:8:2 error BEX100 .*TCP 50100-50149.*Note: rule "Backup Exec data range" would allow it but is disabled\.$/m);
    assert.match(stdout, /^examples\/exports\/sql03-firewall\.netsh-show\.txt:2:1 error BEX100 .*TCP 10000.*allows it only in profile Domain, Private, and this host is judged in profile unknown/m);
  });

  it('exits 0 on the clean example', () => {
    const { code, stdout } = befw(['check', 'examples/clean']);
    assert.equal(code, 0);
    assert.equal(stdout, '2 file(s) checked: 0 error(s), 0 warning(s), 0 information.\n');
  });

  it('writes JSON with 0-based LSP ranges', () => {
    const { code, stdout } = befw(['check', 'examples/site', '--format', 'json']);
    assert.equal(code, 1);
    const { diagnostics } = JSON.parse(stdout) as { diagnostics: Record<string, unknown>[] };
    const partial = diagnostics.find((d) => d.code === 'BEX101' && d.file === 'examples/site/dmz.fwrules.yaml');
    assert.deepEqual(partial?.range, { start: { line: 10, character: 11 }, end: { line: 10, character: 31 } });
    assert.equal(partial?.severity, 'error');
    assert.deepEqual(Object.keys(diagnostics[0]).sort(), ['code', 'file', 'message', 'range', 'severity']);
  });

  it('writes SARIF 2.1.0 with one rule per code and helpUri', () => {
    const { stdout } = befw(['check', 'examples/site', '--format', 'sarif']);
    const log = JSON.parse(stdout);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    const [run] = log.runs;
    const rules = run.tool.driver.rules as { id: string; helpUri: string }[];
    assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
    assert.ok(rules.every((r) => r.helpUri.endsWith(`#${r.id.toLowerCase()}`)));
    assert.ok(run.results.length > 0);
    for (const result of run.results) {
      assert.equal(rules[result.ruleIndex].id, result.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(result.level));
      const region = result.locations[0].physicalLocation.region;
      assert.ok(region.startLine >= 1 && region.startColumn >= 1);
      assert.equal(result.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
    }
    assert.match(run.originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/.*\/$/);
  });

  it('--no-hardening drops hardening advice', () => {
    const { stdout } = befw(['check', 'examples/site', '--no-hardening']);
    assert.doesNotMatch(stdout, /BEX203/);
    assert.match(stdout, /BEX101/);
  });

  it('checks a rule file no manifest references on its own', () => {
    const folder = tempFolder({ 'lone.fwrules.yaml': 'version: 1\nrules:\n  - { name: a, action: allow, from: any, to: any, ports: [70000] }\n' });
    const { code, stdout } = befw(['check', folder], folder);
    assert.equal(code, 1);
    assert.match(stdout, /^lone\.fwrules\.yaml:3:59 error BEX200 Rule "a": 70000 is outside 1-65535\./m);
  });

  it('reports broken files as diagnostics, and a file it cannot decode as not checked, not crashes', () => {
    const folder = tempFolder({
      'a.bexnet.yaml': Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x3a, 0x5b, 0x7b]),
      'b.bexnet.yaml': 'version: 1\nhosts: [\n',
      'c.bexnet.yaml': '',
    });
    const { code, stdout, stderr } = befw(['check', folder], folder);
    assert.equal(code, 1);
    assert.equal(stderr, 'befw: cannot check "a.bexnet.yaml": the file starts with a UTF-16LE byte-order mark but has an odd number of bytes; save it again\n');
    for (const file of ['b', 'c']) assert.match(stdout, new RegExp(`^${file}\\.bexnet\\.yaml:\\d+:\\d+ error BEX001 `, 'm'));
    assert.match(stdout, /; 1 file\(s\) could not be checked\.\n$/);
    assert.doesNotMatch(stdout, /at .*\.js:\d+/);
  });

  it('exits 2 with a clear message on usage and I/O problems', () => {
    for (const [args, message] of [
      [['check', 'no/such/folder'], /cannot read "no\/such\/folder": no such file or folder/],
      [['check', '--format', 'xml'], /--format must be text, json or sarif/],
      [['check', 'package.json'], /neither a manifest/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [['check', '--bogus'], /unknown option "--bogus"/],
    ] as const) {
      const { code, stdout, stderr } = befw([...args]);
      assert.equal(code, 2, args.join(' '));
      assert.equal(stdout, '');
      assert.match(stderr, message);
      assert.doesNotMatch(stderr, /\n\s+at /);
    }
    const empty = tempFolder({});
    assert.match(befw(['check', empty], empty).stderr, /no manifests/);
  });
});

describe('befw explain', () => {
  it('explains a port, an error code and a diagnostic code', () => {
    const port = befw(['explain', '10000']);
    assert.equal(port.code, 0);
    assert.match(port.stdout, /Remote Agent control connection \(NDMP\): TCP 10000/);
    assert.match(port.stdout, /KB100017208/);
    assert.match(befw(['explain', '0xE0000F02']).stdout, /The media server could not connect to the remote computer\./);
    assert.match(befw(['explain', 'BEX203']).stdout, /Over-permissive allow/);
  });

  it('exits 2 for unknown terms', () => {
    const { code, stderr } = befw(['explain', 'nonsense']);
    assert.equal(code, 2);
    assert.match(stderr, /nothing is known about "nonsense"/);
  });
});

describe('befw generate', () => {
  it('prints the rules of a firewall in the chosen dialect', () => {
    const { code, stdout, stderr } = befw(['generate', '--firewall', 'be02-host', '--dialect', 'powershell', 'examples/windows/branch.bexnet.yaml']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^# Generated by befw from branch\.bexnet\.yaml for firewall "be02-host"/);
    assert.match(stdout, /^New-NetFirewallRule .*-LocalPort 5633 .*-RemoteAddress 10\.1\.2\.20/m);
    assert.match(stdout, /^Enable-NetFirewallRule -DisplayName 'Remote Service Management \(RPC-EPMAP\)', 'Windows Management Instrumentation \(WMI-In\)'/m);
  });

  it('writes to --output, and the result checks clean against the manifest', () => {
    const folder = tempFolder({
      'branch.bexnet.yaml': readFileSync(join(root, 'examples', 'windows', 'branch.bexnet.yaml'), 'utf8').replace('sql02-firewall.cmd', 'generated.cmd'),
      'be02-firewall.ps1': readFileSync(join(root, 'examples', 'windows', 'be02-firewall.ps1'), 'utf8'),
    });
    const generated = befw(['generate', '--firewall', 'sql02-host', '--dialect', 'netsh', '--output', 'generated.cmd', 'branch.bexnet.yaml'], folder);
    assert.equal(generated.code, 0, generated.stderr);
    assert.match(generated.stderr, /wrote \d+ rule\(s\) to generated\.cmd/);
    const { stdout } = befw(['check', '--format', 'json', '.'], folder);
    const findings = (JSON.parse(stdout) as { diagnostics: { file: string; code: string }[] }).diagnostics.filter((d) => d.file === 'generated.cmd');
    assert.deepEqual(findings, []);
  });

  it('exits 2 with a clear message for a wrong firewall, dialect or manifest', () => {
    assert.match(befw(['generate', '--firewall', 'nope', 'examples/windows/branch.bexnet.yaml']).stderr, /no firewall "nope" \(its firewalls: "be02-host", "sql02-host"\)/);
    assert.match(befw(['generate', '--firewall', 'x', '--dialect', 'pf', 'examples/windows/branch.bexnet.yaml']).stderr, /--dialect must be one of yaml, netsh, powershell, iptables-save, ufw, nftables, firewalld-zone \(iptables and firewalld also name iptables-save and firewalld-zone\)/);
    assert.match(befw(['generate', 'examples/windows/branch.bexnet.yaml']).stderr, /needs --firewall/);
    const broken = tempFolder({ 'b.bexnet.yaml': 'hosts: [' });
    const result = befw(['generate', '--firewall', 'x', 'b.bexnet.yaml'], broken);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /has \d+ problem\(s\); run "befw check b\.bexnet\.yaml"/);
    assert.doesNotMatch(result.stderr, /at .*\.js:\d+/, 'no stack trace');
  });
});
