import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_MAX_FILE_SIZE, escapeControls, filePath, fileUri, getFirewallService, type FirewallService, type ManifestModel } from '../engine';
import { describeFileError, readTextFile } from '../platform/textFiles';

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
    throw new UsageError(optionProblem(error as NodeJS.ErrnoException));
  }
}

/** parseArgs's complaint said for a person: its own wording quotes unevenly and says "argument missing". */
function optionProblem(error: NodeJS.ErrnoException): string {
  const option = /'(-[^' ]*)/.exec(error.message)?.[1];
  if (option === undefined) return error.message;
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${quoted(option)} (a path that starts with "-" goes after "--")`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return /does not take/.test(error.message) ? `${option} takes no value` : `${option} needs a value`;
  return error.message;
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

/** Writes a command's --output file (relative to `cwd`); one that cannot be written is said in words, as a usage problem. */
export async function writeOutput(given: string, text: string, cwd: string): Promise<void> {
  await fs.writeFile(resolve(cwd, given), text).catch((error: unknown) => {
    throw new UsageError(`cannot write ${quoted(given)}: ${describeFileError(error, 'its folder does not exist')}`);
  });
}

/**
 * Refuses an --output that is the manifest or a rule file it names: a script written there would
 * take the place of a file befw reads. A rule file not written yet counts by its path.
 */
export async function refuseOutputOverInputs(given: string, cwd: string, manifestPath: string, manifest: ManifestModel, service: FirewallService): Promise<void> {
  const output = resolve(cwd, given);
  const ruleFiles = manifest.firewalls.flatMap((firewall) => firewall.rules.map((rules) => filePath(service.ruleFileUri(manifest.uri, rules.value))));
  for (const input of [manifestPath, ...ruleFiles]) {
    if (output === input || (await sameFile(output, input))) throw new UsageError(`--output ${quoted(given)} is ${input === manifestPath ? 'the manifest' : 'a rule file the manifest names'}; write the script to another file`);
  }
}

/** Whether two existing paths name one file, through links and hard links alike. */
export async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [first, second] = await Promise.all([fs.stat(a), fs.stat(b)]);
    return first.dev === second.dev && first.ino === second.ino;
  } catch {
    return false;
  }
}

/**
 * The manifest a command that writes a file (generate, collect) works from: its path and model, or
 * undefined, said on stderr, when it has problems to fix first. Such a command reads no rule file:
 * the service is only the parser.
 */
export async function manifestToWriteFrom(
  given: string,
  limitMb: string | undefined,
  io: Io,
): Promise<{ path: string; manifest: ManifestModel; service: FirewallService } | undefined> {
  const path = resolve(io.cwd, given);
  const service = getFirewallService({ fileSystem: { readFile: () => Promise.reject(new Error('not read')) } });
  const text = await readTextFile(path, maxFileSize(limitMb) ?? DEFAULT_MAX_FILE_SIZE).catch((error: Error) => {
    throw new UsageError(`cannot read ${quoted(given)}: ${error.message}`);
  });
  const manifest = service.parseManifest({ uri: fileUri(path), text });
  if (manifest.problems.length > 0) {
    io.err(`befw: ${quoted(given)} has ${manifest.problems.length} problem(s); run "befw check ${escapeControls(given)}" and fix them first.\n`);
    return undefined;
  }
  return { path, manifest, service };
}
