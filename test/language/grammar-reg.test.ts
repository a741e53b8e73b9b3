import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { loadGrammar, scopesAt as scopesIn } from '../support/grammar';



describe('TextMate grammar of .reg exports', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar('source.befw.reg', 'befw-reg.tmLanguage.json');
  });

  const scopesAt = (line: string, parts: string[]) => scopesIn(grammar, line, parts);

  it('highlights the header, comments, key lines and deleted keys', () => {
    assert.deepEqual(scopesAt('Windows Registry Editor Version 5.00', ['Windows']), ['keyword.other.header.befw.reg']);
    assert.deepEqual(scopesAt('REGEDIT4', ['REGEDIT4']), ['keyword.other.header.befw.reg']);
    assert.deepEqual(scopesAt('; exported from sql01', [';', 'sql01']), ['punctuation.definition.comment.befw.reg', 'comment.line.semicolon.befw.reg']);
    assert.deepEqual(scopesAt('[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\FirewallRules]', ['[', '-', 'HKEY_LOCAL_MACHINE', ']']), [
      'punctuation.definition.section.begin.befw.reg',
      'keyword.operator.delete.befw.reg',
      'entity.name.section.key.befw.reg',
      'punctuation.definition.section.end.befw.reg',
    ]);
  });

  it('highlights a rule value: its name, =, the version, each Key= and |, escapes inside the string', () => {
    const line = '"{6A1C2F0E-3B4D}"="v2.30|Action=Allow|LPort=10000|App=C:\\\\Program Files\\\\be.exe|Name=Backup \\"Exec\\"|"';
    assert.deepEqual(scopesAt(line, ['{6A1C', '=', 'v2.30', '|', 'Action', '=', 'Allow', 'LPort', '10000', '\\\\', 'Name', '\\"', 'Exec']), [
      'variable.other.value-name.befw.reg',
      'keyword.operator.assignment.befw.reg',
      'constant.numeric.version.befw.reg',
      'punctuation.separator.field.befw.reg',
      'variable.parameter.field.befw.reg',
      'keyword.operator.assignment.befw.reg',
      'string.quoted.double.befw.reg',
      'variable.parameter.field.befw.reg',
      'string.quoted.double.befw.reg',
      'constant.character.escape.befw.reg',
      'variable.parameter.field.befw.reg',
      'constant.character.escape.befw.reg',
      'string.quoted.double.befw.reg',
    ]);
  });

  it('highlights dword, deleted and hex values, the default value and hex continuation lines', () => {
    assert.deepEqual(scopesAt('"AllowLocalPolicyMerge"=dword:00000000', ['AllowLocalPolicyMerge', 'dword:00000000']), ['variable.other.value-name.befw.reg', 'constant.numeric.dword.befw.reg']);
    assert.deepEqual(scopesAt('"Block-WU"=-', ['=', '-']), ['keyword.operator.assignment.befw.reg', 'keyword.operator.delete.befw.reg']);
    assert.deepEqual(scopesAt('@="v2.30|"', ['@']), ['variable.language.default.befw.reg']);
    assert.deepEqual(scopesAt('"Path"=hex(2):25,00,53,\\', ['hex(2):', '25']), ['storage.type.hex.befw.reg', 'constant.numeric.hex.befw.reg']);
    assert.deepEqual(scopesAt('  25,00,5c,00,00,00', ['25']), ['constant.numeric.hex.befw.reg']);
  });
});
