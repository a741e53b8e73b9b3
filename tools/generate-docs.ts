import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDefaultCatalog } from '../server/src/engine/catalog/catalog';
import { codesDocument, renderReadme } from './docsContent';
import { editorFiles } from './editorFiles';

/** Regenerates the README's tables, docs/codes.md, the grammars and the snippets (npm run docs). */
const root = join(__dirname, '..', '..');
const readmePath = join(root, 'README.md');
writeFileSync(readmePath, renderReadme(readFileSync(readmePath, 'utf8'), getDefaultCatalog()));
writeFileSync(join(root, 'docs', 'codes.md'), codesDocument());
for (const [path, content] of editorFiles(getDefaultCatalog())) writeFileSync(join(root, path), content);
console.log('README.md, docs/codes.md, syntaxes/ and snippets/ regenerated.');
