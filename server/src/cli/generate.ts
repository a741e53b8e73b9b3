import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dialectById, escapeControls, filePath, generateRules, GENERATED_DIALECTS, type ManifestModel } from '../engine';
import { manifestToWriteFrom, parsed, quoted, sameFile, UsageError, writeOutput, type Io } from './args';

/** `befw generate`: the rules of one firewall of a manifest, to stdout or --output (never over a file it reads). */
export async function generateCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parsed(() =>
    parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { firewall: { type: 'string' }, dialect: { type: 'string', default: 'yaml' }, output: { type: 'string' }, 'max-file-size': { type: 'string' } },
    }),
  );
  const dialect = dialectById(values.dialect!)?.id;
  if (!dialect || !GENERATED_DIALECTS.includes(dialect)) throw new UsageError(`--dialect must be one of ${GENERATED_DIALECTS.join(', ')} (iptables and firewalld also name iptables-save and firewalld-zone)`);
  if (!values.firewall) throw new UsageError('generate needs --firewall <name> (a firewall of the manifest)');
  if (positionals.length !== 1) throw new UsageError('generate needs exactly one manifest (*.bexnet.yaml)');
  const [given] = positionals;
  const read = await manifestToWriteFrom(given, values['max-file-size'], io);
  if (!read) return 2;
  const { path, manifest, service } = read;
  const generated = generateRules(manifest, service.catalog, values.firewall, dialect);
  if ('error' in generated) throw new UsageError(generated.error);
  const outputName = values.output;
  if (!outputName) {
    io.out(generated.text);
    return 0;
  }
  const output = resolve(io.cwd, outputName);
  for (const input of inputsOf(manifest, path, (rules) => filePath(service.ruleFileUri(manifest.uri, rules)))) {
    if (await sameFile(output, input.path)) throw new UsageError(`--output ${quoted(outputName)} is ${input.what}; write the rules to another file`);
  }
  await writeOutput(outputName, generated.text, io.cwd);
  io.err(`befw: wrote ${generated.flows} rule(s) to ${escapeControls(outputName)}\n`);
  return 0;
}

/** The files a generation reads or names: overwriting one of them would destroy what the rules come from. */
function inputsOf(manifest: ManifestModel, path: string, ruleFilePath: (rules: string) => string): { path: string; what: string }[] {
  return [
    { path, what: 'the manifest it reads' },
    ...manifest.firewalls.flatMap((firewall) => firewall.rules.map((rules) => ({ path: ruleFilePath(rules.value), what: `the rule file of firewall ${quoted(firewall.name.value)}` }))),
  ];
}

