import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

const root = join(__dirname, '..', '..', '..');

/**
 * A grammar of syntaxes/, tokenized with the real TextMate engine VS Code uses (vscode-textmate on Oniguruma);
 * `changed`, when given, is a changed copy of the file's grammar as a JSON object, used instead of the file.
 */
export async function loadGrammar(scopeName: string, file: string, changed?: object): Promise<IGrammar> {
  const wasm = readFileSync(join(root, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => {
      if (scope !== scopeName) return null;
      return changed ? parseRawGrammar(JSON.stringify(changed), file) : parseRawGrammar(readFileSync(join(root, 'syntaxes', file), 'utf8'), file);
    },
  });
  return (await registry.loadGrammar(scopeName))!;
}

/** The grammar file of syntaxes/ as a JSON object. */
function rawGrammar(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(root, 'syntaxes', file), 'utf8'));
}

/** Copies of a raw grammar, each without one entry of one of its `patterns` lists (at any depth), named by where it was. */
function grammarsWithoutOnePattern(raw: Record<string, unknown>): { where: string; grammar: Record<string, unknown> }[] {
  const variants: { where: string; grammar: Record<string, unknown> }[] = [];
  const visit = (node: unknown, path: (string | number)[]) => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'patterns' && Array.isArray(value)) {
        value.forEach((entry, index) => {
          const grammar = structuredClone(raw);
          const list = [...path, key].reduce<unknown>((at, step) => (at as Record<string | number, unknown>)[step], grammar) as unknown[];
          list.splice(index, 1);
          variants.push({ where: `${[...path, key, index].join('.')} ${JSON.stringify(entry).slice(0, 80)}`, grammar });
        });
      }
      visit(value, [...path, key]);
    }
  };
  visit(raw, []);
  return variants;
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

/** A line, parts of it (in order) and the innermost scope expected at the start of each. */
export interface ScopeCase {
  readonly line: string;
  readonly parts: readonly string[];
  readonly scopes: readonly string[];
}

/** The cases whose scopes differ from what `grammar` gives, with what it gives. */
export function failingCases(grammar: IGrammar, cases: readonly ScopeCase[]): { line: string; expected: readonly string[]; actual: string[] }[] {
  return cases
    .map(({ line, parts, scopes }) => ({ line, expected: scopes, actual: scopesAt(grammar, line, parts) }))
    .filter(({ expected, actual }) => JSON.stringify(expected) !== JSON.stringify(actual));
}

/** A line of a fixture under test/dialects/, found by what it contains (so the test fails if the fixture loses it). */
export function fixtureLine(fixture: string, containing: string): string {
  const lines = readFileSync(join(root, 'test', 'dialects', fixture), 'utf8').split(/\r?\n/);
  const line = lines.find((l) => l.includes(containing));
  assert.ok(line !== undefined, `${fixture} has a line with "${containing}"`);
  return line;
}

/** Where the grammar has a pattern no case needs: removing it leaves every case's scopes unchanged. */
export async function unguardedPatterns(scopeName: string, file: string, cases: readonly ScopeCase[]): Promise<string[]> {
  const unguarded: string[] = [];
  for (const { where, grammar } of grammarsWithoutOnePattern(rawGrammar(file))) {
    if (failingCases(await loadGrammar(scopeName, file, grammar), cases).length === 0) unguarded.push(where);
  }
  return unguarded;
}
