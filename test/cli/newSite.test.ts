import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getDefaultCatalog } from '../../server/src/engine/catalog/catalog';
import { newSite } from '../../server/src/engine/generate/newSite';
import { runBefw, tempFolders } from '../support/cli';

const folders = tempFolders();
const USAGE_HINT = 'Run "befw --help" for usage.\n';
const ARGS = ['new-site', '--server', 'be01=10.0.1.10', '--agents', 'fs01=10.0.2.20, web01=10.0.2.30 linux', '--linux-dialect', 'nftables'];

describe('befw new-site', () => {
  it('writes what "Backup Exec: New site…" writes into a new folder, and the site checks without an error', async () => {
    const base = folders();
    const { code, stdout, stderr } = await runBefw([...ARGS, '--folder', 'branch'], base);
    assert.deepEqual([code, stdout, stderr], [0, '', 'befw: wrote site.bexnet.yaml, be01.fwrules.yaml, fs01.fwrules.yaml, web01.nft; check them with "befw check branch/site.bexnet.yaml"\n']);
    const expected = newSite({ server: 'be01=10.0.1.10', agents: 'fs01=10.0.2.20, web01=10.0.2.30 linux', firewall: 'host', dialect: 'yaml', linuxDialect: 'nftables' }, getDefaultCatalog());
    assert.ok('files' in expected);
    for (const file of expected.files) assert.equal(readFileSync(join(base, 'branch', file.relativePath), 'utf8'), file.text, file.relativePath);
    const check = await runBefw(['check', 'branch'], base);
    assert.equal(check.code, 0, check.stdout);
    assert.match(check.stdout, /4 file\(s\) checked: 0 error\(s\), 0 warning\(s\), 1 information\./);
  });

  it('never overwrites: it names the files that exist and writes none', async () => {
    const base = folders({ 'fs01.fwrules.yaml': 'kept\n', 'site.bexnet.yaml': 'kept too\n' });
    const { code, stderr } = await runBefw(ARGS, base);
    assert.deepEqual([code, stderr], [2, `befw: "site.bexnet.yaml", "fs01.fwrules.yaml" exist already in ".": nothing was written\n${USAGE_HINT}`]);
    assert.deepEqual(readdirSync(base).sort(), ['fs01.fwrules.yaml', 'site.bexnet.yaml']);
    assert.equal(readFileSync(join(base, 'fs01.fwrules.yaml'), 'utf8'), 'kept\n');
  });

  it('a network firewall, as a netsh script: refused with the option named and why', async () => {
    const { code, stderr } = await runBefw([...ARGS, '--firewall', 'network', '--dialect', 'netsh'], folders());
    assert.deepEqual([code, stderr], [2, `befw: --dialect: "netsh": the rules of a network firewall are written as yaml\n${USAGE_HINT}`]);
  });

  it('bad or missing options: the option named, nothing written', async () => {
    const base = folders();
    const cases: [string[], string][] = [
      [['new-site', '--server', 'be01=10.0.1.10', '--agents', 'fs01=10.0.2.300'], '--agents: fs01: "10.0.2.300" is not an IPv4 or IPv6 address'],
      [['new-site', '--server', 'be01', '--agents', 'fs01=10.0.2.20'], '--server: "be01" is not name=address (e.g. be01=10.0.1.10)'],
      [['new-site', '--agents', 'fs01=10.0.2.20'], 'new-site needs --server <name=address> and --agents "<name=address>, …"'],
      [['new-site', '--server', 'be01=10.0.1.10', '--agents', 'fs01=10.0.2.20', '--firewall', 'cloud'], '--firewall: the firewall kind is "host" (each host\'s own firewall) or "network" (one firewall in front of the agents)'],
      [['new-site', '--server', 'be01=10.0.1.10', '--agents', 'fs01=10.0.2.20', 'extra'], 'new-site takes options only, not "extra"'],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await runBefw(args, base);
      assert.deepEqual([code, stdout, stderr], [2, '', `befw: ${message}\n${USAGE_HINT}`], args.join(' '));
    }
    assert.deepEqual(readdirSync(base), []);
  });

  it('is in the usage text', async () => {
    const { stdout } = await runBefw(['--help'], folders());
    assert.match(stdout, /\n {2}befw new-site --server <name=address> --agents "<name=address>\[ linux\], …"\n/);
  });
});
