import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEFAULT_OBSERVATION_MAX_AGE_DAYS, fileUri } from '../../server/src/engine';
import { normalizeSettings } from '../../server/src/lsp/settings';
import { WorkspaceFiles } from '../../server/src/lsp/workspaceFiles';

/** The engine finds the probe results beside a manifest through listFolder: it may see no more than readFile may read. */
describe('workspace files: listing a folder for the results beside a manifest', () => {
  const home = mkdtempSync(join(tmpdir(), 'befw-list-'));
  after(() => rmSync(home, { recursive: true, force: true }));
  const workspace = join(home, 'workspace');
  const outside = join(home, 'outside');
  mkdirSync(join(workspace, 'site', 'nested'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(workspace, 'top.bexnet.yaml'), '');
  writeFileSync(join(workspace, 'site', 'site.bexnet.yaml'), '');
  writeFileSync(join(workspace, 'site', 'be01.probe.jsonl'), '');
  writeFileSync(join(workspace, 'site', 'nested', 'deeper.probe.jsonl'), '');
  writeFileSync(join(outside, 'secret.probe.jsonl'), '');
  symlinkSync(outside, join(workspace, 'link-out'));
  const files = new WorkspaceFiles();
  files.setRoots([fileUri(workspace)]);
  const listed = async (folder: string) => (await files.listFolder(fileUri(folder))).sort();

  it('lists the files directly in a workspace folder or one inside it, as URIs, not its subfolders', async () => {
    assert.deepEqual(await listed(workspace), [fileUri(join(workspace, 'top.bexnet.yaml'))]);
    assert.deepEqual(await listed(join(workspace, 'site')), [fileUri(join(workspace, 'site', 'be01.probe.jsonl')), fileUri(join(workspace, 'site', 'site.bexnet.yaml'))]);
  });

  it('lists nothing outside the workspace folders, through a link leading out, in a folder that is not there, or for a URI that is no local file', async () => {
    assert.deepEqual(await listed(outside), []);
    assert.deepEqual(await listed(home), []);
    assert.deepEqual(await listed(join(workspace, 'link-out')), []);
    assert.deepEqual(await listed(join(workspace, 'gone')), []);
    assert.deepEqual(await files.listFolder('untitled:Untitled-1'), []);
  });

  it('with no workspace folder, the folder of an opened file is listed, and nothing above it', async () => {
    const single = new WorkspaceFiles();
    single.allowFolderOf(fileUri(join(workspace, 'site', 'site.bexnet.yaml')));
    assert.equal((await single.listFolder(fileUri(join(workspace, 'site')))).length, 2);
    assert.deepEqual(await single.listFolder(fileUri(workspace)), []);
  });
});

describe('the befw.probe.maxAgeDays setting', () => {
  it('takes a number of days of at least 1; anything else is the default', () => {
    const read = (probe: unknown) => normalizeSettings({ probe }).observationMaxAgeDays;
    assert.equal(DEFAULT_OBSERVATION_MAX_AGE_DAYS, 30);
    assert.equal(read(undefined), 30);
    assert.equal(read({ maxAgeDays: 7 }), 7);
    assert.equal(read({ maxAgeDays: 1 }), 1);
    for (const wrong of [0, 0.5, -3, Number.NaN, Number.POSITIVE_INFINITY, '7', null]) assert.equal(read({ maxAgeDays: wrong }), 30, String(wrong));
    assert.equal(read(null), 30);
  });
});
