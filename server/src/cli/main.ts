#!/usr/bin/env node
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { VERSION } from '../version';
import { closestTerms, explain, filePath, fileUri, generateRules, getDefaultCatalog, getFirewallService, type CheckReport, type RuleDialect } from '../engine';
import { UsageError, discover } from './discover';
import { formatJson, formatSarif, formatText, type FileDiagnostics, type OutputFormat } from './formats';


const USAGE = `Usage:
  befw check [paths...] [--format text|json|sarif] [--no-hardening]
      Checks Backup Exec manifests (*.bexnet.yaml) and the rule files (*.fwrules.yaml)
      they reference. Paths may be files or folders (default: the current folder).
      Exit code: 0 no errors, 1 errors found, 2 usage or I/O problem.
  befw generate --firewall <name> [--dialect yaml|netsh|powershell] [--output <file>] <manifest>
      Writes the smallest rule set that allows every required Backup Exec flow crossing
      that firewall: one named rule per flow, with its ports, its hosts' addresses and a
      description citing the source. Default dialect yaml; output to stdout unless --output.
  befw explain <BEX code | port | error code | service | process | topic>
      Prints what the sources say, e.g. "befw explain 10000", "befw explain 0xE0000F02",
      "befw explain beremote.exe", "befw explain ndmp", "befw explain \"dynamic range\"",
      "befw explain anti-virus", "befw explain \"push install\"" (documented or not).
  befw --version | --help`;

interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
}

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
  if (command === 'explain') return explainCommand(rest, io);
  if (command === 'generate') return generateCommand(rest, io);
  throw new UsageError(`unknown command "${command}"`);
}

/** Runs a parseArgs call, turning its complaints into usage errors. */
function parsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function check(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parsed(() =>
    parseArgs({
      args: [...args],
      options: { format: { type: 'string', default: 'text' }, 'no-hardening': { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    }),
  );
  const format = values.format as OutputFormat;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${String(values.format)}"`);
  const found = await discover(positionals.length > 0 ? positionals : [io.cwd]);
  if (found.manifests.length === 0 && found.ruleFiles.length === 0) {
    throw new UsageError(`no manifests (*.bexnet.yaml) or rule files (*.fwrules.yaml) found in ${positionals.join(', ') || io.cwd}`);
  }
  const service = getFirewallService({ fileSystem: { readFile: (uri) => readFile(filePath(uri), 'utf8') } });
  const settings = { hardening: !values['no-hardening'] };
  const byFile = new Map<string, FileDiagnostics['diagnostics']>();
  const collect = (report: CheckReport) => {
    for (const [uri, diagnostics] of report.diagnostics) byFile.set(uri, [...(byFile.get(uri) ?? []), ...diagnostics]);
  };
  const referenced = new Set<string>();
  for (const path of found.manifests) {
    const uri = fileUri(path);
    const report = await service.checkManifest({ uri, text: await readText(path) }, settings);
    report.bindings.forEach((b) => referenced.add(b.ruleFileUri));
    collect(report);
  }
  for (const path of found.ruleFiles) {
    const uri = fileUri(path);
    if (!referenced.has(uri)) collect(service.checkRuleFile({ uri, text: await readText(path) }, settings));
  }
  const files = [...byFile].map(([uri, diagnostics]) => ({ uri, diagnostics: dedupe(diagnostics) })).sort((a, b) => a.uri.localeCompare(b.uri));
  const output = format === 'json' ? formatJson(files, io.cwd) : format === 'sarif' ? formatSarif(files, io.cwd, VERSION) : formatText(files, io.cwd);
  io.out(output);
  return files.some((f) => f.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)) ? 1 : 0;
}

/** A rule file shared by two manifests is checked twice; report each finding once. */
function dedupe(diagnostics: FileDiagnostics['diagnostics']): FileDiagnostics['diagnostics'] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.range.start.line}:${d.range.start.character}:${String(d.code)}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read "${path}": ${(error as Error).message}`);
  }
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
      io.err(`befw: nothing is known about "${term}". ${hint}\n`);
      status = 2;
      continue;
    }
    io.out(`${explanation.title}\n\n${explanation.markdown.replace(/\*\*/g, '')}\n`);
  }
  return status;
}

const DIALECTS: readonly RuleDialect[] = ['yaml', 'netsh', 'powershell'];

async function generateCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parsed(() =>
    parseArgs({ args: [...args], allowPositionals: true, strict: true, options: { firewall: { type: 'string' }, dialect: { type: 'string', default: 'yaml' }, output: { type: 'string' } } }),
  );
  const dialect = values.dialect as RuleDialect;
  if (!DIALECTS.includes(dialect)) throw new UsageError(`--dialect must be one of ${DIALECTS.join(', ')}`);
  if (!values.firewall) throw new UsageError('generate needs --firewall <name> (a firewall of the manifest)');
  if (positionals.length !== 1) throw new UsageError('generate needs exactly one manifest (*.bexnet.yaml)');
  const path = resolve(io.cwd, positionals[0]);
  const service = getFirewallService({ fileSystem: { readFile: (uri) => readFile(filePath(uri), 'utf8') } });
  const manifest = service.parseManifest({ uri: fileUri(path), text: await readText(path) });
  if (manifest.problems.length > 0) {
    io.err(`befw: ${positionals[0]} has ${manifest.problems.length} problem(s); run "befw check ${positionals[0]}" and fix them first.\n`);
    return 2;
  }
  const generated = generateRules(manifest, service.catalog, values.firewall, dialect);
  if ('error' in generated) throw new UsageError(generated.error);
  if (values.output) {
    await writeFile(resolve(io.cwd, values.output), generated.text).catch((error: Error) => {
      throw new UsageError(`cannot write "${values.output}": ${error.message}`);
    });
    io.err(`befw: wrote ${generated.flows} rule(s) to ${values.output}\n`);
  } else io.out(generated.text);
  return 0;
}

if (require.main === module) {
  void run(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), cwd: process.cwd() }).then((code) => {
    process.exitCode = code;
  });
}
