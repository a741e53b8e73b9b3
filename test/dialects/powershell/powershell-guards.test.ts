import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePowerShell } from '../../../server/src/engine/dialects/powershell/parse';

/** PowerShell's own rules for scopes, dashes, parameter prefixes and protocol numbers, at their edges. */
const problems = (text: string) => parsePowerShell(text).problems.map((p) => p.message);
const NEW = "New-NetFirewallRule -DisplayName 'BE' -Direction Inbound -Action Allow";

describe('PowerShell parser guards', () => {
  it('$script:port is the variable $port: set once, used under either name', () => {
    const parsed = parsePowerShell(`$script:port = 10000\n${NEW} -LocalPort $port\n${NEW} -LocalPort $script:port\n`);
    assert.deepStrictEqual([parsed.problems, parsed.unresolved], [[], []]);
    assert.deepStrictEqual(parsed.rules.map((r) => r.localPorts?.items.map((i) => i.value)), [['10000'], ['10000']]);
  });

  it('en and em dashes (pasted from a word processor) start parameters as "-" does', () => {
    const parsed = parsePowerShell("New-NetFirewallRule \u2013DisplayName 'BE' \u2014Direction Inbound \u2013Action Allow \u2013LocalPort 10000\n");
    assert.deepStrictEqual(parsed.problems, []);
    const [rule] = parsed.rules;
    assert.deepStrictEqual([rule.name?.value, rule.direction?.value, rule.action?.value, rule.localPorts?.items.map((i) => i.value)], ['BE', 'inbound', 'allow', ['10000']]);
  });

  it('-En is ambiguous (-Enabled, -Encryption) and reported; -Ena is -Enabled', () => {
    assert.deepStrictEqual(problems(`${NEW} -En False -LocalPort 10000\n`), ['-En is ambiguous: it could be -Enabled or 1 other parameter; write the parameter name in full']);
    const parsed = parsePowerShell(`${NEW} -Ena False -LocalPort 10000\n`);
    assert.deepStrictEqual(parsed.problems, []);
    assert.equal(parsed.rules[0].enabled?.value, false);
  });

  it('-Protocol takes a protocol number up to 255, not 256', () => {
    assert.deepStrictEqual(problems(`${NEW} -Protocol 255\n`), []);
    assert.deepStrictEqual(problems(`${NEW} -Protocol 256\n`), ['-Protocol must be TCP, UDP, ICMPv4, ICMPv6, Any or a protocol number 0-255, not "256"']);
  });
});
