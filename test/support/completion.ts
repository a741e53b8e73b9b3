import assert from 'node:assert/strict';
import { doComplete, type CompletionEntry } from '../../server/src/engine';
import { checkFiles, memoryService, uriOf, type FileSet } from './engine';

/**
 * The data-connections rule snippet examples/site gets in its dmz rule file, spelled out once for the engine
 * and the LSP tests: be01 and sql01 as the choices of their roles, the manifest's agent range.
 */
export const SITE_DATA_SNIPPET = [
  '- name: ${1:Remote Agent data connections}',
  '    description: "Remote Agent data connections; source: KB100017208, TN255831"',
  '    action: allow',
  '    protocol: tcp',
  '    from: [${2|be01|}]',
  '    to: [${3|sql01|}]',
  '    ports: [${4:50100-50149}]',
  '  $0',
].join('\n');

/** A rule file with no rules yet, its cursor where the first one goes. */
export const EMPTY_RULE_FILE = 'version: 1\nevaluation: first-match\ndefaults: { inbound: block, outbound: allow }\nrules:\n  ';

/**
 * What the engine completes where the first `needle` ends in `text`, the file
 * `name` of `files` (a manifest, or a rule file checked with `manifest`), as the server asks.
 */
export async function completeIn(files: FileSet, name: string, text: string, needle: string, manifest?: string): Promise<CompletionEntry[]> {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `"${needle}" is in ${name}`);
  const offset = at + needle.length;
  const edited = { ...files, [name]: text };
  if (name.endsWith('.bexnet.yaml')) {
    const service = memoryService(edited);
    return doComplete({ catalog: service.catalog, file: { kind: 'manifest', model: service.parseManifest({ uri: uriOf(name), text }) }, offset });
  }
  const { service, report } = manifest ? await checkFiles(edited, manifest) : { service: memoryService(edited), report: undefined };
  return doComplete({ catalog: service.catalog, report, file: { kind: 'rules', model: service.parseRuleFile({ uri: uriOf(name), text }) }, offset });
}

/** The rule snippets offered where the first rule of a rule file no manifest checks goes. */
export async function ruleSnippetsWithoutManifest(): Promise<CompletionEntry[]> {
  const entries = await completeIn({}, 'new.fwrules.yaml', EMPTY_RULE_FILE, EMPTY_RULE_FILE);
  return entries.filter((e) => e.kind === 'snippet');
}
