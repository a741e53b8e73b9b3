import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import {
  escapeControls,
  getDefaultCatalog,
  listenPlan,
  listenScript,
  MAX_LISTEN_MINUTES,
  probePlan,
  probeScript,
  singleAddress,
  type ManifestModel,
  type ProbeDialect,
} from '../engine';
import { manifestToWriteFrom, parsed, quoted, refuseOutputOverInputs, UsageError, writeOutput, type Io } from './args';

const DIALECTS: readonly ProbeDialect[] = ['powershell', 'bash'];

/** How each dialect's script is started, for the note on stderr. */
const HOW_TO_RUN: Readonly<Record<ProbeDialect, (file: string) => string>> = {
  powershell: (file) => `in PowerShell (.\\${file})`,
  bash: (file) => `with bash (bash ${file})`,
};

/**
 * `befw probe`: the script that, run on one host of a manifest, connects to every port of the
 * required TCP flows starting there and writes what it saw (docs/probe.md); with --listen, the
 * companion script that opens temporary listeners on the sampled dynamic ports of a destination.
 */
export async function probeCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parsed(() =>
    parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        host: { type: 'string' },
        dialect: { type: 'string' },
        listen: { type: 'boolean', default: false },
        minutes: { type: 'string' },
        address: { type: 'string', multiple: true, default: [] },
        output: { type: 'string' },
        'max-file-size': { type: 'string' },
      },
    }),
  );
  if (values.dialect !== undefined && !DIALECTS.includes(values.dialect as ProbeDialect)) {
    throw new UsageError(`--dialect must be powershell (for a Windows host) or bash (for a Linux host), not ${quoted(values.dialect)}`);
  }
  if (!values.host) throw new UsageError('probe needs --host <name> (the host of the manifest the script runs on)');
  if (positionals.length !== 1) throw new UsageError('probe needs exactly one manifest (*.bexnet.yaml)');
  if (values.minutes !== undefined && !values.listen) throw new UsageError('--minutes is for the listener script: add --listen');
  if (values.address!.length > 0 && values.listen) throw new UsageError('--address is for the probe script: the listener script connects nowhere');
  const read = await manifestToWriteFrom(positionals[0], values['max-file-size'], io);
  if (!read) return 2;
  const { path, manifest, service } = read;
  const host = probedHost(manifest, values.host);
  const dialect = (values.dialect as ProbeDialect | undefined) ?? (host.agent === 'linux' ? 'bash' : 'powershell');
  const manifestName = basename(path);
  const catalog = getDefaultCatalog();
  const name = host.name.value;
  let script: { text: string; scriptFile: string };
  const fileName = () => (values.output ? basename(values.output) : script.scriptFile);
  let notes: string[];
  if (values.listen) {
    const plan = listenPlan(manifest, catalog, name, { manifestName, minutes: listenMinutes(values.minutes) });
    script = listenScript(plan, dialect);
    const sources = [...new Set(plan.ports.flatMap((port) => port.from))];
    notes = [
      plan.ports.length === 0
        ? `no required flow with a dynamic range ends on ${name}: the script has nothing to listen on.`
        : `Run it on ${name} ${HOW_TO_RUN[dialect](fileName())} BEFORE the probe scripts of ${sources.join(', ')}: it listens for ${plan.minutes} minute(s) on the sampled ports of the dynamic ranges, prints each connection and then closes them.`,
    ];
  } else {
    const plan = probePlan(manifest, catalog, name, { manifestName, addresses: givenAddresses(manifest, values.address!) });
    script = probeScript(plan, dialect);
    const listeners = [...new Set(plan.targets.filter((target) => target.ports.some((port) => port.sampleOf)).map((target) => target.to))];
    notes = [
      `Run it on ${name} ${HOW_TO_RUN[dialect](fileName())}: it only connects, and writes ${plan.resultsFile} in the folder it runs in; copy that file beside the manifest, where befw check and the editor read it.`,
      ...(listeners.length > 0 ? [`Dynamic ports answer only while a job runs: run the listener script (befw probe --listen --host <name>) on ${listeners.join(', ')} first.`] : []),
      ...(plan.targets.length === 0 ? [`no required TCP flow that a connect can test starts on ${name}: the script has nothing to test.`] : []),
      ...plan.skipped.map((skip) => `not tested: ${skip.to}: ${skip.what}: ${skip.reason}`),
    ];
  }
  if (values.output) {
    await refuseOutputOverInputs(values.output, io.cwd, path, manifest, service);
    await writeOutput(values.output, script.text, io.cwd);
  } else {
    io.out(script.text);
  }
  const what = values.listen ? 'listener script' : 'probe script';
  const where = values.output ? `wrote the ${what} for ${name} to ${values.output}.` : `the ${what} for ${name} is on standard output.`;
  io.err(`befw: ${escapeControls(where)}\n${notes.map((note) => `befw: ${escapeControls(note)}\n`).join('')}`);
  return 0;
}

/** The manifest's host `name`, when a script can run there: a computer, not the Microsoft 365 endpoints. */
function probedHost(manifest: ManifestModel, name: string): ManifestModel['hosts'][number] {
  const host = manifest.hosts.find((candidate) => candidate.name.value === name);
  if (host?.role.value === 'm365-endpoints') throw new UsageError(`host ${quoted(name)} stands for the Microsoft 365 endpoints, not a computer a script can run on`);
  if (!host) {
    const known = manifest.hosts.filter((candidate) => candidate.role.value !== 'm365-endpoints').map((candidate) => quoted(candidate.name.value));
    throw new UsageError(`the manifest has no host ${quoted(name)} (its hosts: ${known.join(', ') || 'none'})`);
  }
  return host;
}

/** `--address <host>=<address>` values by host name: each names a host of the manifest and one address or DNS name. */
function givenAddresses(manifest: ManifestModel, given: readonly string[]): Map<string, string> {
  const addresses = new Map<string, string>();
  for (const value of given) {
    // Host names are free text: the address, which holds no "=", follows the last one.
    const equals = value.lastIndexOf('=');
    if (equals <= 0) throw new UsageError(`--address ${quoted(value)} must be <host>=<address>`);
    const host = value.slice(0, equals);
    const address = singleAddress(value.slice(equals + 1));
    if (!manifest.hosts.some((candidate) => candidate.name.value === host)) throw new UsageError(`--address ${quoted(value)}: the manifest has no host ${quoted(host)}`);
    if (address === undefined) throw new UsageError(`--address ${quoted(value)}: give one IPv4 or IPv6 address or a DNS name, not a subnet, a range or any`);
    addresses.set(host, address);
  }
  return addresses;
}

function listenMinutes(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const minutes = Number(value);
  if (!/^\d+$/.test(value.trim()) || minutes < 1 || minutes > MAX_LISTEN_MINUTES) {
    throw new UsageError(`--minutes must be a whole number of minutes from 1 to ${MAX_LISTEN_MINUTES}, not ${quoted(value)}`);
  }
  return minutes;
}
