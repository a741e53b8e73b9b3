import { promises as fs } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { minimatch } from 'minimatch';
import type { FileSystem } from '../engine';

/** Folders never searched for manifests. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist', '.vscode-test']);
const MAX_DISCOVERED_ENTRIES = 50_000;

/**
 * The server's only door to the disk: it reads files inside the workspace
 * folders and nothing else, so a manifest cannot make it read /etc/passwd.
 */
export class WorkspaceFiles implements FileSystem {
  private roots: string[] = [];
  private folderUris: readonly string[] = [];

  setRoots(folderUris: readonly string[]): void {
    this.folderUris = folderUris;
    this.roots = folderUris.flatMap((uri) => (uri.startsWith('file:') ? [fileURLToPath(uri)] : []));
  }

  get folders(): readonly string[] {
    return this.folderUris;
  }

  get hasRoots(): boolean {
    return this.roots.length > 0;
  }

  /** The path of `uri` relative to the workspace folder holding it, or undefined outside them. */
  relativePath(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const path = fileURLToPath(uri);
    for (const root of this.roots) {
      const inside = relative(root, path);
      if (inside && !inside.startsWith('..') && !isAbsolute(inside)) return inside.split(sep).join('/');
    }
    return undefined;
  }

  async readFile(uri: string): Promise<string> {
    if (!uri.startsWith('file:')) throw new Error(`only local files are read (${uri})`);
    if (this.hasRoots && this.relativePath(uri) === undefined) throw new Error('the file is outside the workspace folders, so it is not read');
    const path = fileURLToPath(uri);
    const real = await fs.realpath(path).catch(() => path);
    // A link inside the workspace must not lead outside it either.
    if (this.hasRoots && real !== path && this.relativePath(pathToFileURL(real).toString()) === undefined) throw new Error('the file links outside the workspace folders, so it is not read');
    return fs.readFile(real, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new Error(error.code === 'ENOENT' ? 'no such file' : error.code === 'EISDIR' ? 'it is a folder' : error.message);
    });
  }

  /** Whether `uri` matches one of the globs, relative to its workspace folder (or by file name outside them). */
  matches(uri: string, globs: readonly string[]): boolean {
    const path = this.relativePath(uri) ?? uri.slice(uri.lastIndexOf('/') + 1);
    return globs.some((glob) => minimatch(path, glob, { dot: true, matchBase: !glob.includes('/') }));
  }

  /** Every file in the workspace folders matching the globs, bounded in count. */
  async discover(globs: readonly string[]): Promise<string[]> {
    const found: string[] = [];
    let seen = 0;
    const walk = async (folder: string, depth: number): Promise<void> => {
      if (depth > 12 || seen > MAX_DISCOVERED_ENTRIES) return;
      const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (++seen > MAX_DISCOVERED_ENTRIES) return;
        const path = `${folder}${sep}${entry.name}`;
        if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) await walk(path, depth + 1);
        else if (entry.isFile()) {
          const uri = pathToFileURL(path).toString();
          if (this.matches(uri, globs)) found.push(uri);
        }
      }
    };
    for (const root of this.roots) await walk(root, 0);
    return found;
  }
}
