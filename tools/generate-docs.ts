import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDefaultCatalog } from '../server/src/engine/catalog/catalog';
import { codesDocument, renderReadme } from './docsContent';

/** Regenerates the README's tables and docs/codes.md (npm run docs). */
const root = join(__dirname, '..', '..');
const readmePath = join(root, 'README.md');
writeFileSync(readmePath, renderReadme(readFileSync(readmePath, 'utf8'), getDefaultCatalog()));
writeFileSync(join(root, 'docs', 'codes.md'), codesDocument());
console.log('README.md and docs/codes.md regenerated.');
