import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { RuleFileModel } from '../../../server/src/engine/model/types';
import { parseInDialect } from '../../../server/src/engine/dialects/registry';
import { isRuntimeAddress } from '../../../server/src/engine/dialects/windowsValues';
import { decodeText } from '../../../server/src/engine/util/decodeText';
import { textAt } from '../../support/checkFixtures';
import { checkFiles, sourceFolder, uriOf, type FileSet } from '../../support/engine';

/**
 * Scripts written the way public Windows firewall scripts are written (GPO scripts, installers,
 * hardening baselines), run through the whole engine. The site manifest binds the three that
 * concern Backup Exec; every script is also checked as the host firewall of a remote computer.
 */
const FOLDER = sourceFolder(__dirname);
const SCRIPT = /\.(ps1|cmd|bat)$/;
const BYTES = Object.fromEntries(readdirSync(FOLDER).filter((n) => SCRIPT.test(n) || n.endsWith('.yaml')).map((n) => [n, readFileSync(join(FOLDER, n))]));
/** Every file as the engine's readers hand it over: decoded by util/decodeText.ts. */
const FILES: FileSet = Object.fromEntries(
  Object.entries(BYTES).map(([name, bytes]) => {
    const decoded = decodeText(bytes);
    assert.ok('text' in decoded, `${name}: ${'error' in decoded ? decoded.error : ''}`);
    return [name, decoded.text];
  }),
);
const SCRIPTS = Object.keys(FILES).filter((n) => SCRIPT.test(n)).sort();

/** Each diagnostic of a script as "file:line code text-under-it". */
function found(report: Awaited<ReturnType<typeof checkFiles>>['report'], files: FileSet): string[] {
  return [...report.diagnostics]
    .flatMap(([uri, diagnostics]) => diagnostics.map((d) => ({ name: uri.slice(uriOf('').length), d })))
    .filter(({ name }) => SCRIPT.test(name))
    .map(({ name, d }) => `${name}:${d.range.start.line + 1} ${String(d.code)} ${textAt(files, name, d.range)}`)
    .sort();
}

/** What a parse says, with every offset moved by `shift`: rules' values and places, problems, notes, layout. */
function described(model: RuleFileModel, shift: number) {
  const at = (range: readonly [number, number]) => [range[0] + shift, range[1] + shift];
  const located = (items: readonly { value: string; range: readonly [number, number] }[]) => items.map((i) => [i.value, ...at(i.range)]);
  return {
    rules: model.rules.map((r) => ({
      name: r.name,
      range: at(r.range),
      direction: r.syntax.direction,
      action: r.action,
      protocol: r.protocol,
      ports: r.ports.toString(),
      from: located(r.from),
      to: located(r.to),
      portItems: r.portItems.map((p) => [p.text, ...at(p.range)]),
      windowsRules: located(r.windowsRules),
      enabled: r.enabled,
      usable: r.usable,
    })),
    problems: model.problems.map((p) => [p.message, ...at(p.range)]),
    unresolved: model.unresolved.map((p) => [p.message, ...at(p.range)]),
    rulesKeyRange: at(model.layout.rulesKeyRange),
    rulesEnd: model.layout.rulesEnd + shift,
  };
}

const parse = (name: string, text: string) => parseInDialect({ uri: uriOf(name), text });

describe('A corpus of firewall scripts written as public ones are', () => {
  it('decodes every file, UTF-8 with or without a byte-order mark and UTF-16LE as PowerShell 5.1 writes it', () => {
    assert.deepEqual([...BYTES['be01-gpo-startup.ps1'].subarray(0, 4)], [0xff, 0xfe, 0x23, 0x00], 'UTF-16LE with its mark, starting "#"');
    assert.deepEqual([...BYTES['be01-gpo-startup.utf8.ps1'].subarray(0, 4)], [0xef, 0xbb, 0xbf, 0x23], 'UTF-8 with its mark');
    assert.ok(SCRIPTS.length >= 6 && SCRIPTS.every((name) => FILES[name].length > 1000 && !FILES[name].includes('\ufeff')));
  });

  it('lets every Backup Exec flow of the site through, and says exactly what is known only at run time', async () => {
    const { report } = await checkFiles(FILES, 'corpus.bexnet.yaml');
    assert.deepEqual(
      report.evaluations.filter((e) => e.problem).map((e) => `${e.firewall.name.value}: ${e.flow.service.name}`),
      [],
    );
    assert.equal(report.evaluations.length, 13);
    // The scripts restrict those rules to profiles (netsh profile=, -Profile, a splatted Profile): with the host's profile unknown they do not count.
    const unknownProfile = { ...FILES, 'corpus.bexnet.yaml': FILES['corpus.bexnet.yaml'].replace(/, profile: domain \}/g, ' }') };
    assert.deepEqual(
      (await checkFiles(unknownProfile, 'corpus.bexnet.yaml')).report.evaluations.filter((e) => e.problem).map((e) => `${e.firewall.name.value}: ${e.flow.service.name}`),
      [
        'be01-host: Backup Exec Agent Browser (advertising)',
        'be01-host: Backup Exec Agent Browser (advertising)',
        'sql01-host: Remote Agent control connection (NDMP)',
        'sql01-host: Remote Agent data connections',
        'app01-host: Remote Agent control connection (NDMP)',
        'app01-host: Remote Agent data connections',
      ],
    );
    assert.deepEqual(report.diagnostics.get(uriOf('corpus.bexnet.yaml')), []);
    assert.deepEqual(found(report, FILES), [
      'app01-hardening.ps1:52 BEX018 $env:ProgramFiles',
      'app01-hardening.ps1:58 BEX018 LocalSubnet6',
      'app01-hardening.ps1:60 BEX018 Intranet4',
      'app01-hardening.ps1:60 BEX018 Intranet6',
      'app01-hardening.ps1:62 BEX018 RPCEPMap',
      'app01-hardening.ps1:65 BEX018 RPC',
      'app01-hardening.ps1:73 BEX018 @rule',
      'app01-hardening.ps1:78 BEX018 DNS4',
      'app01-hardening.ps1:82 BEX018 Internet4',
      'app01-hardening.ps1:82 BEX018 Internet6',
      'be01-gpo-startup.ps1:46 BEX018 DNS4',
      'be01-gpo-startup.ps1:46 BEX018 DNS6',
      'be01-gpo-startup.ps1:48 BEX018 68',
      'be01-gpo-startup.ps1:49 BEX018 DHCP4',
      'be01-gpo-startup.ps1:51 BEX018 546',
      'be01-gpo-startup.ps1:52 BEX018 DHCP6',
      'be01-gpo-startup.ps1:55 BEX018 DefaultGateway4',
      'be01-gpo-startup.ps1:58 BEX018 Intranet4',
      'be01-gpo-startup.ps1:61 BEX018 WINS4',
      'be01-gpo-startup.ps1:70 BEX018 LocalSubnet4',
      'be01-gpo-startup.ps1:73 BEX018 IntranetRemoteAccess4',
      'be01-gpo-startup.ps1:73 BEX018 LocalSubnet4',
      'be01-gpo-startup.ps1:79 BEX018 Internet4',
      'be01-gpo-startup.ps1:82 BEX018 Internet4',
      'be01-gpo-startup.ps1:82 BEX018 Internet6',
      'be01-gpo-startup.ps1:91 BEX018 CaptivePortal4',
      'be01-gpo-startup.ps1:91 BEX018 PlayToDevice4',
      'be01-gpo-startup.ps1:91 BEX018 PlayToDevice6',
      'sql01-agent-install.cmd:35 BEX018 localsubnet',
      'sql01-agent-install.cmd:39 BEX018 dns',
      'sql01-agent-install.cmd:39 BEX018 dns6',
      'sql01-agent-install.cmd:41 BEX018 defaultgateway',
      'sql01-agent-install.cmd:46 BEX018 !EXTRA!',
    ]);
  });

  for (const name of SCRIPTS) {
    it(`${name}: read in full, no address keyword taken for a host (no BEX001 or BEX205), each keyword a BEX018 at its place`, async () => {
      const files = { 'host.bexnet.yaml': `version: 1\nhosts:\n  - { name: be01, role: backup-exec-server, address: 10.20.1.10 }\n  - { name: web01, role: remote-computer, address: 10.20.9.9 }\nfirewalls:\n  - { name: web01-host, rules: ${name}, host: web01 }\n`, [name]: FILES[name] };
      const { report } = await checkFiles(files, 'host.bexnet.yaml');
      const lines = found(report, files);
      assert.deepEqual(lines.filter((line) => / BEX(001|205) /.test(line)), []);
      const model = parse(name, FILES[name]);
      assert.ok(model.rules.length >= 5, `${model.rules.length} rules`);
      for (const note of model.unresolved.filter((n) => /resolved by Windows at run time/.test(n.message))) {
        assert.ok(isRuntimeAddress(FILES[name].slice(note.range[0], note.range[1])), note.message);
      }
    });
  }

  it('parses a UTF-16LE script, once decoded, exactly as its UTF-8 twin', () => {
    assert.equal(FILES['be01-gpo-startup.ps1'], FILES['be01-gpo-startup.utf8.ps1']);
    assert.deepEqual(described(parse('be01-gpo-startup.ps1', FILES['be01-gpo-startup.ps1']), 0), described(parse('be01-gpo-startup.utf8.ps1', FILES['be01-gpo-startup.utf8.ps1']), 0));
  });

  for (const name of SCRIPTS) {
    it(`${name}: a U+FEFF an editor left at the start changes nothing but the offsets`, () => {
      const plain = described(parse(name, FILES[name]), 1);
      const marked = described(parse(name, `\ufeff${FILES[name]}`), 0);
      assert.deepEqual(marked, plain);
      assert.match(`\ufeff${FILES[name]}`.slice(...(marked.rulesKeyRange as [number, number])), /^(netsh|New-NetFirewallRule|Get-NetFirewallRule)/i);
    });
  }

  it('reads the first command right after a U+FEFF, in both dialects', async () => {
    const scripts = {
      'sql01.cmd': 'netsh advfirewall firewall add rule name="BE" dir=in action=allow protocol=TCP localport=10000,50100-50149 remoteip=10.20.1.10\r\n',
      'sql01.ps1': "New-NetFirewallRule -DisplayName 'BE' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 10000, 50100-50149 -RemoteAddress 10.20.1.10\r\n",
    };
    for (const [name, script] of Object.entries(scripts)) {
      const text = `\ufeff${script}`;
      const model = parse(name, text);
      assert.deepEqual([model.problems, model.unresolved], [[], []], name);
      assert.equal(text.slice(...model.layout.rulesKeyRange), name.endsWith('.cmd') ? 'netsh advfirewall firewall add rule' : 'New-NetFirewallRule');
      assert.equal(model.rules[0].range[0], 1, name);
      const manifest = FILES['corpus.bexnet.yaml'].replace(/rules: sql01-agent-install\.cmd/, `rules: ${name}`);
      const { report } = await checkFiles({ ...FILES, 'corpus.bexnet.yaml': manifest, [name]: text }, 'corpus.bexnet.yaml');
      assert.deepEqual(report.evaluations.filter((e) => e.firewall.name.value === 'sql01-host' && e.problem), [], name);
    }
  });
});
