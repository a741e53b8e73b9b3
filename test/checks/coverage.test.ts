import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CHECKS } from '../../server/src/engine/checks/registry';
import { sourceFolder } from '../support/engine';

/** Every registered code has its own folder of tests with valid and invalid fixtures beside them. */
describe('check tests cover the registry', () => {
  const root = sourceFolder(__dirname);
  for (const { code } of CHECKS) {
    it(code, () => {
      const folder = join(root, code.toLowerCase());
      const files = readdirSync(folder);
      assert.ok(files.includes(`${code.toLowerCase()}.test.ts`), `${folder} has ${code.toLowerCase()}.test.ts`);
      assert.ok(files.some((f) => f.startsWith('valid')), `${folder} has a valid fixture`);
      assert.ok(files.some((f) => f.startsWith('invalid')), `${folder} has an invalid fixture`);
    });
  }
});
