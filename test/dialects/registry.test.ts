import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import manifestSchema from '../../schemas/bexnet.schema.json';
import { DIALECT_IDS, DIALECTS, dialectFor, GENERATED_DIALECTS } from '../../server/src/engine/dialects/registry';

describe('the DIALECTS table', () => {
  it('names every dialect the manifest\'s format: accepts, and no other', () => {
    assert.deepEqual([...DIALECT_IDS].sort(), [...manifestSchema.properties.firewalls.items.properties.format.enum].sort());
  });

  it('gives each file-name ending to one dialect only', () => {
    const endings = DIALECTS.flatMap((dialect) => dialect.extensions);
    assert.equal(new Set(endings).size, endings.length, endings.join(' '));
  });

  it('decides by name, then format:, then content, then YAML', () => {
    const reg = 'Windows Registry Editor Version 5.00\r\n';
    const show = '\r\nRule Name:                            x\r\n' + '-'.repeat(70) + '\r\n';
    assert.equal(dialectFor('file:///a/x.ps1', reg, 'windows-registry').id, 'powershell', 'the name wins over format: and content');
    assert.equal(dialectFor('file:///a/x.txt', show, 'netsh').id, 'netsh', 'format: wins over content');
    assert.equal(dialectFor('file:///a/x.txt', reg).id, 'windows-registry');
    assert.equal(dialectFor('file:///a/x.txt', show).id, 'netsh-show');
    assert.equal(dialectFor('file:///a/x.txt', 'rules: []\n').id, 'yaml');
    assert.equal(dialectFor('file:///a/X.REG?x=1').id, 'windows-registry', 'any case, without the query');
  });

  it('generates only dialects that can write a whole file', () => {
    assert.deepEqual(GENERATED_DIALECTS, ['yaml', 'netsh', 'powershell', 'iptables-save', 'ufw', 'nftables', 'firewalld-zone']);
  });
});
