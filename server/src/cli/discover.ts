import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MANIFEST_SUFFIX, RULE_FILE_SUFFIX } from '../engine';

export class UsageError extends Error {}

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'out', 'dist']);

export interface Discovered {
  readonly manifests: string[];
  readonly ruleFiles: string[];
}

/** Finds manifests and rule files among paths that may be files or folders (folders searched recursively). */
export async function discover(paths: readonly string[]): Promise<Discovered> {
  const manifests = new Set<string>();
  const ruleFiles = new Set<string>();
  const visit = async (path: string, explicit: boolean): Promise<void> => {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      throw new UsageError(`cannot read "${path}": ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (error as Error).message}`);
    }
    if (info.isDirectory()) {
      const entries = await readdir(path, { withFileTypes: true });
      for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (entry.isDirectory() && SKIPPED_FOLDERS.has(entry.name)) continue;
        if (entry.isDirectory() || entry.isFile()) await visit(join(path, entry.name), false);
      }
      return;
    }
    if (path.endsWith(MANIFEST_SUFFIX)) manifests.add(resolve(path));
    else if (path.endsWith(RULE_FILE_SUFFIX)) ruleFiles.add(resolve(path));
    else if (explicit) throw new UsageError(`"${path}" is neither a manifest (*${MANIFEST_SUFFIX}) nor a rule file (*${RULE_FILE_SUFFIX})`);
  };
  for (const path of paths) await visit(path, true);
  return { manifests: [...manifests], ruleFiles: [...ruleFiles] };
}
