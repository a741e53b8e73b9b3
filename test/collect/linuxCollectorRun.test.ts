import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { linuxCollectorScript } from '../../server/src/engine/collect/linuxCollectorScript';
import { fakeHost, fixturePath, prints, SHELLS } from './fakeHost';

/**
 * The collector script run on a fake Linux host: fake iptables-save, ip6tables-save, nft,
 * firewall-cmd and ufw on PATH print fixtures, BEFW_ROOT stands for / (docs/collector.md).
 */

const script = linuxCollectorScript({ host: 'ora01', firewallName: 'ora01-host', manifestName: 'site.bexnet.yaml' }).text;

const IPTABLES = fixturePath('..', 'dialects', 'iptables', 'be-agent-host.iptables-save.rules');
const IP6TABLES = fixturePath('..', 'dialects', 'iptables', 'copied-from-windows.ip6tables-save.rules');
const NFT = fixturePath('..', 'dialects', 'nftables', 'ralus-host.nft');
const UFW_RULES = fixturePath('..', 'dialects', 'iptables', 'ufw-user.rules');
const ACTIVE_ZONES = 'internal\n  interfaces: eth1\n  sources: 10.1.1.0/24\npublic\n  interfaces: eth0\n';

const TOOLS = {
  'iptables-save': prints(IPTABLES),
  'ip6tables-save': prints(IP6TABLES),
  // Anything but "list ruleset" (-n, -S) would change what befw reads.
  nft: `if [ "$*" != 'list ruleset' ]; then echo "nft: unexpected arguments: $*" >&2; exit 64; fi\n${prints(NFT)}`,
  'firewall-cmd': [
    'case $* in',
    '  --state) echo running ;;',
    '  --get-default-zone) echo public ;;',
    `  --get-active-zones) printf '%s' '${ACTIVE_ZONES}' ;;`,
    '  *) echo "firewall-cmd: unexpected arguments: $*" >&2; exit 2 ;;',
    'esac',
  ].join('\n'),
  // ufw translates its status line; the script asks for it in English (LC_ALL=C).
  ufw: [
    'if [ "$*" != status ]; then echo "ufw: unexpected arguments: $*" >&2; exit 64; fi',
    'if [ "${LC_ALL:-}" = C ]; then printf "Status: active\\n\\nTo                         Action      From\\n--                         ------      ----\\n22/tcp                     ALLOW       Anywhere\\n"; else echo "Estado: activo"; fi',
  ].join('\n'),
};

const FILES = {
  'etc/firewalld/zones/internal.xml': readFileSync(fixturePath('internal.etc.zone.xml')),
  'usr/lib/firewalld/zones/internal.xml': readFileSync(fixturePath('internal.usr-lib.zone.xml')),
  'usr/lib/firewalld/zones/public.xml': readFileSync(fixturePath('public.usr-lib.zone.xml')),
  'etc/ufw/user.rules': readFileSync(UFW_RULES),
  'etc/ufw/user6.rules': readFileSync(fixturePath('ufw-user6.rules')),
  'etc/default/ufw': readFileSync(fixturePath('default-ufw')),
};

const ALL_RULES = [
  'ora01.iptables',
  'ora01.ip6tables',
  'ora01.nft',
  'ora01.public.zone.xml',
  'ora01.internal.zone.xml',
  'ora01.user.rules',
  'ora01.user6.rules',
  'ora01.default-ufw',
];

const manifestLines = (rules: string[], notes = '') => `${notes}firewalls:\n  - name: ora01-host\n    host: ora01\n    rules: [${rules.join(', ')}]\n`;
const ZONES_NOTE = '# ora01.firewalld-zones.txt: the default and the active firewalld zones when collected; not a rule file.\n';
const lines = (text: string) => text.split('\n').filter(Boolean);
const withoutFile = (files: Record<string, Buffer>, path: string) => Object.fromEntries(Object.entries(files).filter(([name]) => name !== path));

for (const shell of SHELLS) {
  describe(`the Linux collector script, run by ${shell}`, () => {
    it('saves every firewall the host has under its fixed name, byte for byte, and prints the manifest lines that name them', () => {
      const host = fakeHost(TOOLS, FILES);
      const { code, stdout, stderr } = host.run(script, shell);
      assert.equal(code, 0, stderr);
      assert.equal(stdout, manifestLines(ALL_RULES, ZONES_NOTE));
      assert.deepEqual(host.written(), [...ALL_RULES, 'ora01.firewalld-zones.txt'].sort());
      const saved = (name: string) => readFileSync(join(host.out, name));
      assert.deepEqual(saved('ora01.iptables'), readFileSync(IPTABLES));
      // CRLF kept: the file is the tool's output as it printed it.
      assert.deepEqual(saved('ora01.ip6tables'), readFileSync(IP6TABLES));
      assert.deepEqual(saved('ora01.nft'), readFileSync(NFT));
      // /etc/firewalld/zones wins over the shipped default; a zone only shipped comes from /usr/lib.
      assert.deepEqual(saved('ora01.internal.zone.xml'), FILES['etc/firewalld/zones/internal.xml']);
      assert.deepEqual(saved('ora01.public.zone.xml'), FILES['usr/lib/firewalld/zones/public.xml']);
      assert.deepEqual(saved('ora01.user.rules'), FILES['etc/ufw/user.rules']);
      assert.deepEqual(saved('ora01.user6.rules'), FILES['etc/ufw/user6.rules']);
      assert.deepEqual(saved('ora01.default-ufw'), FILES['etc/default/ufw']);
      assert.equal(saved('ora01.firewalld-zones.txt').toString(), `# firewall-cmd --get-default-zone\npublic\n# firewall-cmd --get-active-zones\n${ACTIVE_ZONES}`);
      assert.deepEqual(host.calls(), [
        'iptables-save ',
        'ip6tables-save ',
        'nft list ruleset',
        'firewall-cmd --state',
        'firewall-cmd --get-default-zone',
        'firewall-cmd --get-active-zones',
        'ufw status',
      ]);
      const said = lines(stderr);
      assert.match(said[0], /^befw: reading the firewall rules of .+, the host ora01 of the manifest; nothing on this host is changed\.$/);
      assert.equal(said[1], `befw: where present it runs iptables-save, ip6tables-save, nft list ruleset, firewall-cmd and ufw status, copies the firewalld zones in use and ufw's rules, and writes them into ${host.out}`);
      assert.deepEqual(said.slice(2), [
        'befw: wrote ora01.iptables (iptables-save)',
        'befw: wrote ora01.ip6tables (ip6tables-save)',
        'befw: wrote ora01.nft (nft list ruleset)',
        'befw: wrote ora01.firewalld-zones.txt (the default and the active firewalld zones)',
        'befw: wrote ora01.public.zone.xml (a copy of /usr/lib/firewalld/zones/public.xml)',
        'befw: wrote ora01.internal.zone.xml (a copy of /etc/firewalld/zones/internal.xml)',
        'befw: wrote ora01.user.rules (a copy of /etc/ufw/user.rules)',
        'befw: wrote ora01.user6.rules (a copy of /etc/ufw/user6.rules)',
        'befw: wrote ora01.default-ufw (a copy of /etc/default/ufw)',
        'befw: done: copy the files beside the manifest and put these lines in its firewalls: (the host firewall of ora01)',
      ]);
      // What it prints is YAML a manifest takes, ufw's user.rules before its defaults.
      assert.deepEqual(parse(stdout), { firewalls: [{ name: 'ora01-host', host: 'ora01', rules: ALL_RULES }] });
    });

    it('leaves out firewalld when it is not running and ufw when it is inactive, and says why', () => {
      const host = fakeHost(
        {
          'iptables-save': prints(IPTABLES),
          'firewall-cmd': 'echo "not running"; exit 252',
          ufw: 'echo "Status: inactive"',
        },
        FILES,
      );
      const { code, stdout, stderr } = host.run(script, shell);
      assert.equal(code, 0, stderr);
      assert.equal(stdout, manifestLines(['ora01.iptables']));
      assert.deepEqual(host.written(), ['ora01.iptables']);
      assert.deepEqual(host.calls(), ['iptables-save ', 'firewall-cmd --state', 'ufw status']);
      assert.deepEqual(lines(stderr).slice(3, -1), [
        'befw: ip6tables-save: not installed here, skipped',
        'befw: nft: not installed here, skipped',
        'befw: firewalld is not running (firewall-cmd --state: not running): its zones are not in effect, skipped',
        'befw: ufw is not active (Status: inactive): its files are not in effect (iptables-save shows what is), skipped',
      ]);
    });

    it('as a user without root: a tool that fails is said with its own words and its file removed; the rest is saved', () => {
      const host = fakeHost(
        {
          id: 'echo 1000',
          'iptables-save': 'echo "iptables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)" >&2; exit 4',
          'ip6tables-save': `${prints(IP6TABLES)}\necho "# Warning: ip6tables-legacy tables present, use ip6tables-legacy-save to see them" >&2`,
          'firewall-cmd': TOOLS['firewall-cmd'],
          ufw: 'echo "ERROR: You need to be root to run this script" >&2; exit 1',
        },
        // A zone file that cannot be read (a folder stands for it: root reads any file).
        { ...withoutFile(FILES, 'etc/firewalld/zones/internal.xml'), 'etc/firewalld/zones/internal.xml/unreadable': '' },
      );
      const { code, stdout, stderr } = host.run(script, shell);
      assert.equal(code, 0, stderr);
      assert.equal(stdout, manifestLines(['ora01.ip6tables', 'ora01.public.zone.xml'], ZONES_NOTE));
      assert.deepEqual(host.written(), ['ora01.firewalld-zones.txt', 'ora01.ip6tables', 'ora01.public.zone.xml']);
      const said = lines(stderr);
      const hint = ' (it needs root: run this script with sudo)';
      assert.equal(said[2], 'befw: not running as root: iptables-save, ip6tables-save, nft and ufw status need root and may fail; the rest is read');
      for (const line of [
        `befw: iptables-save failed (exit 4)${hint}: iptables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)`,
        'befw: wrote ora01.ip6tables (ip6tables-save)',
        'befw: ip6tables-save said: # Warning: ip6tables-legacy tables present, use ip6tables-legacy-save to see them',
        'befw: nft: not installed here, skipped',
        `befw: ufw status failed${hint}: ERROR: You need to be root to run this script`,
      ]) {
        assert.ok(said.includes(line), line);
      }
      assert.ok(said.some((line) => line.startsWith(`befw: cannot read /etc/firewalld/zones/internal.xml${hint}: cat: `)), stderr);
    });

    it('exits 1 with a clear message and writes nothing when there is nothing to save', () => {
      const host = fakeHost({});
      const { code, stdout, stderr } = host.run(script, shell);
      assert.deepEqual([code, stdout, host.written()], [1, '', []]);
      assert.deepEqual(lines(stderr).slice(2), [
        'befw: iptables-save: not installed here, skipped',
        'befw: ip6tables-save: not installed here, skipped',
        'befw: nft: not installed here, skipped',
        'befw: firewall-cmd: not installed here, skipped',
        'befw: ufw: not installed here, skipped',
        'befw: nothing was saved: this host has no iptables-save, ip6tables-save or nft that ran, nor a running firewalld or an active ufw whose files could be read',
      ]);
    });

    it('writes beside itself when no folder is given, and exits 2 for a folder it cannot write into', () => {
      const host = fakeHost({ 'iptables-save': prints(IPTABLES) });
      const elsewhere = join(host.root, 'elsewhere');
      mkdirSync(elsewhere);
      const beside = host.run(script, shell, { args: [], cwd: elsewhere });
      assert.equal(beside.code, 0, beside.stderr);
      assert.deepEqual([host.written(), readdirSync(elsewhere)], [['ora01.iptables'], []]);
      const missing = join(host.root, 'no-such-folder');
      const refused = host.run(script, shell, { args: [missing] });
      assert.deepEqual([refused.code, refused.stdout, refused.stderr], [2, '', `befw: cannot write into the folder ${missing}: give a folder you can write to as the first argument\n`]);
      assert.deepEqual(host.calls(), ['iptables-save ']);
    });

    it('takes zone names as data: one that is not a plain file name is skipped, never read nor expanded', () => {
      const host = fakeHost(
        { 'firewall-cmd': TOOLS['firewall-cmd'].replace(ACTIVE_ZONES, '../../../etc/passwd\n  interfaces: eth9\n*\npublic\n') },
        { ...FILES, 'etc/passwd.xml': 'not a zone' },
      );
      const { code, stdout, stderr } = host.run(script, shell);
      assert.equal(code, 0, stderr);
      assert.equal(stdout, manifestLines(['ora01.public.zone.xml'], ZONES_NOTE));
      for (const zone of ['../../../etc/passwd', '*']) assert.ok(stderr.includes(`befw: the zone name ${zone} is not a plain file name, skipped\n`), zone);
      assert.deepEqual(host.written(), ['ora01.firewalld-zones.txt', 'ora01.public.zone.xml']);
    });

    it('takes host and firewall names as data: quotes, $(…), backquotes, line breaks and non-ASCII run nothing and come back intact', () => {
      const name = 'ora 01 "edge" \'x\' $(touch PWNED) `touch PWNED2` ünï\nnext; exit 3';
      const firewallName = "fw 'a' \"b\" $(touch PWNED3) \\ #";
      const odd = linuxCollectorScript({ host: name, firewallName, manifestName: 'a\n$(touch PWNED4).bexnet.yaml' });
      assert.equal(odd.filePrefix, 'ora_01__edge___x____touch_PWNED___touch_PWNED2___n__next__exit_3');
      const host = fakeHost({ 'iptables-save': prints(IPTABLES) });
      const { code, stdout, stderr } = host.run(odd.text, shell);
      assert.equal(code, 0, stderr);
      assert.deepEqual(parse(stdout), { firewalls: [{ name: firewallName, host: name, rules: [`${odd.filePrefix}.iptables`] }] });
      assert.deepEqual(host.written(), [`${odd.filePrefix}.iptables`]);
      assert.match(stderr, /, the host ora 01 "edge" 'x' \$\(touch PWNED\) `touch PWNED2` ünï\?next; exit 3 of the manifest;/);
      for (const folder of [host.out, join(host.out, '..'), host.root]) assert.deepEqual(readdirSync(folder).filter((f) => f.startsWith('PWNED')), [], folder);
      assert.ok(!existsSync('PWNED'));
    });
  });
}
