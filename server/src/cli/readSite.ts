import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_MAX_FILE_SIZE, filePath, fileUri, getFirewallService, type CheckSettings, type FirewallService, type ObservedSource } from '../engine';
import { OutsideScopeError, ReadScope } from '../platform/readScope';
import { FileReadError, readTextFile } from '../platform/textFiles';
import { maxFileSize, quoted, UsageError, type Io } from './args';
import { discover, type Discovered } from './discover';
import { shownPath } from './formats';

/** The options of the commands that read a site as `befw check` does (check, report). */
export const SITE_OPTIONS = {
  'no-hardening': { type: 'boolean', default: false },
  'max-file-size': { type: 'string' },
  'allow-outside': { type: 'string', multiple: true, default: [] as string[] },
  observed: { type: 'string', multiple: true, default: [] as string[] },
  'max-age': { type: 'string' },
} as const;

export interface SiteOptionValues {
  readonly 'no-hardening'?: boolean;
  readonly 'max-file-size'?: string;
  readonly 'allow-outside'?: readonly string[];
  readonly observed?: readonly string[];
  readonly 'max-age'?: string;
}

/** A site found on disk, and what reads it. */
export interface Site {
  readonly found: Discovered;
  /** Reads a file inside the folders given (and those of --allow-outside), never more than `maxBytes`. */
  readonly read: (path: string, maxBytes: number) => Promise<string>;
  /** A service that reads rule files through `read`. */
  readonly service: FirewallService;
  readonly settings: CheckSettings;
  /** The size limit in bytes. */
  readonly limit: number;
}

/**
 * Finds the manifests and rule files among the paths (default: the current
 * folder), notes on stderr the folders it could not search, and fails with a
 * usage error when it finds none of what the command needs.
 */
export async function readSite(paths: readonly string[], values: SiteOptionValues, io: Io, needs: 'manifests' | 'manifests or rule files'): Promise<Site> {
  const limit = maxFileSize(values['max-file-size']) ?? DEFAULT_MAX_FILE_SIZE;
  const found = await discover(paths.length > 0 ? paths : ['.'], io.cwd);
  // Results given by name belong to the manifest when it is the only one: they may then report hosts it lacks (BEX303).
  const observed = await readObserved(values.observed ?? [], limit, io.cwd, found.manifests.length === 1);
  const settings: CheckSettings = { hardening: !values['no-hardening'], maxFileSize: limit, observed, observationMaxAgeDays: maxAgeDays(values['max-age']) };
  for (const { folder, reason } of found.skipped) io.err(`befw: skipped the folder ${quoted(shownPath(folder, io.cwd))}: ${reason}\n`);
  if (found.manifests.length === 0 && (needs === 'manifests' || found.ruleFiles.length === 0)) {
    const what = needs === 'manifests' ? 'no manifests (*.bexnet.yaml)' : 'no manifests (*.bexnet.yaml) or rule files (*.fwrules.yaml)';
    throw new UsageError(`${what} found in ${paths.map(quoted).join(', ') || 'the current folder'}`);
  }
  const read = await scopedReader(found.folders, values['allow-outside'] ?? [], io.cwd);
  const service = getFirewallService({ fileSystem: { readFile: (uri, maxBytes) => read(filePath(uri), maxBytes), listFolder } });
  return { found, read, service, settings, limit };
}

/** Reads files inside the folders found and those of --allow-outside, never more than the size limit. */
async function scopedReader(folders: readonly string[], allowOutside: readonly string[], cwd: string): Promise<Site['read']> {
  const scope = new ReadScope();
  for (const folder of folders) await scope.add(folder);
  for (const folder of allowOutside) {
    await scope.add(resolve(cwd, folder)).catch((error: Error) => {
      throw new UsageError(`--allow-outside ${quoted(folder)}: ${error.message}`);
    });
  }
  return async (path, maxBytes) => {
    const real = await scope.realPathOf(path).catch((error: unknown) => {
      throw error instanceof OutsideScopeError ? new FileReadError(`${error.message} (to allow it: --allow-outside <folder>)`) : error;
    });
    return readTextFile(real, maxBytes);
  };
}

/** The files of a folder, as URIs; the engine reads the probe results among them (through the scoped reader). */
async function listFolder(folderUri: string): Promise<string[]> {
  const folder = filePath(folderUri);
  const entries = await fs.readdir(folder, { withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => fileUri(join(folder, entry.name)));
}

/** The --observed files: named on purpose, so read wherever they are; one that cannot be read is a usage problem. */
async function readObserved(paths: readonly string[], limit: number, cwd: string, owned: boolean): Promise<ObservedSource[]> {
  return Promise.all(
    paths.map(async (given) => {
      const path = resolve(cwd, given);
      const text = await readTextFile(path, limit).catch((error: Error) => {
        throw new UsageError(`--observed ${quoted(given)}: ${error.message}`);
      });
      return { uri: fileUri(path), text, owned };
    }),
  );
}

/** --max-age <days>: a whole number of days, at least 1. */
function maxAgeDays(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  // Digits only: Number() would take 1e3, 0x10 and " 7 " as days.
  const days = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(days) || days < 1) throw new UsageError(`--max-age must be a whole number of days, 1 or more, not ${quoted(value)}`);
  return days;
}
