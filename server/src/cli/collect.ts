import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { collectorScript, escapeControls, linuxCollectorScript, LINUX_CAPTURE_SUFFIXES, type ManifestModel } from '../engine';
import { manifestToWriteFrom, parsed, quoted, refuseOutputOverInputs, UsageError, writeOutput, type Io } from './args';

/** The dialects a collector is written in, and the hosts each runs on: PowerShell on Windows, sh on Linux. */
const COLLECTOR_AGENTS: Readonly<Record<string, Agent>> = { powershell: 'windows', bash: 'linux' };

type Agent = ManifestModel['hosts'][number]['agent'];

/** A collector script, and what befw says once it is written to a file. */
interface Collector {
  readonly text: string;
  readonly howToRun: (written: string) => string;
}

/**
 * `befw collect`: the script that, run on one host of a manifest, saves the firewall rules in
 * effect there for befw check: PowerShell for a Windows host, a POSIX shell script for a Linux
 * host; to stdout or --output (never over a file it reads).
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
  const agent = Object.hasOwn(COLLECTOR_AGENTS, values.dialect!) ? COLLECTOR_AGENTS[values.dialect!] : undefined;
  if (!agent) throw new UsageError(`--dialect must be powershell (for a Windows host) or bash (for a Linux host), not ${quoted(values.dialect!)}`);
  if (!values.host) throw new UsageError('collect needs --host <name> (a host of the manifest)');
  if (positionals.length !== 1) throw new UsageError('collect needs exactly one manifest (*.bexnet.yaml)');
  const [given] = positionals;
  const read = await manifestToWriteFrom(given, values['max-file-size'], io);
  if (!read) return 2;
  const { path, manifest, service } = read;
  const host = collectedHost(manifest, values.host, agent);
  const script = agent === 'linux' ? linuxCollector(manifest, host, basename(path)) : windowsCollector(host, basename(path));
  if (!values.output) {
    io.out(script.text);
    return 0;
  }
  await refuseOutputOverInputs(values.output, io.cwd, path, manifest, service);
  await writeOutput(values.output, script.text, io.cwd);
  io.err(`befw: wrote the collector script for ${host} to ${escapeControls(values.output)}. ${script.howToRun(values.output)}\n`);
  return 0;
}

function windowsCollector(host: string, manifestName: string): Collector {
  const { text, exportFile } = collectorScript(host, manifestName);
  return {
    text,
    howToRun: () => `Run it in PowerShell on ${host}: it changes nothing and writes ${exportFile}; name that file in the rules: of the host firewall of ${host}.`,
  };
}

/** The Linux collector; its manifest lines keep the name of the host's firewall when the manifest has one. */
function linuxCollector(manifest: ManifestModel, host: string, manifestName: string): Collector {
  const firewallName = manifest.firewalls.find((firewall) => firewall.host?.value === host)?.name.value ?? `${host}-host`;
  const { text, filePrefix } = linuxCollectorScript({ host, firewallName, manifestName });
  return {
    text,
    howToRun: (written) =>
      `Run it as root on ${host} (sudo sh ${escapeControls(basename(written))}): it changes nothing, saves the firewall it finds there beside itself ` +
      `(${filePrefix}${LINUX_CAPTURE_SUFFIXES.iptables}, ${filePrefix}${LINUX_CAPTURE_SUFFIXES.nftables}, ...) and prints the manifest lines that name those files.`,
  };
}

/** The name of the manifest's host `name`, when the collector for `agent` can run there: a computer of that system. */
function collectedHost(manifest: ManifestModel, name: string, agent: Agent): string {
  const host = manifest.hosts.find((candidate) => candidate.name.value === name);
  if (host?.role.value === 'm365-endpoints') throw new UsageError(`host ${quoted(name)} stands for the Microsoft 365 endpoints, not a computer the collector can run on`);
  if (host && host.agent !== agent) {
    throw new UsageError(
      agent === 'windows'
        ? `host ${quoted(name)} runs the Agent for Linux; the PowerShell collector reads Windows Defender Firewall: use --dialect bash for a Linux host`
        : `host ${quoted(name)} is a Windows host (the manifest does not say agent: linux); the bash collector reads a Linux host's firewall: use --dialect powershell`,
    );
  }
  if (!host) {
    const candidates = manifest.hosts.filter((candidate) => candidate.agent === agent && candidate.role.value !== 'm365-endpoints');
    const known = candidates.map((candidate) => quoted(candidate.name.value)).join(', ') || 'none';
    throw new UsageError(`the manifest has no host ${quoted(name)} (its ${agent === 'linux' ? 'Linux' : 'Windows'} hosts: ${known})`);
  }
  return host.name.value;
}
