import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { INITIAL, type IGrammar } from 'vscode-textmate';
import { loadGrammar } from '../support/grammar';
import { getDefaultCatalog } from '../../server/src/engine/catalog/catalog';
import { editorFiles } from '../../tools/editorFiles';

const root = join(__dirname, '..', '..', '..');


/** Each token's text and its innermost scope. */
function tokens(grammar: IGrammar, line: string): [string, string][] {
  return grammar
    .tokenizeLine(line, INITIAL)
    .tokens.map((t): [string, string] => [line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1]])
    .filter(([text]) => text.trim() !== '');
}

describe('TextMate grammars', () => {
  let rules: IGrammar;
  let manifest: IGrammar;
  before(async () => {
    rules = await loadGrammar('source.befw.rules', 'befw-rules.tmLanguage.json');
    manifest = await loadGrammar('source.befw.manifest', 'befw-manifest.tmLanguage.json');
  });

  it('the committed grammars and snippets match the catalog (run npm run docs)', () => {
    for (const [path, content] of editorFiles(getDefaultCatalog())) assert.equal(readFileSync(join(root, path), 'utf8'), content, path);
  });

  /** The innermost scope at the start of `part` in `line`. */
  function scopeAt(grammar: IGrammar, line: string, part: string): string {
    const offset = line.indexOf(part);
    const token = grammar.tokenizeLine(line, INITIAL).tokens.find((t) => t.startIndex <= offset && offset < t.endIndex)!;
    return token.scopes[token.scopes.length - 1];
  }

  it('highlights keys, ports, ranges, addresses, actions, protocols and comments in a rule', () => {
    const block = '    ports: [10000, 50100-50149]   # data range';
    assert.deepEqual(
      ['ports', ':', '10000', '50100-50149', '# data'].map((part) => scopeAt(rules, block, part)),
      ['entity.name.tag.key.befw', 'punctuation.separator.key-value.befw', 'constant.numeric.port.befw', 'constant.numeric.range.befw', 'comment.line.number-sign.befw'],
    );
    assert.deepEqual(tokens(rules, '  - { name: x, action: allow, protocol: tcp, from: [10.0.9.0/24, fd00::/8] }').filter(([, scope]) => !scope.startsWith('source') && !scope.startsWith('punctuation')), [
      ['name', 'entity.name.tag.key.befw'],
      ['action', 'entity.name.tag.key.befw'],
      ['allow', 'keyword.control.action.befw'],
      ['protocol', 'entity.name.tag.key.befw'],
      ['tcp', 'support.type.protocol.befw'],
      ['from', 'entity.name.tag.key.befw'],
      ['10.0.9.0/24', 'variable.other.address.befw'],
      ['fd00::/8', 'variable.other.address.befw'],
    ]);
  });

  it('keeps hyphenated keywords whole', () => {
    assert.deepEqual(tokens(rules, 'evaluation: block-wins').slice(-1), [['block-wins', 'keyword.control.action.befw']]);
  });

  it('marks the suppression directive and codes inside comments', () => {
    const line = '    # befw-disable-next-line BEX203 -- 0xE0000F02 seen';
    assert.deepEqual(
      ['#', 'befw-disable', 'BEX203', '--', '0xE0000F02', 'seen'].map((part) => scopeAt(rules, line, part)),
      ['comment.line.number-sign.befw', 'keyword.other.directive.befw', 'constant.other.code.befw', 'comment.line.number-sign.befw', 'constant.other.code.befw', 'comment.line.number-sign.befw'],
    );
  });

  it('highlights catalog roles and features in a manifest', () => {
    const scoped = tokens(manifest, '  - { name: sql01, role: remote-computer, features: [oracle, client-side-deduplication] }');
    assert.deepEqual(
      scoped.filter(([, scope]) => scope.startsWith('support')),
      [
        ['remote-computer', 'support.class.role.befw'],
        ['oracle', 'support.function.feature.befw'],
        ['client-side-deduplication', 'support.function.feature.befw'],
      ],
    );
  });

  it('tokenizes adversarial lines in bounded time (no catastrophic backtracking)', () => {
    const hostile = ['1'.repeat(20_000), `${'1.'.repeat(10_000)}x`, `"${'\\"'.repeat(10_000)}`, `${':'.repeat(20_000)}`, `${'a: '.repeat(5_000)}`, `${'f:'.repeat(10_000)}g`];
    for (const line of hostile) {
      const started = Date.now();
      rules.tokenizeLine(line, INITIAL, 5_000);
      manifest.tokenizeLine(line, INITIAL, 5_000);
      assert.ok(Date.now() - started < 5_000, `${line.slice(0, 20)}… tokenized in ${Date.now() - started} ms`);
    }
  });
});
