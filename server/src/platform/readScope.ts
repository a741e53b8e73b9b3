import { promises as fs } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { describeFileError, FileReadError } from './textFiles';

/** A path refused because it lies outside every folder of the scope. */
export class OutsideScopeError extends FileReadError {
  constructor() {
    super('it is outside the folders being checked, so it is not read');
  }
}

interface Root {
  /** The folder as given, made absolute. */
  readonly path: string;
  /** Its real path: a folder given through a link is still itself. */
  readonly real: string;
}

/**
 * The folders a run may read. A manifest names its rule files, and a rule
 * file's content may be quoted in a build log, so `rules: /etc/shadow`,
 * `rules: ../../x` or a link pointing out must not be read: every path is
 * compared by its real path with the real paths of the folders.
 */
export class ReadScope {
  private readonly roots: Root[] = [];

  /** Lets the scope read inside `folder` (or read the file `folder`); rejects with a FileReadError when it cannot be resolved. */
  async add(folder: string): Promise<void> {
    const path = resolve(folder);
    const real = await fs.realpath(path).catch((error: unknown) => {
      throw new FileReadError(describeFileError(error, 'no such file or folder'));
    });
    this.roots.push({ path, real });
  }

  /**
   * The real path of `path`, to be read instead of `path`: the file read is
   * the one found inside. An OutsideScopeError when it lies outside, a
   * FileReadError saying why when it cannot be resolved.
   */
  async realPathOf(path: string): Promise<string> {
    const absolute = resolve(path);
    let real: string;
    try {
      real = await fs.realpath(absolute);
    } catch (error) {
      // Nothing there to read. Outside, say only that: the answer must not tell what exists there.
      if (!this.roots.some((root) => isInside(absolute, root.path) || isInside(absolute, root.real))) throw new OutsideScopeError();
      const code = (error as NodeJS.ErrnoException).code;
      // A dangling link is not a missing file: creating one would write where the link points.
      if (code === 'ENOENT' && (await isLink(absolute))) throw new FileReadError('it is a link to a file that does not exist');
      throw new FileReadError(describeFileError(error), code);
    }
    if (!this.roots.some((root) => isInside(real, root.real))) throw new OutsideScopeError();
    return real;
  }
}

/** Whether `path` is `folder` or lies below it; `..x.yaml` in the folder is inside, `../x.yaml` is not. */
export function isInside(path: string, folder: string): boolean {
  const below = relative(folder, path);
  return below === '' || (!isAbsolute(below) && below !== '..' && !below.startsWith(`..${sep}`));
}

async function isLink(path: string): Promise<boolean> {
  return fs.lstat(path).then(
    (stat) => stat.isSymbolicLink(),
    () => false,
  );
}
