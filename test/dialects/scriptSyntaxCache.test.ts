import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dialectById, parseInDialect } from '../../server/src/engine/dialects/registry';
import { ScriptSyntaxCache } from '../../server/src/engine/dialects/scriptSyntaxCache';

/**
 * A script is parsed whole after each edit; a rule that reads as before keeps
 * its syntax object (and what was computed from it), one whose text or values
 * changed gets a new one, and the model equals a parse without the cache.
 */

const URI = 'file:///site/sql02.cmd';

const script = (port: string, server: string) =>
  [
    '@echo off',
    `set BESERVER=${server}`,
    'netsh advfirewall firewall add rule name="Backup Exec Remote Agent" dir=in action=allow protocol=TCP localport=10000 remoteip=%BESERVER%',
    `netsh advfirewall firewall add rule name="Backup Exec data" dir=in action=allow protocol=TCP localport=${port} remoteip=%BESERVER%`,
    'netsh advfirewall firewall add rule name="SQL Server" dir=in action=allow protocol=TCP localport=1433 remoteip=LocalSubnet',
    '',
  ].join('\r\n');

function parse(text: string, cache: ScriptSyntaxCache) {
  return parseInDialect({ uri: URI, text }, dialectById('netsh')!, cache);
}

/** What the checks read of each rule, without object identity. */
function reading(text: string, cache?: ScriptSyntaxCache) {
  return parseInDialect({ uri: URI, text }, dialectById('netsh')!, cache).rules.map((rule) => ({ name: rule.name, base: rule.base, values: rule.syntax.values, direction: rule.syntax.direction }));
}

describe('script syntax cache', () => {
  it('an edit keeps the syntax of every rule it did not change, and gives the changed rule a new one', () => {
    const cache = new ScriptSyntaxCache();
    const before = parse(script('50100-50149', '10.1.1.10'), cache).rules;
    const after = parse(script('50100-50150', '10.1.1.10'), cache).rules;
    assert.deepStrictEqual(
      after.map((rule, i) => rule.syntax === before[i].syntax),
      [true, false, true],
    );
    assert.deepStrictEqual(after[1].syntax.values.ports, ['50100-50150']);
  });

  it('a rule whose text is unchanged but whose variable now holds another address gets a new syntax with the new address', () => {
    const cache = new ScriptSyntaxCache();
    const before = parse(script('50100-50149', '10.1.1.10'), cache).rules;
    const after = parse(script('50100-50149', '10.1.1.11'), cache).rules;
    assert.deepStrictEqual(
      after.map((rule, i) => rule.syntax === before[i].syntax),
      [false, false, true],
    );
    assert.deepStrictEqual(after[0].syntax.values.from, ['10.1.1.11']);
  });

  it('after a series of edits the model reads as a parse without the cache', () => {
    const cache = new ScriptSyntaxCache();
    const versions = [script('50100-50149', '10.1.1.10'), script('50100-50150', '10.1.1.10'), script('50100-50150', '10.1.1.12'), script('50100', '10.1.1.12')];
    for (const text of versions) assert.deepStrictEqual(reading(text, cache), reading(text));
  });
});
