import { promises as fs, realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { filePath, fileUri, type FileSystem } from '../engine';
import { readTextFile } from '../platform/textFiles';
import { isInside } from '../platform/readScope';
import { GlobSet } from './globs';

/** Folders never searched for manifests. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist', '.vscode-test']);
const MAX_DISCOVERED_ENTRIES = 50_000;

/**
 * The server's only door to the disk: it reads files inside the workspace
 * folders and nothing else, so a manifest cannot make it read /etc/passwd.
 */
export class WorkspaceFiles implements FileSystem {
  /** `read` is the platform's reader of one text file (tests count its calls). */
  constructor(private readonly read: typeof readTextFile = readTextFile) {}

  /** Folders as given, and their real paths (a workspace opened through a link is still itself). */
  private roots: { path: string; real: string }[] = [];
  private folderUris: readonly string[] = [];
  /** Compiled globs per settings value: a new value (a settings change) is compiled once, then reused for every file. */
  private readonly globSets = new WeakMap<readonly string[], GlobSet>();
  /**
   * Texts read, by real path, with what the file's status was when read: a
   * check after an edit of one file does not read and decode every other
   * file of the site again (a 500-host site: 5 rule files of 1 MB).
   */
  private readonly texts = new Map<string, { readonly stamp: string; readonly maxBytes: number; readonly text: string }>();

  setRoots(folderUris: readonly string[]): void {
    this.folderUris = folderUris;
    this.roots = folderUris.filter((uri) => uri.startsWith('file:')).map((uri) => root(filePath(uri)));
  }

  /** With no workspace folder, each opened file's folder may be read, and nothing else. */
  allowFolderOf(uri: string): void {
    if (!uri.startsWith('file:')) return;
    const folder = dirname(filePath(uri));
    if (!this.roots.some((r) => r.path === folder)) this.roots.push(root(folder));
  }

  get folders(): readonly string[] {
    return this.folderUris;
  }

  /** The path of `uri` relative to the folder holding it, or undefined outside them. */
  relativePath(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    return this.inside(filePath(uri), (r) => r.path);
  }

  private inside(path: string, side: (r: { path: string; real: string }) => string): string | undefined {
    // The folder itself is no file in it; the CLI's scope shares the test of what lies below a folder.
    const root = this.roots.find((r) => path !== side(r) && isInside(path, side(r)));
    return root && relative(side(root), path).split(sep).join('/');
  }

  /**
   * The text of a file inside the workspace folders. Regular files only and at
   * most `maxBytes` (readTextFile): a FIFO would otherwise block a libuv thread
   * in open(), and with it every later read and the process's exit.
   */
  async readFile(uri: string, maxBytes: number): Promise<string> {
    if (!uri.startsWith('file:')) throw new Error(`only local files are read (${uri})`);
    const path = filePath(uri);
    if (this.relativePath(uri) === undefined) throw new Error('the file is outside the workspace folders, so it is not read');
    const real = await fs.realpath(path).catch(() => path);
    // A link inside the workspace must not lead outside it either.
    if (this.inside(real, (r) => r.real) === undefined) throw new Error('the file links outside the workspace folders, so it is not read');
    // Stated before reading: a file written between the two is read again next time, its status having changed.
    const status = await fs.stat(real).catch(() => undefined);
    const stamp = status?.isFile() ? `${status.ino}:${status.size}:${status.mtimeMs}:${status.ctimeMs}` : undefined;
    const known = stamp === undefined ? undefined : this.texts.get(real);
    if (known && known.stamp === stamp && known.maxBytes === maxBytes) return known.text;
    const text = await this.read(real, maxBytes);
    if (stamp !== undefined) this.texts.set(real, { stamp, maxBytes, text });
    return text;
  }

  /**
   * The files directly in a folder (not its subfolders), as URIs, under the
   * same bounds as readFile: the folder lies in a workspace folder (or is one)
   * and does not link outside. Any other folder, or one that cannot be read, lists nothing.
   */
  async listFolder(folderUri: string): Promise<string[]> {
    if (!folderUri.startsWith('file:')) return [];
    const folder = filePath(folderUri);
    if (!this.roots.some((r) => isInside(folder, r.path))) return [];
    const real = await fs.realpath(folder).catch(() => undefined);
    if (real === undefined || !this.roots.some((r) => isInside(real, r.real))) return [];
    const entries = await fs.readdir(real, { withFileTypes: true }).catch(() => []);
    return entries.filter((entry) => entry.isFile()).map((entry) => fileUri(join(folder, entry.name)));
  }

  /** Whether `uri` matches one of the globs (checked by normalizeSettings), relative to its workspace folder (or by file name outside them). */
  matches(uri: string, globs: readonly string[]): boolean {
    let set = this.globSets.get(globs);
    if (!set) this.globSets.set(globs, (set = new GlobSet(globs)));
    return set.matches(this.relativePath(uri) ?? uri.slice(uri.lastIndexOf('/') + 1));
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
          const uri = fileUri(path);
          if (this.matches(uri, globs)) found.push(uri);
        }
      }
    };
    for (const r of [...this.roots]) await walk(r.path, 0);
    return found;
  }
}

function root(path: string): { path: string; real: string } {
  try {
    return { path, real: realpathSync(path) };
  } catch {
    return { path, real: path };
  }
}
