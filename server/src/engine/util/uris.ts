import { URI, Utils } from 'vscode-uri';

/**
 * One spelling per file. Editors and Node encode file URIs differently
 * (`c%3A` or `c:`, `&` or `%26`); every URI the engine keys a map by goes
 * through here, so the same file is never two files.
 */
export function canonicalUri(uri: string): string {
  try {
    return URI.parse(uri).toString();
  } catch {
    return uri;
  }
}

/**
 * Where a manifest's `rules:` path points: a file path (not a URL, so `#`,
 * `%` and spaces are plain characters) relative to the manifest's folder, or
 * absolute. Undefined when it names no file.
 */
export function resolveRulesPath(manifestUri: string, path: string): string | undefined {
  const slashed = path.trim().replace(/\\/g, '/');
  if (slashed === '' || slashed.endsWith('/')) return undefined;
  try {
    if (/^[A-Za-z]:\//.test(slashed) || slashed.startsWith('/')) return URI.file(slashed).toString();
    return Utils.joinPath(Utils.dirname(URI.parse(manifestUri)), slashed).toString();
  } catch {
    return undefined;
  }
}

/** The canonical URI of a file path. */
export function fileUri(path: string): string {
  return URI.file(path).toString();
}

/** The file system path of a file URI. */
export function filePath(uri: string): string {
  return URI.parse(uri).fsPath;
}

/** The file's name as its owner wrote it ("東京 site.bexnet.yaml", not "%E6%9D%B1%E4%BA%AC%20site.bexnet.yaml"), for messages and pictures. */
export function fileName(uri: string): string {
  try {
    return Utils.basename(URI.parse(uri));
  } catch {
    return uri.slice(uri.lastIndexOf('/') + 1);
  }
}

/** The URI of the folder a file is in. */
export function folderOf(uri: string): string {
  try {
    return Utils.dirname(URI.parse(uri)).toString();
  } catch {
    return uri.slice(0, uri.lastIndexOf('/'));
  }
}
