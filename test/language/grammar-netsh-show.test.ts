import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { INITIAL, type IGrammar } from 'vscode-textmate';
import { loadGrammar, scopesAt } from '../support/grammar';



const field = (label: string, value: string) => `${`${label}:`.padEnd(38)}${value}`;

describe('TextMate grammar of netsh show rule output', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar('source.befw.netsh-show', 'befw-netsh-show.tmLanguage.json');
  });

  const scopes = (line: string, parts: string[]) => scopesAt(grammar, line, parts);

  it('marks labels, the rule name, the separator and the end of the listing', () => {
    const name = field('Rule Name', 'Backup Exec Remote Agent (NDMP) from the media servers');
    assert.deepEqual(scopes(name, ['Rule Name', ':', 'Backup Exec Remote Agent']), ['entity.name.tag.label.befw', 'punctuation.separator.key-value.befw', 'entity.name.function.rule.befw']);
    assert.deepEqual(scopes('-'.repeat(70), ['-']), ['punctuation.separator.rule.befw']);
    assert.deepEqual([...scopes('Ok.', ['Ok.']), ...scopes('OK.', ['OK.']), ...scopes('No rules match the specified criteria.', ['No rules'])], Array(3).fill('keyword.other.listing-end.befw'));
    assert.deepEqual(scopes(field('Description', 'Opens 10000 for Allow rules'), ['Description', 'Opens', '10000']), ['entity.name.tag.label.befw', 'string.unquoted.befw', 'string.unquoted.befw']);
    // A translated label is a label; its value is left plain, as befw does not read it.
    assert.deepEqual(scopes(field('Regelname', 'Backup Exec'), ['Regelname', 'Backup']), ['entity.name.tag.label.befw', 'source.befw.netsh-show']);
  });

  it('marks the values of the fields befw reads', () => {
    const cases: [string, string, string[], string[]][] = [
      ['Enabled', 'No', ['No'], ['constant.language.boolean.befw']],
      ['Direction', 'In', ['In'], ['keyword.other.direction.befw']],
      ['Profiles', 'Domain, Private,Public', ['Domain', 'Private', 'Public'], Array(3).fill('support.constant.profile.befw')],
      ['RemoteIP', '10.0.1.0/255.255.255.0,10.0.9.1-10.0.9.40,LocalSubnet,fd00::/8', ['10.0.1.0/255.255.255.0', '10.0.9.1', '10.0.9.40', 'LocalSubnet', 'fd00::/8'], [...Array(3).fill('variable.other.address.befw'), 'support.constant.keyword.befw', 'variable.other.address.befw']],
      ['Protocol', 'ICMPv4', ['ICMPv4'], ['support.type.protocol.befw']],
      ['LocalPort', '10000,50100-50149,RPC-EPMap', ['10000', '50100-50149', 'RPC-EPMap'], ['constant.numeric.port.befw', 'constant.numeric.range.befw', 'support.constant.keyword.befw']],
      ['RemotePort', 'Any', ['Any'], ['constant.language.any.befw']],
      ['Action', 'Block', ['Block'], ['keyword.control.action.befw']],
    ];
    for (const [label, value, parts, expected] of cases) assert.deepEqual(scopes(field(label, value), [label, ...parts]), ['entity.name.tag.label.befw', ...expected], label);
  });

  it('marks a suppression directive an admin adds above a rule', () => {
    assert.deepEqual(scopes('# befw-disable-next-line BEX100 -- exported before the change', ['#', 'befw-disable', 'BEX100', 'exported']), [
      'comment.line.number-sign.befw',
      'keyword.other.directive.befw',
      'constant.other.code.befw',
      'comment.line.number-sign.befw',
    ]);
  });

  it('tokenizes adversarial lines in bounded time (no catastrophic backtracking)', () => {
    const hostile = ['1'.repeat(20_000), `RemoteIP: ${'1.'.repeat(10_000)}x`, `LocalPort: ${'1-'.repeat(10_000)}`, ':'.repeat(20_000), `${'a: '.repeat(5_000)}`, '-'.repeat(20_000)];
    for (const line of hostile) {
      const started = Date.now();
      grammar.tokenizeLine(line, INITIAL, 5_000);
      assert.ok(Date.now() - started < 5_000, `${line.slice(0, 20)}… tokenized in ${Date.now() - started} ms`);
    }
  });
});
