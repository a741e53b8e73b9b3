import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileUri } from '../../server/src/engine';
import { WorkspaceFiles } from '../../server/src/lsp/workspaceFiles';
import { readTextFile } from '../../server/src/platform/textFiles';

/**
 * The server keeps the texts of files it read, with their status: a check
 * after an edit of one file does not read the others again, and a file
 * changed on disk, even to the same size, is read again.
 */
describe('workspace files: texts kept while the file is unchanged', () => {
  const folder = mkdtempSync(join(tmpdir(), 'befw-files-'));
  after(() => rmSync(folder, { recursive: true, force: true }));
  let reads = 0;
  const files = new WorkspaceFiles((path, maxBytes) => {
    reads++;
    return readTextFile(path, maxBytes);
  });
  files.setRoots([fileUri(folder)]);
  const path = join(folder, 'dmz.fwrules.yaml');
  const uri = fileUri(path);

  it('an unchanged file gives the same text; one rewritten to the same size gives its new text', async () => {
    writeFileSync(path, 'version: 1\n# first\n');
    const before = reads;
    const first = await files.readFile(uri, 1024);
    assert.equal(first, 'version: 1\n# first\n');
    assert.equal(await files.readFile(uri, 1024), first);
    assert.equal(reads - before, 1, 'the unchanged file is read from disk once');
    writeFileSync(path, 'version: 1\n# again\n');
    assert.equal(await files.readFile(uri, 1024), 'version: 1\n# again\n');
    assert.equal(reads - before, 2);
  });

  it('a file replaced by another (a save through a temporary file) gives the new text', async () => {
    writeFileSync(path, 'version: 1\n# old\n');
    assert.equal(await files.readFile(uri, 1024), 'version: 1\n# old\n');
    const replacement = join(folder, 'replacement.tmp');
    writeFileSync(replacement, 'version: 1\n# new\n');
    renameSync(replacement, path);
    assert.equal(await files.readFile(uri, 1024), 'version: 1\n# new\n');
  });

  it('a smaller limit than the text was read with is applied: the kept text is not served past it', async () => {
    writeFileSync(path, 'version: 1\n' + '#'.repeat(100) + '\n');
    await files.readFile(uri, 1024);
    await assert.rejects(files.readFile(uri, 50));
  });
});
