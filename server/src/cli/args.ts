import { escapeControls } from '../engine';

/** Where the CLI writes and which folder relative paths start from (a test passes its own). */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
}

/** A problem with how befw was called, or with a path it was given: exit code 2. */
export class UsageError extends Error {}

/** Runs a parseArgs call, turning its complaints into usage errors. */
export function parsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A path as messages show it: quoted, control characters escaped, so a file name cannot drive the terminal. */
export function quoted(path: string): string {
  return `"${escapeControls(path)}"`;
}

const BYTES_PER_MEGABYTE = 1024 * 1024;

/** `--max-file-size <MB>` in bytes; undefined when not given. */
export function maxFileSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const megabytes = Number(value);
  const bytes = Math.floor(megabytes * BYTES_PER_MEGABYTE);
  if (value.trim() === '' || !Number.isFinite(megabytes) || bytes < 1) {
    throw new UsageError(`--max-file-size must be a positive number of megabytes, not ${quoted(value)}`);
  }
  return bytes;
}
