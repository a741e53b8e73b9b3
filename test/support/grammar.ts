import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

const root = join(__dirname, '..', '..', '..');

/** A grammar of syntaxes/, tokenized with the real TextMate engine VS Code uses (vscode-textmate on Oniguruma). */
export async function loadGrammar(scopeName: string, file: string): Promise<IGrammar> {
  const wasm = readFileSync(join(root, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => (scope === scopeName ? parseRawGrammar(readFileSync(join(root, 'syntaxes', file), 'utf8'), file) : null),
  });
  return (await registry.loadGrammar(scopeName))!;
}

/** The innermost scope at the start of each part of `line`, each part found after the previous one (lines tokenized alone). */
export function scopesAt(grammar: IGrammar, line: string, parts: readonly string[]): string[] {
  const { tokens } = grammar.tokenizeLine(line, INITIAL);
  let from = 0;
  return parts.map((part) => {
    const offset = line.indexOf(part, from);
    assert.ok(offset >= 0, `"${part}" in ${line}`);
    from = offset + part.length;
    const token = tokens.find((t) => t.startIndex <= offset && offset < t.endIndex)!;
    return token.scopes[token.scopes.length - 1];
  });
}
