import { isMap, isSeq, type Node } from 'yaml';
import manifestSchema from '../../../../schemas/bexnet.schema.json';
import type { HostModel, ManifestModel, OffsetRange, SourceText, SyntaxProblem } from '../model/types';
import { excerpt } from '../util/excerpt';
import { resolveRulesPath } from '../util/uris';
import { NodeReader, readFirewall, readHost, readList, readSettings } from './manifestReaders';
import { listKey, splitListChunks, type TextChunk } from '../dialects/yaml/ruleChunks';
import { issueMessage, schemaIssues, validatorFor, type PlacedRoot } from './schemaValidation';
import { mapEntries, type Entry } from './yamlNodes';
import { parseYaml } from './yamlSupport';
import { tooBrokenToParse } from './yamlPrescan';

const HOSTS_KEY = listKey('hosts');
const NOT_A_MAPPING = 'A manifest is a YAML mapping with version, settings, hosts and firewalls.';

/** A top-level entry of the manifest and the reader of the piece of text it was parsed from. */
interface TopEntry {
  readonly entry: Entry;
  readonly reader: NodeReader;
}

/** The manifest as parsed, before the parts every way of parsing shares. */
interface ParsedParts {
  readonly problems: SyntaxProblem[];
  readonly top: ReadonlyMap<string, TopEntry>;
  readonly hosts: HostModel[];
}

/**
 * Parses a *.bexnet.yaml manifest into its model; invalid parts are left out
 * and reported. A long hosts list is parsed one host at a time, as a rule
 * file's rules are: the yaml package holds a document of hundreds of
 * thousands of hosts in about a hundred times its size.
 */
export function parseManifest(source: SourceText): ManifestModel {
  const { text } = source;
  const whole: OffsetRange = [0, Math.min(text.length, Math.max(text.indexOf('\n'), 0) || text.length)];
  // Garbage is judged on the whole text (its pieces may each look harmless), and then gets its one BEX001 from parseWhole.
  const { problems, top, hosts } = (tooBrokenToParse(text) ? undefined : parseByHosts(text, whole)) ?? parseWhole(text, whole);
  for (const host of hosts) {
    if (!host.addressRange && host.address.value.toLowerCase() !== 'any') {
      problems.push({ message: `hosts[${host.index}].address: "${excerpt(host.address.value)}" is not an IPv4 or IPv6 address, a CIDR, or any`, range: host.address.range });
    }
  }
  const firewallsEntry = top.get('firewalls');
  // A firewall whose rules path names no file is reported here rather than read.
  const firewalls = (firewallsEntry ? readList(firewallsEntry.entry.value, firewallsEntry.reader, readFirewall) : []).flatMap((firewall) => {
    const named = firewall.rules.filter((path) => {
      if (resolveRulesPath(source.uri, path.value) !== undefined) return true;
      problems.push({ message: `firewalls[${firewall.index}].rules: "${excerpt(path.value)}" does not name a file`, range: path.range });
      return false;
    });
    if (named.length === 0) return [];
    return named.length === firewall.rules.length ? [firewall] : [{ ...firewall, rules: named }];
  });
  const settings = top.get('settings');
  const hostsEntry = top.get('hosts');
  return {
    uri: source.uri,
    text,
    problems,
    settings: readSettings(settings?.entry.value, settings?.reader ?? new NodeReader(0)),
    hosts,
    firewalls,
    hostsKeyRange: (hostsEntry && hostsEntry.reader.range(hostsEntry.entry.key)) ?? whole,
  };
}

function parseWhole(text: string, whole: OffsetRange): ParsedParts {
  const parsed = parseYaml(text);
  const problems = [...parsed.problems];
  const root = parsed.document.contents;
  if (problems.length === 0) {
    if (!isMap(root)) problems.push({ message: NOT_A_MAPPING, range: whole });
    else problems.push(...schemaIssues(validatorFor(manifestSchema), parsed.value, root, whole).map((issue) => issueMessage(issue)));
  }
  const reader = new NodeReader(0);
  const top = new Map([...mapEntries(root)].map(([key, entry]) => [key, { entry, reader }]));
  return { problems, top, hosts: readList(top.get('hosts')?.entry.value, reader, readHost) };
}

/** The manifest parsed as its text around the hosts list, and each host on its own; undefined when it cannot be split so. */
function parseByHosts(text: string, whole: OffsetRange): ParsedParts | undefined {
  const chunks = splitListChunks(text, HOSTS_KEY);
  if (!chunks) return undefined;
  const problems: SyntaxProblem[] = [];
  const top = new Map<string, TopEntry>();
  const roots: PlacedRoot[] = [];
  const header: Record<string, unknown> = {};
  for (const piece of chunks.header) {
    const parsed = parseYaml(piece.text);
    const root = parsed.document.contents as Node | null;
    const reader = new NodeReader(piece.base);
    problems.push(...parsed.problems.map((p) => shifted(p, piece.base)));
    for (const [key, entry] of mapEntries(root)) {
      // A key written both above and below the hosts is a key written twice: the whole-document parse says so.
      if (top.has(key)) return undefined;
      top.set(key, { entry, reader });
    }
    roots.push({ node: root, base: piece.base });
    if (parsed.value && typeof parsed.value === 'object') Object.assign(header, parsed.value);
    else if (!isMap(root) && root) problems.push({ message: NOT_A_MAPPING, range: whole });
  }
  if (problems.length === 0) problems.push(...schemaIssues(validatorFor(manifestSchema), { ...header, hosts: [] }, roots, whole).map((issue) => issueMessage(issue)));
  const hosts: HostModel[] = [];
  chunks.items.forEach((chunk, index) => {
    const host = parseHost(chunk, index, problems);
    if (host) hosts.push(host);
  });
  return { problems, top, hosts };
}

const HOST_SCHEMA = '/properties/hosts/items';

/** One item of the hosts list, parsed on its own; its problems go to `problems`, named after its place in the list. */
function parseHost(chunk: TextChunk, index: number, problems: SyntaxProblem[]): HostModel | undefined {
  const parsed = parseYaml(chunk.text);
  const seq = parsed.document.contents;
  const item = isSeq(seq) && seq.items.length === 1 ? (seq.items[0] as Node) : undefined;
  const at: OffsetRange = [chunk.base, chunk.base + chunk.text.trimEnd().length];
  const path = ['hosts', index];
  if (parsed.problems.length > 0 || !item) {
    const own = parsed.problems.length > 0 ? parsed.problems.map((p) => shifted(p, chunk.base)) : [{ message: 'expected one host (a mapping after "-")', range: at }];
    problems.push(...own.map((p) => issueMessage({ path: [], detail: p.message, range: p.range }, path)));
    return item && readHost(item, index, new NodeReader(chunk.base));
  }
  const value = (parsed.value as unknown[])[0];
  for (const issue of schemaIssues(validatorFor(manifestSchema, HOST_SCHEMA), value, item, [0, at[1] - at[0]])) {
    problems.push(issueMessage(shifted(issue, chunk.base), path));
  }
  return readHost(item, index, new NodeReader(chunk.base));
}

function shifted<T extends { range: OffsetRange }>(problem: T, base: number): T {
  return { ...problem, range: [problem.range[0] + base, problem.range[1] + base] };
}
