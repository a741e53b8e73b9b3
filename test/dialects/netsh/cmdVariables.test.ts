import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OffsetRange } from '../../../server/src/engine/model/types';
import { parseNetsh } from '../../../server/src/engine/dialects/netsh/parse';
import { dialectById, parseInDialect } from '../../../server/src/engine/dialects/registry';
import { checkFiles, summary } from '../../support/engine';
import { hostFirewallSite } from '../../support/scriptSite';

const at = (text: string, range: OffsetRange | undefined) => (range ? text.slice(range[0], range[1]) : undefined);
const RULE = (ports: string, extra = '') => `netsh advfirewall firewall add rule name="BE" dir=in action=allow protocol=TCP localport=${ports} remoteip=10.0.1.10${extra}`;
/** The local ports of the script's rules, each as [value, text at its range]. */
const ports = (script: string) => parseNetsh(script).rules.map((rule) => rule.localPorts?.items.map((item) => [item.value, at(script, item.range)]));
/** The unresolved references of a script, each as [text at its range, message]. */
const unresolved = (script: string) => parseNetsh(script).unresolved.map((p) => [at(script, p.range) ?? '', p.message] as const);

const MANIFEST = hostFirewallSite('sql01.cmd');
async function findings(script: string): Promise<string[]> {
  const { report } = await checkFiles({ 'site.bexnet.yaml': MANIFEST, 'sql01.cmd': script }, 'site.bexnet.yaml');
  return summary(report).filter((f) => f.startsWith('sql01.cmd'));
}

describe('cmd.exe variables in batch files, expanded as cmd.exe does', () => {
  it('expands %P% inside a later set, in order (the issue: set P=%P%,50100-50149 gave a false BEX100)', async () => {
    const script = `set P=10000\r\nset P=%P%,50100-50149\r\n${RULE('%P%')}\r\n`;
    assert.deepEqual(await findings(script), []);
    assert.deepEqual(ports(script), [[['10000', '%P%'], ['50100-50149', '%P%']]]);
  });

  it('reads set "P=…" to its last quote, keeps quotes written after =, and places literal items exactly', async () => {
    const script = `set "P=10000" ignored\nset Q="50100-50149"\n${RULE('%P%,6101,%Q%')}\n`;
    assert.deepEqual(ports(script), [[['10000', '%P%'], ['6101', '6101'], ['50100-50149', '%Q%']]]);
  });

  it('expands a block when it is read: a set inside it is seen by !P! only, and is unknown after a conditional block', async () => {
    const block = (use: string) => `set P=6101\nif exist C:\\ (\n  set P=10000,50100-50149\n  ${RULE(use)}\n)\n${RULE('%P%')}\n`;
    const immediate = block('%P%');
    assert.deepEqual(ports(immediate)[0], [['6101', '%P%']]);
    assert.deepEqual(unresolved(immediate).map(([text]) => text), ['%P%']);
    assert.match(unresolved(immediate)[0][1], /set only under a condition or in a loop/);
    const delayed = `setlocal enabledelayedexpansion\n${block('!P!')}`;
    assert.deepEqual(ports(delayed)[0], [['10000', '!P!'], ['50100-50149', '!P!']]);
    // A plain ( … ) block is not conditional: what it sets is known after it.
    assert.deepEqual(ports(`(\n  set P=10000\n)\n${RULE('%P%')}\n`), [[['10000', '%P%']]]);
  });

  it('leaves !P! unexpanded, and unknown, when the script does not turn delayed expansion on', () => {
    const script = `set P=10000\n${RULE('!P!')}\n`;
    assert.deepEqual(ports(script), [[]]);
    assert.deepEqual(unresolved(script).map(([text]) => text), ['!P!']);
    assert.match(unresolved(script)[0][1], /only when delayed expansion is on/);
    assert.deepEqual(ports(`setlocal EnableDelayedExpansion\nset P=10000\n${RULE('!P!')}\nendlocal\n${RULE('!P!')}\n`)[0], [['10000', '!P!']]);
  });

  it('restores variables at endlocal', () => {
    assert.deepEqual(ports(`set P=6101\nsetlocal\nset P=10000\nendlocal\n${RULE('%P%')}\n`), [[['6101', '%P%']]]);
  });

  it('says what a value depends on when the script does not set it: the environment, an argument, the user, arithmetic', () => {
    const cases: [string, string, RegExp][] = [
      ['', '%BE_PORTS%', /not set earlier in this script, so it comes from the environment/],
      ['', '%1', /an argument the script is called with/],
      ['', '%~2', /an argument the script is called with/],
      ['set /p P=Port: \n', '%P%', /typed in by whoever runs the script \(set \/p\)/],
      ['set /a P=10000+0\n', '%P%', /computed by set \/a/],
      ['set X=%Y%\nset P=%X%\n', '%P%', /set from %X%, which is not known before the script runs/],
      ['ver && set P=10000\n', '%P%', /set only under a condition/],
      ['for %%p in (10000) do set P=%%p\n', '%P%', /set only under a condition or in a loop/],
    ];
    for (const [before, use, why] of cases) {
      const script = `${before}${RULE(use)}\n`;
      const [[text, message], ...more] = unresolved(script);
      assert.equal(text, use, before);
      assert.match(message, why, before);
      assert.deepEqual(more, [], before);
      assert.deepEqual(ports(script), [[]], before);
    }
    assert.deepEqual(ports(`set /a P=10000\n${RULE('%P%')}\n`), [[['10000', '%P%']]]);
  });

  it('follows cmd.exe: %% is a %, a lone % is dropped, an unset variable is empty, substrings and substitutions apply', () => {
    const script = `set R=50100-50149\nset L=10000;6101\nset E=\n${RULE('%R:~0,5%,%L:;=,%', '%E%')} description="100%% local, 5% more"\n`;
    const [rule] = parseNetsh(script).rules;
    assert.deepEqual(rule.localPorts?.items.map((i) => i.value), ['50100', '10000', '6101']);
    assert.deepEqual(rule.remoteAddresses?.items.map((i) => i.value), ['10.0.1.10']);
    assert.equal(rule.description?.value, '100% local, 5 more');
    assert.deepEqual(parseNetsh(script).unresolved, []);
  });

  it('expands a whole line before it runs: set A=… & netsh … %A% sees the value A had before the line', () => {
    const script = `set A=6101\nset A=10000 & ${RULE('%A%')}\n`;
    assert.deepEqual(ports(script), [[['6101', '%A%']]]);
  });

  it('takes redirections and command separators out of the netsh command', async () => {
    const script = `@echo off\n${RULE('10000,50100-50149', ' >nul 2>&1')} || echo failed >> "C:\\logs\\fw.log"\n`;
    assert.deepEqual(parseNetsh(script).problems, []);
    assert.deepEqual(await findings(script), []);
  });

  it('joins a line ending in ^ to the next without a space, as cmd.exe does', () => {
    assert.deepEqual(ports(`${RULE('10000,^\n50100-50149')}\n`), [[['10000', '10000'], ['50100-50149', '50100-50149']]]);
  });

  it('reports a line cmd.exe refuses as too long, also when variables make it so, in bounded time and memory', () => {
    const doubling = `set P=x\n${'set P=%P%%P%\n'.repeat(40)}${RULE('%P%')}\n`;
    const started = Date.now();
    const parsed = parseNetsh(doubling);
    assert.ok(Date.now() - started < 2000);
    assert.ok(parsed.problems.length > 0 && parsed.problems.every((p) => /cmd\.exe does not run lines longer than 8191/.test(p.message)), JSON.stringify(parsed.problems.slice(0, 2)));
    assert.match(parseNetsh(RULE(`10000 description="${'d'.repeat(9000)}"`)).problems[0].message, /^This line is 9\d{3} characters long; cmd\.exe does not run/);
  });

  it('reads %P% literally in a netsh -f script, where cmd.exe plays no part', () => {
    const text = `${RULE('%P%').replace(/^netsh /, '')}\n`;
    const model = parseInDialect({ uri: 'file:///x/rules.netsh', text }, dialectById('netsh')!);
    assert.deepEqual(model.rules[0].portItems.map((p) => [p.text, Boolean(p.problem)]), [['%P%', true]]);
    assert.deepEqual(model.unresolved, []);
  });
});
