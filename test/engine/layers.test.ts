import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { it } from 'node:test';

const root = join(__dirname, '..', '..', '..');

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : [],
  );
}

const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);

it('the engine imports no editor, server or CLI code: only its own modules, its data and pure libraries', () => {
  const engine = join(root, 'server', 'src', 'engine');
  const data = [engine, join(root, 'schemas'), join(root, 'server', 'catalog')];
  const packages = new Set(['yaml', 'ajv', 'vscode-uri', 'vscode-languageserver-types', 'vscode-languageserver-textdocument', 'fastest-levenshtein', 'saxes', '@dagrejs/dagre']);
  for (const file of sources(engine)) {
    for (const imported of importsOf(file)) {
      const ok = imported.startsWith('.') ? data.some((folder) => !relative(folder, join(file, '..', imported)).startsWith('..')) : packages.has(imported);
      assert.ok(ok, `${relative(root, file)} imports ${imported}`);
    }
  }
});

it('the server and the CLI reach the engine only through its public index', () => {
  for (const folder of ['lsp', 'cli']) {
    for (const file of sources(join(root, 'server', 'src', folder))) {
      for (const imported of importsOf(file).filter((i) => i.includes('/engine'))) assert.equal(imported, '../engine', `${relative(root, file)} imports ${imported}`);
    }
  }
});
