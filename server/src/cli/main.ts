#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { VERSION } from '../version';
import { closestTerms, explain, getDefaultCatalog } from '../engine';
import { describeFileError } from '../platform/textFiles';
import { parsed, quoted, UsageError, type Io } from './args';
import { check } from './check';
import { collectCommand } from './collect';
import { generateCommand } from './generate';
import { newSiteCommand } from './newSite';
import { probeCommand } from './probe';
import { reportCommand } from './report';

const USAGE = `Usage:
  befw check [paths...] [--format text|json|sarif] [--no-hardening]
             [--allow-outside <folder>]... [--max-file-size <MB>]
             [--observed <results.probe.jsonl>]... [--max-age <days>]
      Checks Backup Exec manifests (*.bexnet.yaml) and the rule files (*.fwrules.yaml)
      they reference. Paths may be files or folders (default: the current folder).
      Reads only inside those folders (for a file: its folder); --allow-outside lets a
      manifest's rules: reach another one. Files over --max-file-size (default 20) are
      not checked. Probe results (befw probe) beside a manifest (*.probe.jsonl) and those
      --observed names are compared with the rule files (BEX300-BEX303); results older
      than --max-age days (default 30) decide nothing.
      Exit code: 0 no errors, 1 errors found or a file could not be checked,
      2 usage or I/O problem.
  befw report [paths...] [--format html|markdown] [--output <file>] [--no-hardening]
              [--allow-outside <folder>]... [--max-file-size <MB>]
              [--observed <results.probe.jsonl>]... [--max-age <days>]
      Writes what befw check finds as a picture: per manifest, a map of the hosts, the
      firewalls and every required flow by its state (allowed, partly allowed, blocked,
      unknown) and what probes observed, the flow x firewall table, the findings and the
      sources. html (the default) is one self-contained page that loads nothing from the
      network; markdown (the table and the findings) suits a pull-request comment. Paths,
      --observed and --max-age as for check. Output to stdout
      unless --output. A report is not a gate: exit code 0 once written, whatever it
      shows (use check for that); 2 on usage problems, or when a manifest could not be read.
  befw generate --firewall <name> [--dialect yaml|netsh|powershell] [--output <file>]
                [--max-file-size <MB>] <manifest>
      Writes the smallest rule set that allows every required Backup Exec flow crossing
      that firewall: one named rule per flow, with its ports, its hosts' addresses and a
      description citing the source. Default dialect yaml; output to stdout unless --output.
  befw collect --host <name> [--dialect powershell|bash] [--output <file>]
               [--max-file-size <MB>] <manifest>
      Writes a script to run on that host of the manifest; it changes nothing. powershell
      (the default), for a Windows host: writes the firewall policy in effect there to
      <name>.befw-firewall.json. bash, for a Linux host (agent: linux): saves whichever of
      iptables-save, ip6tables-save, nft list ruleset, firewalld zones and ufw rules the
      host has, and prints the manifest lines that name those files. The rules: of the
      host's firewall name them. Output to stdout unless --output.
  befw probe --host <name> [--dialect powershell|bash] [--listen] [--minutes <n>]
             [--address <host>=<address>]... [--output <file>] [--max-file-size <MB>] <manifest>
      Writes a script to run on that host of the manifest (default dialect: bash for a host
      with agent: linux, else powershell). It needs no admin rights and only connects: a TCP
      connect to every port of the required flows starting there (samples of dynamic ranges),
      each open, refused (reached the host) or timeout (did not), written to
      <name>.probe.jsonl for befw check --observed. --address gives one address for a host
      whose manifest address is any or a subnet. --listen writes the companion script for a
      destination: listeners on its sampled dynamic ports for --minutes (default 10), to run
      there before the probes. Output to stdout unless --output.
  befw new-site --server <name=address> --agents "<name=address>[ linux], …"
                [--firewall host|network] [--dialect yaml|netsh|powershell]
                [--linux-dialect yaml|iptables|nftables|firewalld|ufw] [--folder <dir>]
      Writes a new site as "Backup Exec: New site…" does, into the folder (made if missing;
      default: the current one): the manifest site.bexnet.yaml and one rule file per
      firewall, the own firewall of each host (default) or one network firewall in front of
      the agents. Write "linux" after an agent that runs the Agent for Linux. Never
      overwrites a file.
  befw explain <BEX code | port | error code | service | process | topic>
      Prints what the sources say, e.g. "befw explain 10000", "befw explain 0xE0000F02",
      "befw explain beremote.exe", "befw explain ndmp", "befw explain \"dynamic range\"",
      "befw explain anti-virus", "befw explain \"push install\"" (documented or not).
  befw --version | --help`;

/** Runs the CLI and returns its exit code; never throws. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    io.err(`befw: ${error instanceof UsageError ? error.message : `unexpected problem: ${(error as Error)?.message ?? String(error)}`}\n`);
    if (error instanceof UsageError) io.err(`Run "befw --help" for usage.\n`);
    return 2;
  }
}

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    io.out(`${VERSION}\n`);
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === 'check') return check(rest, io);
  if (command === 'report') return reportCommand(rest, io);
  if (command === 'explain') return explainCommand(rest, io);
  if (command === 'generate') return generateCommand(rest, io);
  if (command === 'collect') return collectCommand(rest, io);
  if (command === 'new-site') return newSiteCommand(rest, io);
  if (command === 'probe') return probeCommand(rest, io);
  throw new UsageError(`unknown command ${quoted(command)}`);
}

function explainCommand(args: readonly string[], io: Io): number {
  const { positionals } = parsed(() => parseArgs({ args: [...args], allowPositionals: true, strict: true }));
  if (positionals.length === 0) throw new UsageError('explain needs a term: a BEX code, a port, an error code or a service id');
  let status = 0;
  for (const term of positionals) {
    const explanation = explain(getDefaultCatalog(), term);
    if (!explanation) {
      const closest = closestTerms(getDefaultCatalog(), term);
      const hint = closest.length > 0 ? `Closest known terms: ${closest.map((t) => `"${t}"`).join(', ')}.` : 'Try a BEX code (BEX100), a port (10000), an error code (0xE0000F02), a process (beremote.exe) or a topic ("dynamic range").';
      io.err(`befw: nothing is known about ${quoted(term)}. ${hint}\n`);
      status = 2;
      continue;
    }
    io.out(`${explanation.title}\n\n${explanation.markdown.replace(/\*\*/g, '')}\n`);
  }
  return status;
}

/**
 * A standard stream whose writes may fail: `befw check . | head -1` closes
 * the pipe (EPIPE), `> /dev/full` fails every write (ENOSPC). Unwatched,
 * either is an "Unhandled 'error' event" and a stack trace; here the first
 * failure is kept, and nothing more is written after it.
 */
class GuardedStream {
  private failure: NodeJS.ErrnoException | undefined;

  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on('error', (error: NodeJS.ErrnoException) => this.fail(error));
  }

  write(text: string): void {
    if (!this.failure) this.stream.write(text, (error) => error && this.fail(error));
  }

  /** Once everything written so far is flushed or has failed: the first failure, if any. */
  settled(): Promise<NodeJS.ErrnoException | undefined> {
    if (this.failure) return Promise.resolve(this.failure);
    return new Promise((resolve) => this.stream.write('', () => resolve(this.failure)));
  }

  private fail(error: NodeJS.ErrnoException): void {
    this.failure ??= error;
  }
}

/**
 * The exit code once the output is written. A reader that went away wanted
 * no more (`| head`): stop quietly with the run's own code. Any other failure
 * means the output is lost: say so in one line, and exit 2.
 */
function exitCodeAfter(runCode: number, failure: NodeJS.ErrnoException | undefined, err: (text: string) => void): number {
  if (!failure || failure.code === 'EPIPE') return runCode;
  err(`befw: cannot write the output: ${describeFileError(failure)}.\n`);
  return 2;
}

/** The process's folder; undefined when it was removed under the shell, where process.cwd() throws. */
function currentFolder(): string | undefined {
  try {
    return process.cwd();
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const stdout = new GuardedStream(process.stdout);
  // A closed stderr leaves no one to tell: its failures are only kept from crashing the process.
  const stderr = new GuardedStream(process.stderr);
  const cwd = currentFolder();
  if (cwd === undefined) {
    stderr.write('befw: the current folder no longer exists (deleted or unmounted): change to a folder that does, and run befw again.\n');
    process.exitCode = 2;
    return;
  }
  const code = await run(process.argv.slice(2), { out: (t) => stdout.write(t), err: (t) => stderr.write(t), cwd });
  process.exitCode = exitCodeAfter(code, await stdout.settled(), (t) => stderr.write(t));
}

if (require.main === module) void main();
