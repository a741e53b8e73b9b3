import { promises as fs } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { MANIFEST_SUFFIX, RULE_FILE_SUFFIX } from '../engine';
import { describeFileError } from '../platform/textFiles';
import { quoted, UsageError } from './args';

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'out', 'dist']);

export interface Discovered {
  readonly manifests: string[];
  readonly ruleFiles: string[];
  /** The folders given and the folders of the files given: what the run may read. */
  readonly folders: string[];
  /** Folders that could not be searched, each with why, for a note. */
  readonly skipped: { readonly folder: string; readonly reason: string }[];
}

/**
 * Finds manifests and rule files among paths (relative to `cwd`) that may be files or folders
 * (folders searched recursively, links to folders not followed). Every entry
 * named like one is taken, whatever it is (a link, a FIFO): reading it says
 * why it cannot be checked, rather than passing over it without a word.
 */
export async function discover(paths: readonly string[], cwd: string): Promise<Discovered> {
  const manifests = new Set<string>();
  const ruleFiles = new Set<string>();
  const found: Discovered = { manifests: [], ruleFiles: [], folders: [], skipped: [] };
  const take = (path: string): boolean => {
    if (path.endsWith(MANIFEST_SUFFIX)) manifests.add(path);
    else if (path.endsWith(RULE_FILE_SUFFIX)) ruleFiles.add(path);
    else return false;
    return true;
  };
  const search = async (folder: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      found.skipped.push({ folder, reason: describeFileError(error, 'no such folder') });
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      if (!entry.isDirectory()) take(path);
      else if (!SKIPPED_FOLDERS.has(entry.name)) await search(path);
    }
  };
  for (const given of paths) {
    const path = resolve(cwd, given);
    const stat = await fs.stat(path).catch((error: unknown) => {
      throw new UsageError(`cannot read ${quoted(given)}: ${describeFileError(error, 'no such file or folder')}`);
    });
    if (stat.isDirectory()) {
      found.folders.push(path);
      await search(path);
    } else if (take(path)) {
      // The folder the file sits in, and the one it really is in when it is a link.
      found.folders.push(dirname(path), dirname(await fs.realpath(path)));
    } else {
      throw new UsageError(`${quoted(given)} is neither a manifest (*${MANIFEST_SUFFIX}) nor a rule file (*${RULE_FILE_SUFFIX})`);
    }
  }
  return { ...found, manifests: [...manifests], ruleFiles: [...ruleFiles] };
}
