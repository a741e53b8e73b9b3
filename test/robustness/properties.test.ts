import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range, TextEdit } from 'vscode-languageserver-types';
import { dialectFor, fixAll, getFirewallService, getSuppressionFix, type CheckReport, type ManifestModel, type OffsetRange, type QuickFix, type RuleFileModel } from '../../server/src/engine';
import { applyEdits, checkFiles, FIXTURE_ROOT, memoryService, uriOf, type FileSet } from '../support/engine';

/**
 * Property-based robustness of the engine: random and mutated inputs for every
 * parser and dialect, the whole check on mutated manifest + rule-file pairs, and
 * every quick-fix applied to original and mutated fixture sets. Seeded (42), so
 * a failure reproduces; the counterexample fast-check prints is the input.
 * BEFW_FC_SEED=n runs the same properties on another seed, to explore.
 */

const SEED = Number(process.env.BEFW_FC_SEED ?? 42);
const ROOT = join(__dirname, '..', '..', '..');

// ---------------------------------------------------------------------------
// The corpus: the examples and the fixtures of the check and script tests.

interface FixtureSet {
  readonly label: string;
  readonly manifest: string;
  readonly files: FileSet;
}

const SCRIPT = /\.(cmd|bat|netsh|ps1)$/i;

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.(yaml|cmd|bat|netsh|ps1|iptables|nft)$|^user6?\.rules$|\.zone\.xml$/i.test(name) ? [path] : [];
  });
}

const CORPUS_PATHS = [join(ROOT, 'examples'), join(ROOT, 'test', 'checks'), join(ROOT, 'test', 'dialects')].flatMap(filesUnder).sort();
const CORPUS: readonly { readonly name: string; readonly text: string }[] = CORPUS_PATHS.map((path) => ({ name: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

/** A manifest with one host firewall whose rules are the file `name` (the script fixtures, and the minimal cases below). */
const hostManifest = (name: string, host: string) => `# ${name} is the host firewall of ${host}.
version: 1
settings:
  dynamicPorts: { server: { enabled: true, range: 50000-50049 }, agent: { enabled: true, range: 50100-50149 } }
  concurrentJobs: 4
hosts:
  - { name: be01, role: backup-exec-server, address: 10.0.1.10, features: [deduplication-storage] }
  - { name: sql01, role: remote-computer, address: 10.0.2.20, features: [client-side-deduplication, oracle] }
  - { name: admin01, role: remote-administration-console, address: 10.0.3.5 }
firewalls:
  - { name: ${host}-host, rules: ${name}, host: ${host} }
`;

/** Every manifest of the examples and of test/checks with the files beside it, and each script fixture under a manifest. */
function fixtureSets(): FixtureSet[] {
  const sets: FixtureSet[] = [];
  const folders = new Map<string, FileSet>();
  for (const entry of CORPUS) {
    const folder = entry.name.slice(0, entry.name.length - basename(entry.name).length);
    if (!folders.has(folder)) folders.set(folder, {});
    folders.get(folder)![basename(entry.name)] = entry.text;
  }
  for (const [folder, files] of folders) {
    for (const name of Object.keys(files).filter((n) => n.endsWith('.bexnet.yaml'))) {
      // The manifest and the files it names, so that a counterexample shows only those.
      const named = Object.keys(files).filter((other) => other === name || new RegExp(`rules:\\s*["']?${other.replace(/\./g, '\\.')}`).test(files[name]));
      sets.push({ label: folder + name, manifest: name, files: Object.fromEntries(named.map((n) => [n, files[n]])) });
    }
    for (const name of Object.keys(files).filter((n) => SCRIPT.test(n))) {
      const host = /sql01|values|outbound|no-firewall/.test(name) ? 'sql01' : 'be01';
      sets.push({ label: folder + name, manifest: 'host.bexnet.yaml', files: { 'host.bexnet.yaml': hostManifest(name, host), [name]: files[name] } });
    }
  }
  return sets;
}

const SETS = fixtureSets();

// ---------------------------------------------------------------------------
// Mutations, as data so that fast-check prints (and shrinks) them.

/** Characters and tokens that reach the corners of YAML, netsh and PowerShell. */
const SPECIAL_CHARS = [...':{}[]&*!|>\'"%@`#-,?^$\\=()/;<~+', ' ', '\t', '\n', '\r\n', '\r', '\0', '\uFEFF', '\u2028', '\u00A0', '\uD800', '\uDC00', 'é', '𝔸', '漢'];
const TOKENS = [
  '- ', ': ', '---\n', '...\n', '&a ', '*a', '<<: *a', '!!binary ', '!tag ', '? ', '|\n', '>-\n', '%YAML 1.2\n', '{', '}', '[', ']', '[]', '{}',
  '~', 'null', '.nan', '0x1F', '1e9', '65536', '0', '-1', '0-99999', '50149-50100', '10.0.0.0/33', '::1', 'fe80::/10', 'any', 'any-any',
  'rules:', 'rules: []', '  - name: x\n', 'ports: [', 'from: [be01]', 'evaluation: block-wins', 'enabled: no', 'version: 2',
  '^\n', '^', '%VAR%', '%', 'set X=1\n', 'REM ', ':: ', 'netsh advfirewall firewall add rule ', 'name="', 'localport=', 'remoteip=', 'dir=in ', 'action=allow ', 'new enable=yes',
  '`\n', '`', '@(', '@{', '$x', "$x = '1'\n", '-LocalPort ', '-RemoteAddress ', '-DisplayName ', 'New-NetFirewallRule ', 'Enable-NetFirewallRule -DisplayGroup ', '<#', '#>', '"@', '@"\n', "'@", "@'\n", '$(', ';',
  '# befw-disable-next-line BEX100 -- x\n', 'BEX001', '0xE0000F02',
];

const insertion = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_CHARS) },
  { weight: 3, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...SPECIAL_CHARS), maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
);

type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'replace'; at: number; length: number; text: string }
  | { kind: 'copy'; from: number; length: number; to: number }
  | { kind: 'duplicateLine' | 'deleteLine'; line: number }
  | { kind: 'swapLines'; line: number; other: number }
  | { kind: 'indent'; line: number; by: string }
  | { kind: 'eol'; to: '\r\n' | '\r' | '\n' };

const offset = fc.nat({ max: 100_000 });
const length = fc.nat({ max: 40 });

/** Mutations that keep most of a file readable: what a user does while typing. */
const gentleMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('duplicateLine' as const), line: offset }),
  fc.record({ kind: fc.constant('deleteLine' as const), line: offset }),
  fc.record({ kind: fc.constant('swapLines' as const), line: offset, other: offset }),
  fc.record({ kind: fc.constant('indent' as const), line: offset, by: fc.constantFrom('', ' ', '  ', '\t') }),
  fc.record({ kind: fc.constant('eol' as const), to: fc.constantFrom('\r\n' as const, '\n' as const) }),
  fc.record({ kind: fc.constant('insert' as const), at: offset, text: fc.constantFrom('\n', '# note\n', ' # note', '\n\n', '  ', '\r\n') }),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: offset, text: insertion }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: offset, length }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: offset, length, text: insertion }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('copy' as const), from: offset, length: fc.nat({ max: 200 }), to: offset }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('eol' as const), to: fc.constantFrom('\r\n' as const, '\r' as const, '\n' as const) }) },
  { weight: 3, arbitrary: gentleMutation },
);

function mutate(text: string, m: Mutation): string {
  const at = (n: number) => n % (text.length + 1);
  const lines = text.split('\n');
  const line = (n: number) => n % lines.length;
  switch (m.kind) {
    case 'insert':
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at));
    case 'delete':
      return text.slice(0, at(m.at)) + text.slice(at(m.at) + m.length);
    case 'replace':
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at) + m.length);
    case 'copy': {
      const from = at(m.from);
      const piece = text.slice(from, from + m.length);
      return text.slice(0, at(m.to)) + piece + text.slice(at(m.to));
    }
    case 'duplicateLine':
      lines.splice(line(m.line), 0, lines[line(m.line)]);
      return lines.join('\n');
    case 'deleteLine':
      lines.splice(line(m.line), 1);
      return lines.join('\n');
    case 'swapLines': {
      const [a, b] = [line(m.line), line(m.other)];
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 'indent': {
      const i = line(m.line);
      lines[i] = m.by === '' ? lines[i].replace(/^[ \t]/, '') : m.by + lines[i];
      return lines.join('\n');
    }
    case 'eol':
      return text.replace(/\r\n|\r|\n/g, m.to);
  }
}

const mutateAll = (text: string, mutations: readonly Mutation[]) => mutations.reduce(mutate, text);

/** Random text: a corpus file mutated, or plain random characters. */
const fuzzText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...CORPUS.map((c) => c.text)), fc.array(mutation, { minLength: 1, maxLength: 8 })).map(([text, ms]) => mutateAll(text, ms)) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...SPECIAL_CHARS, ...TOKENS, 'a', 'be01', '10000', '10.0.1.10'), maxLength: 60 }).map((s) => s) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);

// ---------------------------------------------------------------------------
// Range assertions.

function assertOffsetRange(text: string, where: string, range: OffsetRange | undefined): void {
  if (range === undefined) return;
  const [start, end] = range;
  assert.ok(
    Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length,
    `${where}: range [${start}, ${end}] not inside the document (length ${text.length})`,
  );
}

function manifestRanges(model: ManifestModel): [string, OffsetRange | undefined][] {
  const { settings } = model;
  return [
    ['hostsKeyRange', model.hostsKeyRange],
    ...model.problems.map((p, i): [string, OffsetRange] => [`problems[${i}] ${p.message}`, p.range]),
    ['settings.ndmpPort', settings.ndmpPort?.range],
    ['settings.sharedEnabled', settings.sharedEnabled?.range],
    ['settings.sharedEnabled entry', settings.sharedEnabled?.entryRange],
    ['settings.serverRange', settings.serverRange?.text.range],
    ['settings.serverRange.enabled', settings.serverRange?.enabled?.range],
    ['settings.agentRange', settings.agentRange?.text.range],
    ['settings.agentRange.enabled', settings.agentRange?.enabled?.range],
    ['settings.concurrentJobs', settings.concurrentJobs?.range],
    ...model.hosts.flatMap((h, i): [string, OffsetRange][] => [
      [`hosts[${i}]`, h.range],
      [`hosts[${i}].name`, h.name.range],
      [`hosts[${i}].role`, h.role.range],
      [`hosts[${i}].address`, h.address.range],
      ...h.features.map((f, j): [string, OffsetRange] => [`hosts[${i}].features[${j}]`, f.range]),
    ]),
    ...model.firewalls.flatMap((f, i): [string, OffsetRange | undefined][] => [
      [`firewalls[${i}]`, f.range],
      [`firewalls[${i}].name`, f.name.range],
      ...f.rules.map((r, j): [string, OffsetRange] => [`firewalls[${i}].rules[${j}]`, r.range]),
      [`firewalls[${i}].host`, f.host?.range],
      ...f.protects.map((p, j): [string, OffsetRange] => [`firewalls[${i}].protects[${j}]`, p.range]),
    ]),
  ];
}

function ruleFileRanges(model: RuleFileModel): [string, OffsetRange | undefined][] {
  const list: [string, OffsetRange | undefined][] = [
    ['layout.rulesKeyRange', model.layout.rulesKeyRange],
    ['layout.rulesEnd', [model.layout.rulesEnd, model.layout.rulesEnd]],
    ['layout.rulesInline', model.layout.rulesInline],
    ...model.problems.map((p, i): [string, OffsetRange] => [`problems[${i}] ${p.message}`, p.range]),
    ...model.unresolved.map((p, i): [string, OffsetRange] => [`unresolved[${i}] ${p.message}`, p.range]),
  ];
  for (const rule of model.rules) {
    const at = `rules[${rule.index}]`;
    const shift = (range: OffsetRange | undefined): OffsetRange | undefined => range && [range[0] + rule.base, range[1] + rule.base];
    const { syntax } = rule;
    list.push([at, rule.range], [`${at}.itemRange`, shift(syntax.itemRange)]);
    for (const [key, range] of Object.entries(syntax.keys)) list.push([`${at}.keys.${key}`, shift(range)]);
    for (const [key, located] of Object.entries({ name: syntax.name, action: syntax.action, protocol: syntax.protocol, enabled: syntax.enabled })) list.push([`${at}.${key}`, shift(located?.range)]);
    for (const [key, listSyntax] of Object.entries({ from: syntax.from, to: syntax.to, ports: syntax.ports, windowsRules: syntax.windowsRules })) {
      list.push([`${at}.${key}`, shift(listSyntax?.range)]);
      listSyntax?.items.forEach((item, j) => list.push([`${at}.${key}[${j}]`, shift(item.range)]));
    }
    syntax.issues.forEach((issue, j) => list.push([`${at}.issues[${j}] ${issue.detail}`, shift(issue.range)]));
    for (const [key, items] of Object.entries({ from: rule.from, to: rule.to, portItems: rule.portItems, windowsRules: rule.windowsRules })) {
      items.forEach((item, j) => list.push([`${at}.${key}[${j}] (absolute)`, item.range]));
    }
  }
  return list;
}

/** An LSP position that exists in `text`: a real line, and a character within that line (line breaks excluded). */
function assertPosition(lines: readonly string[], where: string, position: Position): void {
  assert.ok(
    Number.isInteger(position.line) && Number.isInteger(position.character) && position.line >= 0 && position.line < lines.length && position.character >= 0 && position.character <= lines[position.line].length,
    `${where}: position ${position.line}:${position.character} not in the document (${lines.length} lines; that line has ${lines[position.line]?.length} characters)`,
  );
}

const linesOf = (text: string) => text.split(/\r\n|\r|\n/);
const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);

function assertLspRange(text: string, where: string, range: Range): void {
  const lines = linesOf(text);
  assertPosition(lines, `${where} start`, range.start);
  assertPosition(lines, `${where} end`, range.end);
  assert.ok(before(range.start, range.end), `${where}: range ends before it starts`);
}

const inSet = (files: FileSet) => (uri: string) => (uri.startsWith(FIXTURE_ROOT) ? files[uri.slice(FIXTURE_ROOT.length)] : undefined);

/** Every diagnostic (and related location in a checked file) of a report lies inside its file. */
function assertReportInside(report: CheckReport, textOf: (uri: string) => string | undefined): void {
  for (const [uri, diagnostics] of report.diagnostics) {
    const text = textOf(uri);
    assert.ok(text !== undefined, `diagnostics for a file that was not checked: ${uri}`);
    for (const d of diagnostics) {
      assertLspRange(text, `${uri} ${String(d.code)} "${d.message}"`, d.range);
      for (const r of d.relatedInformation ?? []) {
        const other = textOf(r.location.uri);
        if (other !== undefined && report.diagnostics.has(r.location.uri)) assertLspRange(other, `related location of ${String(d.code)} in ${r.location.uri}`, r.location.range);
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Quick-fix assertions.

const isCommentLine = (line: string, script: boolean) => /^\s*#/.test(line) || (script && /^\s*(rem(\s|$)|::)/i.test(line));

/** The comment lines of a file: `#…` lines, and `REM`/`::` lines of a batch file. */
function commentLines(text: string, name: string): string[] {
  const batch = /\.(cmd|bat|netsh)$/i.test(name);
  return linesOf(text).filter((line) => isCommentLine(line, batch));
}

/**
 * Applies the edits of one file and asserts: each edit range is a real range
 * of the text, none overlap, no edit splits a CRLF or a surrogate pair, bytes
 * outside the ranges are unchanged, every comment line is kept, and a CRLF file
 * gets no bare LF.
 */
function applyChecked(name: string, text: string, edits: readonly TextEdit[]): string {
  const document = TextDocument.create(uriOf(name), 'yaml', 0, text);
  const placed = edits.map((edit, i) => {
    assertLspRange(text, `${name}: edit ${i}`, edit.range);
    const start = document.offsetAt(edit.range.start);
    const end = document.offsetAt(edit.range.end);
    for (const boundary of [start, end]) {
      const pair = text.slice(boundary - 1, boundary + 1);
      assert.ok(boundary === 0 || !(pair === '\r\n' || /^[\uD800-\uDBFF][\uDC00-\uDFFF]$/.test(pair)), `${name}: edit ${i} boundary ${boundary} splits ${JSON.stringify(pair)}`);
    }
    return { start, end, newText: edit.newText };
  });
  const sorted = [...placed].sort((a, b) => a.start - b.start || a.end - b.end);
  let expected = '';
  let cursor = 0;
  for (const edit of sorted) {
    assert.ok(edit.start >= cursor, `${name}: edits overlap at offset ${edit.start}`);
    expected += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  expected += text.slice(cursor);
  const after = applyEdits(text, edits);
  assert.equal(after, expected, `${name}: the text outside the edits is unchanged`);
  const kept = commentLines(after, name);
  for (const comment of commentLines(text, name)) {
    const index = kept.indexOf(comment);
    assert.ok(index >= 0, `${name}: comment line kept: ${JSON.stringify(comment)}`);
    kept.splice(index, 1);
  }
  if (text.includes('\r\n') && !/(^|[^\r])\n/.test(text)) assert.doesNotMatch(after, /(^|[^\r])\n/, `${name}: a CRLF file stays CRLF`);
  return after;
}

/** The BEX001 messages of a file, list indices left out ("rules[2]" shifts when a rule is added above). */
const bex001 = (report: CheckReport, name: string) =>
  (report.diagnostics.get(uriOf(name)) ?? []).filter((d) => d.code === 'BEX001').map((d) => String(d.message).replace(/\[\d+\]/g, '[#]'));

/** Applies a fix to a file set, re-checks it and asserts no file it changed gained a BEX001. */
async function assertFixApplies({ label, manifest, files }: FixtureSet, report: CheckReport, fix: QuickFix, what: string): Promise<void> {
  const fixed = { ...files };
  for (const [uri, edits] of Object.entries(fix.changes)) {
    const name = uri.slice(FIXTURE_ROOT.length);
    assert.ok(name in files, `${what}: the fix edits a file of the set (${uri})`);
    fixed[name] = applyChecked(name, files[name], edits);
  }
  const { report: after } = await checkFiles(fixed, manifest);
  assertReportInside(after, inSet(fixed));
  for (const uri of Object.keys(fix.changes)) {
    const name = uri.slice(FIXTURE_ROOT.length);
    const known = bex001(report, name);
    // A file that is not YAML (or not a mapping) to begin with has no place a fix can be sure of; its other guarantees still hold.
    if (known.some((message) => message.includes('YAML:') || message.startsWith('A rule file is a YAML mapping'))) continue;
    const added = bex001(after, name).filter((message) => !known.includes(message));
    assert.deepEqual(added, [], `${what} (${fix.title}) in ${label}: no new BEX001 in ${name}; fixed text:\n${fixed[name]}`);
  }
}

/** Every quick-fix (engine fixes and "Disable BEXnnn for this line") of every diagnostic of `files`, applied and re-checked. */
async function assertEveryFix(set: FixtureSet): Promise<number> {
  const { files } = set;
  const { service, report } = await checkFiles(files, set.manifest);
  assertReportInside(report, inSet(files));
  let applied = 0;
  for (const [uri, diagnostics] of report.diagnostics) {
    const name = uri.slice(FIXTURE_ROOT.length);
    for (const diagnostic of diagnostics) {
      const what = `${String(diagnostic.code)} at ${name}:${diagnostic.range.start.line + 1}`;
      for (const fix of service.getQuickFixes(report, diagnostic)) {
        await assertFixApplies(set, report, fix, what);
        applied++;
      }
      // Suppressing a YAML error inside a broken construct may move the error: only other codes must stay error-free.
      const suppression = getSuppressionFix(uri, files[name], diagnostic);
      // JSON exports and firewalld's XML have no line comments: no suppression is offered there.
      assert.equal(suppression === undefined, dialectFor(uri, files[name]).lineComment === undefined, `${what}: a suppression where line comments exist, none in JSON or XML`);
      if (diagnostic.code !== 'BEX001' && suppression) await assertFixApplies(set, report, suppression, `${what} suppression`);
    }
  }
  return applied;
}

/** "Fix all BEX1xx" in each file of the set: one minimal edit per file, with the same guarantees. */
async function assertFixAll(set: FixtureSet): Promise<void> {
  const { files } = set;
  const service = memoryService(files);
  const { report } = await checkFiles(files, set.manifest);
  for (const uri of report.diagnostics.keys()) {
    const documents = (u: string) => files[u.slice(FIXTURE_ROOT.length)];
    const changes = await fixAll(service, { uri: uriOf(set.manifest), text: files[set.manifest] }, { documents }, uri, (d) => /^BEX1\d\d$/.test(String(d.code)));
    await assertFixApplies(set, report, { title: 'Fix all BEX1xx', code: 'BEX1xx', isPreferred: false, changes }, `fix all in ${uri}`);
  }
}

// ---------------------------------------------------------------------------

/** Parses `text` as every kind of file and asserts every range of every model lies inside it. */
async function parseEveryWay(text: string): Promise<void> {
  const service = getFirewallService({ fileSystem: { readFile: async () => Promise.reject(new Error('no such file')) } });
  const manifest = service.parseManifest({ uri: 'file:///fuzz/x.bexnet.yaml', text });
  for (const [where, range] of manifestRanges(manifest)) assertOffsetRange(text, `manifest ${where}`, range);
  for (const uri of ['file:///fuzz/x.fwrules.yaml', 'file:///fuzz/x.cmd', 'file:///fuzz/x.ps1', 'file:///fuzz/x.iptables', 'file:///fuzz/user.rules', 'file:///fuzz/x.nft', 'file:///fuzz/x.zone.xml']) {
    const model = service.parseRuleFile({ uri, text });
    for (const [where, range] of ruleFileRanges(model)) assertOffsetRange(text, `${uri} ${where}`, range);
    assertReportInside(service.checkRuleFile({ uri, text }), (u) => (u === uri ? text : undefined));
  }
  // No rule file can be read, so only the manifest is checked.
  const manifestUri = 'file:///fuzz/x.bexnet.yaml';
  assertReportInside(await service.checkManifest({ uri: manifestUri, text }), (u) => (u === manifestUri ? text : undefined));
}

/** A mutated copy of a fixture set: a list of (file index, mutations) applied in order. */
const mutatedSet = (mutations: fc.Arbitrary<Mutation>, maxFiles: number) =>
  fc
    .tuple(fc.nat({ max: SETS.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.array(mutations, { minLength: 1, maxLength: 5 })), { minLength: 1, maxLength: maxFiles }))
    .map(([index, edits]) => {
      const set = SETS[index];
      const names = Object.keys(set.files);
      const files = { ...set.files };
      for (const [file, ms] of edits) {
        const name = names[file % names.length];
        files[name] = mutateAll(files[name], ms);
      }
      return { label: set.label, manifest: set.manifest, files } satisfies FixtureSet;
    });

/** The quick-fixes of the first diagnostic of `code` in file `name` of a one-firewall site whose `host` firewall is that file. */
async function firstFixes(name: string, text: string, code: string, host = 'be01') {
  const set: FixtureSet = { label: name, manifest: 'host.bexnet.yaml', files: { 'host.bexnet.yaml': hostManifest(name, host), [name]: text } };
  const { service, report } = await checkFiles(set.files, set.manifest);
  const diagnostic = (report.diagnostics.get(uriOf(name)) ?? []).find((d) => d.code === code);
  assert.ok(diagnostic, `a ${code} in ${name}`);
  return { set, report, diagnostic, fixes: service.getQuickFixes(report, diagnostic) };
}

/** "Add rule" only adds: every fix offered keeps every line of the file; returns how many were offered. */
async function assertAddRuleKeepsEverything(name: string, text: string, host = 'be01'): Promise<number> {
  const { set, report, fixes } = await firstFixes(name, text, 'BEX100', host);
  for (const fix of fixes) {
    const after = applyEdits(text, fix.changes[uriOf(name)] ?? []);
    const kept = linesOf(after);
    for (const line of linesOf(text).filter((l) => l.trim() !== '')) {
      assert.ok(kept.includes(line), `${fix.title}: line ${JSON.stringify(line)} is kept; fixed text:\n${after}`);
    }
    await assertFixApplies(set, report, fix, fix.title);
  }
  return fixes.length;
}

const RULE_A = (indent: string) => `${indent}- name: a\n${indent}  action: allow\n${indent}  from: [sql01]\n${indent}  to: [be01]\n${indent}  ports: [6101]\n`;

describe('minimal inputs of the failures the properties found', () => {
  // A file with a BEX001 gets no fix that edits it: where the edit would land is not known.
  it('Add rule is not offered, so cannot replace it, when "rules:" is a mapping (valid YAML, a BEX001)', async () => {
    assert.equal(await assertAddRuleKeepsEverything('be01.fwrules.yaml', 'version: 1\nrules:\n  # keep me\n  name: x\n  action: allow\n'), 0);
    assert.equal(await assertAddRuleKeepsEverything('be01.fwrules.yaml', 'version: 1\nrules: { name: x }  # keep\n# keep too\n'), 0);
  });

  it('Add rule is not offered, so cannot drop rules, when one stray character turns the list into something else', async () => {
    assert.equal(await assertAddRuleKeepsEverything('be01.fwrules.yaml', `version: 1\nrules:\n  # c\n${RULE_A(' \u0000 ').replace(/\n(?=.)/g, '\n   ')}`), 0);
  });

  it('Add rule writes below "rules:", not above "version:", when the YAML is broken', async () => {
    const text = '# fw\nversion: 1\n  - name: a\nrules:\n    action: allow\n';
    const { fixes } = await firstFixes('be01.fwrules.yaml', text, 'BEX100');
    for (const fix of fixes) {
      for (const edit of fix.changes[uriOf('be01.fwrules.yaml')]) assert.ok(edit.range.start.line >= 3, `${fix.title} edits line ${edit.range.start.line + 1}, above "rules:"`);
    }
  });

  it('Add rule after a last command that continues (backtick, trailing comma, ^) does not join it', async () => {
    const ps = "New-NetFirewallRule -DisplayName 'A' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 6101 -RemoteAddress 10.0.2.20";
    // The new command would join the last one: no fix, rather than a broken script.
    assert.equal(await assertAddRuleKeepsEverything('be01.ps1', `${ps} \`\n`), 0);
    assert.equal(await assertAddRuleKeepsEverything('be01.ps1', `${ps},\n`), 0);
    assert.equal(await assertAddRuleKeepsEverything('be01.cmd', 'netsh advfirewall firewall add rule name="A" dir=in action=allow protocol=TCP localport=6101 remoteip=10.0.2.20 ^\n'), 0);
    assert.equal(await assertAddRuleKeepsEverything('be01.ps1', `${ps}\n`), 1, 'a script that ends cleanly gets the fix');
  });

  // With anchors the file is parsed whole; each alias is one lookup, not a search of the document (the yaml package's toJS).
  it('a rule file whose 1,000 rules share one YAML anchor is checked in under 2 s, with no problem reported', async () => {
    const rules = Array.from({ length: 1000 }, (_, i) => `  - name: rule ${i}\n    action: allow\n    protocol: tcp\n    from: *servers\n    to: [be01]\n    ports: [${1025 + i}]\n`);
    const text = `version: 1\nx-servers: &servers [sql01]\nrules:\n${rules.join('')}`;
    const started = Date.now();
    const { report } = await checkFiles({ 'host.bexnet.yaml': hostManifest('be01.fwrules.yaml', 'be01'), 'be01.fwrules.yaml': text }, 'host.bexnet.yaml');
    const ms = Date.now() - started;
    assert.ok(ms < 2000, `checked in ${ms} ms (${text.length} characters)`);
    assert.deepEqual(report.ruleFiles[0].problems, []);
    assert.deepEqual(report.ruleFiles[0].rules[999].sources, ['sql01']);
  });

  it('"Disable BEXnnn for this line" on a continuation line of a script keeps the command whole', async () => {
    const cases: [string, string][] = [
      ['be01.ps1', "New-NetFirewallRule -DisplayName 'BE' `\n    -Direction Inbound -Action Allow -Protocol TCP `\n    -LocalPort 6101,70000 -RemoteAddress 10.0.2.20\n"],
      ['be01.cmd', 'netsh advfirewall firewall add rule name="BE" dir=in action=allow ^\n    protocol=TCP localport=6101,70000 remoteip=10.0.2.20\n'],
    ];
    for (const [name, text] of cases) {
      const { set, report, diagnostic } = await firstFixes(name, text, 'BEX200');
      assert.ok(diagnostic.range.start.line > 0, 'the diagnostic is on a continuation line');
      await assertFixApplies(set, report, getSuppressionFix(uriOf(name), text, diagnostic)!, `${name}: Disable BEX200`);
    }
  });
});

describe('robustness properties (fast-check, seed 42)', () => {
  it('the corpus is there: examples, check fixtures and script fixtures', () => {
    assert.ok(CORPUS.length >= 100, `${CORPUS.length} corpus files`);
    assert.ok(SETS.length >= 60, `${SETS.length} fixture sets`);
    for (const set of SETS) assert.ok(set.files[set.manifest], `${set.label}: its manifest is in the set`);
  });

  it('every parser (manifest, YAML rules, netsh, PowerShell, iptables-save, ufw, nftables, firewalld) takes random and mutated text without throwing, and every range lies inside the document', async () => {
    await fc.assert(fc.asyncProperty(fuzzText, parseEveryWay), { seed: SEED, numRuns: 3000 });
  });

  it('the corpus files themselves, parsed every way, have their ranges inside', async () => {
    for (const { name, text } of CORPUS) await parseEveryWay(text).catch((error: Error) => assert.fail(`${name}: ${error.message}`));
  });

  it('the whole engine checks mutated manifest + rule-file pairs without throwing, each diagnostic inside its file', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedSet(mutation, 3), async ({ manifest, files }) => {
        const { service, report } = await checkFiles(files, manifest);
        assertReportInside(report, inSet(files));
        for (const name of Object.keys(files).filter((n) => n !== manifest)) {
          assertReportInside(service.checkRuleFile({ uri: uriOf(name), text: files[name] }), inSet(files));
        }
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('every quick-fix of every original fixture set applies cleanly: edits in place, comments kept, no new BEX001', async () => {
    let applied = 0;
    for (const set of SETS) applied += await assertEveryFix(set);
    assert.ok(applied >= 20, `${applied} engine quick-fixes applied`);
  });

  it('every quick-fix of mutated fixture sets applies cleanly', async () => {
    let applied = 0;
    await fc.assert(
      fc.asyncProperty(mutatedSet(fc.oneof({ weight: 3, arbitrary: gentleMutation }, { weight: 1, arbitrary: mutation }), 2), async (set) => {
        applied += await assertEveryFix(set);
      }),
      { seed: SEED, numRuns: 400 },
    );
    // Most mutations break the YAML, and a file with a BEX001 gets no fix: enough must still be offered for the property to mean something.
    assert.ok(applied >= 200, `${applied} engine quick-fixes applied to mutated sets`);
  });

  it('"fix all BEX1xx" of original and mutated fixture sets applies cleanly', async () => {
    for (const set of SETS) await assertFixAll(set);
    await fc.assert(
      fc.asyncProperty(mutatedSet(gentleMutation, 2), assertFixAll),
      { seed: SEED, numRuns: 150 },
    );
  });
});

