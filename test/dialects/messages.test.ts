import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EXCERPT_LENGTH } from '../../server/src/engine/util/excerpt';
import { parseInDialect } from '../../server/src/engine/dialects/registry';
import { checkFiles } from '../support/engine';

/** A token a careless paste or a hostile file may hold: long, with a terminal escape sequence in the middle. */
const HUGE = `${'x'.repeat(5000)}\u001b[2J\u0007${'y'.repeat(5000)}`;
/** A message may quote a token of EXCERPT_LENGTH characters; the rest of a message is our own words. */
const MAX_MESSAGE = EXCERPT_LENGTH + 320;

const MANIFEST = (rules: string) => `version: 1
hosts:
  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }
  - { name: sql01, role: remote-computer, address: 10.0.2.20 }
firewalls:
  - { name: sql01-host, rules: ${rules}, host: sql01 }
`;

/** Each place a parser quotes a value, with what should be reported there. */
const POWERSHELL: Record<string, string> = {
  protocol: `New-NetFirewallRule -DisplayName 'a' -Protocol ${HUGE}`,
  direction: `New-NetFirewallRule -DisplayName 'a' -Direction '${HUGE}'`,
  port: `New-NetFirewallRule -DisplayName 'a' -Protocol TCP -LocalPort 10000, '${HUGE}'`,
  'comma string': `New-NetFirewallRule -DisplayName 'a' -Protocol TCP -LocalPort '10000,${HUGE}'`,
  'broken continuation': `New-NetFirewallRule -DisplayName 'a'\n-${HUGE} 1`,
  splat: `New-NetFirewallRule @${HUGE.replace(/[^a-z]/g, '')}`,
  computed: `New-NetFirewallRule -DisplayName 'a' -LocalPort $(${HUGE})`,
};
const NETSH_TOKEN = HUGE.slice(0, 3000) + HUGE.slice(-3000);
const NETSH: Record<string, string> = {
  'not a parameter': `netsh advfirewall firewall add rule name=a action=allow ${NETSH_TOKEN}`,
  'unknown parameter': `netsh advfirewall firewall add rule name=a action=allow ${NETSH_TOKEN.replace(/[^a-z]/g, '')}=1`,
  direction: `netsh advfirewall firewall add rule name=a action=allow dir=${NETSH_TOKEN}`,
  variable: `netsh advfirewall firewall add rule name=a action=allow localport=%${NETSH_TOKEN.replace(/[^a-z]/g, '')}%`,
  port: `netsh advfirewall firewall add rule name=a action=allow protocol=tcp localport=10000,${NETSH_TOKEN}`,
};

async function messages(name: string, script: string): Promise<string[]> {
  const model = parseInDialect({ uri: `file:///fixture/${name}`, text: script });
  const { report } = await checkFiles({ 'site.bexnet.yaml': MANIFEST(name), [name]: script }, 'site.bexnet.yaml');
  const bex200 = [...report.diagnostics.values()].flat().filter((d) => d.code === 'BEX200');
  return [...model.problems, ...model.unresolved, ...bex200].map((p) => String(p.message));
}

describe('Messages about script values quote at most an excerpt, with control characters escaped', () => {
  for (const [dialect, cases] of [['sql01.ps1', POWERSHELL], ['sql01.cmd', NETSH]] as const) {
    for (const [site, script] of Object.entries(cases)) {
      it(`${dialect}: ${site}`, async () => {
        const found = await messages(dialect, script);
        assert.equal(found.length, 1, `one message for the one bad value: ${found.map((m) => m.slice(0, 120)).join(' | ')}`);
        for (const message of found) {
          assert.ok(message.length <= MAX_MESSAGE, `${message.length} characters: ${message.slice(0, 200)}`);
          assert.ok(message.includes('…'), message.slice(0, 200));
          assert.doesNotMatch(message, /[\u0000-\u001f\u007f-\u009f]/);
        }
      });
    }
  }
});

describe('Huge and deeply nested scripts get sentences for a person, in bounded time', () => {
  const timed = <T>(parse: () => T): T => {
    const started = Date.now();
    const result = parse();
    assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
    return result;
  };
  const notes = (name: string, text: string) => {
    const model = timed(() => parseInDialect({ uri: `file:///fixture/${name}`, text }));
    return [...model.problems, ...model.unresolved].map((p) => p.message);
  };
  const ENGINE_WORDING = /Maximum call stack|Invalid string length|Invalid array length|heap|undefined|null|NaN|\[object/;

  it('PowerShell: values that double on every line stop being followed, with a reason', () => {
    const strings = notes('a.ps1', `$a = 'x'\n${'$a = "$a$a"\n'.repeat(60)}New-NetFirewallRule -DisplayName 'a' -RemoteAddress $a`);
    assert.deepEqual(strings, ['-RemoteAddress uses $a, which is longer than 100,000 characters, more than this check follows; it cannot be checked without running the script']);
    const lists = notes('a.ps1', `$a = 1\n${'$a = $a, $a\n'.repeat(60)}New-NetFirewallRule -DisplayName 'a' -LocalPort $a`);
    assert.deepEqual(lists, ['-LocalPort uses $a, which holds more than 10,000 items, more than this check follows; it cannot be checked without running the script']);
  });

  it('PowerShell: deep nesting is followed to a depth, then said to be too deep', () => {
    const nested = notes('a.ps1', `New-NetFirewallRule -DisplayName 'a' -LocalPort ${'@('.repeat(100_000)}1${')'.repeat(100_000)}`);
    assert.equal(nested.length, 1);
    assert.match(nested[0], /which is nested too deeply to follow/);
    for (const text of ['{'.repeat(200_000), `${'('.repeat(100_000)}New-NetFirewallRule`, '"$('.repeat(50_000), `@{${'a=@{'.repeat(50_000)}`]) {
      for (const message of notes('a.ps1', text)) assert.doesNotMatch(message, ENGINE_WORDING);
    }
  });

  it('batch: deep blocks, endless carets and doubling variables', () => {
    const blocks = `${'if 1==1 (\n'.repeat(100_000)}netsh advfirewall firewall add rule name=a dir=in action=allow localport=10000\n${')\n'.repeat(100_000)}`;
    assert.deepEqual(notes('a.cmd', blocks), []);
    for (const text of ['^\n'.repeat(100_000), `set P=x\n${'set P=%P%%P%!P!\n'.repeat(100)}`, '%'.repeat(100_000), `setlocal enabledelayedexpansion\n${'!'.repeat(8000)}\n`]) {
      for (const message of notes('a.cmd', text)) assert.doesNotMatch(message, ENGINE_WORDING);
    }
  });
});
