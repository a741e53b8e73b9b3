import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getDefaultCatalog } from '../../server/src/engine/catalog/catalog';
import { CHECKS } from '../../server/src/engine/checks/registry';
import { codesDocument, renderReadme } from '../../tools/docsContent';

const root = join(__dirname, '..', '..', '..');

describe('generated documentation', () => {
  it('README tables match the registry and the catalog (run npm run docs)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    assert.equal(renderReadme(readme, getDefaultCatalog()), readme);
  });

  it('docs/codes.md matches the registry (run npm run docs)', () => {
    assert.equal(readFileSync(join(root, 'docs', 'codes.md'), 'utf8'), codesDocument());
  });

  it('every registered code has a section and a table row', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const check of CHECKS) {
      assert.ok(readme.includes(`[${check.code}](docs/codes.md#${check.code.toLowerCase()})`), check.code);
      assert.match(codesDocument(), new RegExp(`^## ${check.code}$`, 'm'));
    }
  });

  it('codes are unique and ordered, each with docs', () => {
    const codes = CHECKS.map((c) => c.code);
    assert.deepEqual(codes, [...new Set(codes)].sort());
    for (const check of CHECKS) assert.ok(check.docs.length > 40, check.code);
  });
});
