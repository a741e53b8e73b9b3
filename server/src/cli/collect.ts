import { promises as fs } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { collectorScript, escapeControls, filePath, type ManifestModel } from '../engine';
import { describeFileError } from '../platform/textFiles';
import { manifestToWriteFrom, parsed, quoted, sameFile, UsageError, type Io } from './args';

/** The dialects a collector is written in: it runs on the Windows host, in PowerShell. */
const COLLECTOR_DIALECTS = ['powershell'];

/**
 * `befw collect`: the PowerShell script that, run on one Windows host of a manifest, writes the
 * firewall policy in effect there for befw check; to stdout or --output (never over a file it reads).
 */
export async function collectCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parsed(() =>
    parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { host: { type: 'string' }, dialect: { type: 'string', default: 'powershell' }, output: { type: 'string' }, 'max-file-size': { type: 'string' } },
    }),
  );
  if (!COLLECTOR_DIALECTS.includes(values.dialect!)) {
    throw new UsageError(`--dialect must be powershell, not ${quoted(values.dialect!)}: the collector runs in PowerShell on the Windows host`);
  }
  if (!values.host) throw new UsageError('collect needs --host <name> (a Windows host of the manifest)');
  if (positionals.length !== 1) throw new UsageError('collect needs exactly one manifest (*.bexnet.yaml)');
  const [given] = positionals;
  const read = await manifestToWriteFrom(given, values['max-file-size'], io);
  if (!read) return 2;
  const { path, manifest, service } = read;
  const host = windowsHost(manifest, values.host);
  const script = collectorScript(host, basename(path));
  if (!values.output) {
    io.out(script.text);
    return 0;
  }
  const output = resolve(io.cwd, values.output);
  const ruleFiles = manifest.firewalls.flatMap((firewall) => firewall.rules.map((rules) => filePath(service.ruleFileUri(manifest.uri, rules.value))));
  for (const input of [path, ...ruleFiles]) {
    // A rule file not written yet counts by its path: the script must not take its place.
    if (output === input || (await sameFile(output, input))) throw new UsageError(`--output ${quoted(values.output)} is ${input === path ? 'the manifest' : 'a rule file the manifest names'}; write the script to another file`);
  }
  await fs.writeFile(output, script.text).catch((error: unknown) => {
    throw new UsageError(`cannot write ${quoted(values.output!)}: ${describeFileError(error, 'its folder does not exist')}`);
  });
  io.err(
    `befw: wrote the collector script for ${host} to ${escapeControls(values.output)}. Run it in PowerShell on ${host}: it changes nothing and writes ${script.exportFile}; ` +
      `name that file in the rules: of the host firewall of ${host}.\n`,
  );
  return 0;
}

/** The name of the manifest's host `name`, when a collector can run there: a Windows computer. */
function windowsHost(manifest: ManifestModel, name: string): string {
  const host = manifest.hosts.find((candidate) => candidate.name.value === name);
  if (host?.role.value === 'm365-endpoints') throw new UsageError(`host ${quoted(name)} stands for the Microsoft 365 endpoints, not a computer the collector can run on`);
  if (host?.agent === 'linux') throw new UsageError(`host ${quoted(name)} runs the Agent for Linux; the collector reads Windows Defender Firewall, on a Windows host`);
  if (!host) {
    const windows = manifest.hosts.filter((candidate) => candidate.agent === 'windows' && candidate.role.value !== 'm365-endpoints');
    const known = windows.map((candidate) => quoted(candidate.name.value)).join(', ') || 'none';
    throw new UsageError(`the manifest has no host ${quoted(name)} (its Windows hosts: ${known})`);
  }
  return host.name.value;
}
