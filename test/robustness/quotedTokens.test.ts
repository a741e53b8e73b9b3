import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { isScalar, parseDocument, visit } from 'yaml';
import type { CheckReport, FirewallService } from '../../server/src/engine/service';
import { LOAD_ERROR_LENGTH } from '../../server/src/engine/checks/bex017RuleFileUnreadable';
import { EXCERPT_LENGTH, excerptList } from '../../server/src/engine/util/excerpt';
import { checkFiles, memoryService, uriOf, type FileSet } from '../support/engine';

/**
 * Whatever a file holds, what the engine says of it stays short: every token
 * a message quotes (a name, a value, a key, the library's words about it) is
 * an excerpt of at most EXCERPT_LENGTH characters. Checked on every fixture
 * set of the examples and of the check tests with their names, values and
 * keys made 10,000 (keys: 1,000, YAML's limit for a plain key) characters
 * long, and on random bytes. A BEX001 says one thing of one place: under
 * MAX_MESSAGE. A flow finding (BEX100-BEX104) may quote five names and a
 * note from the catalog (464 characters with short names in examples/site):
 * under MAX_TEXT, whatever the input.
 */

const MAX_MESSAGE = 400;
const MAX_TEXT = 1000;
const ROOT = join(__dirname, '..', '..', '..');

interface FixtureSet {
  readonly label: string;
  readonly manifest: string;
  readonly files: FileSet;
}

/** Each manifest under the examples and the check tests, with the YAML files beside it. */
function fixtureSets(): FixtureSet[] {
  const sets: FixtureSet[] = [];
  const visitFolder = (folder: string) => {
    const names = readdirSync(folder);
    for (const name of names) if (statSync(join(folder, name)).isDirectory()) visitFolder(join(folder, name));
    const yaml = names.filter((n) => n.endsWith('.yaml'));
    const files = Object.fromEntries(yaml.map((n) => [n, readFileSync(join(folder, n), 'utf8')]));
    for (const manifest of yaml.filter((n) => n.endsWith('.bexnet.yaml'))) sets.push({ label: relative(ROOT, join(folder, manifest)), manifest, files });
  };
  visitFolder(join(ROOT, 'examples'));
  visitFolder(join(ROOT, 'test', 'checks'));
  return sets;
}

const SETS = fixtureSets();

interface Text {
  readonly code: string;
  readonly text: string;
}

/** Every text a person reads of a report: messages, related messages, and the titles of the quick-fixes offered. */
function textsOf(service: FirewallService, report: CheckReport): Text[] {
  const diagnostics = [...report.diagnostics.values()].flat();
  return diagnostics.flatMap((d) =>
    [String(d.message), ...(d.relatedInformation ?? []).map((r) => r.message), ...service.getQuickFixes(report, d).map((f) => f.title)].map((text) => ({ code: String(d.code), text })),
  );
}

/** A run of one character longer than `length`: a long token (of x, 0 or spaces) quoted whole. */
const runLongerThan = (length: number) => new RegExp(`(.)\\1{${length}}`);
const WHOLE_TOKEN = runLongerThan(EXCERPT_LENGTH);
/** BEX017 quotes the reader's reason, which the test file system writes with the path in it. */
const WHOLE_REASON = runLongerThan(LOAD_ERROR_LENGTH);

function assertExcerpted(label: string, texts: readonly Text[]): void {
  for (const { code, text } of texts) {
    const limit = code === 'BEX001' ? MAX_MESSAGE : MAX_TEXT;
    assert.ok(text.length < limit, `${label}: a ${code} text of ${text.length} characters: ${text.slice(0, 300)}…`);
    assert.doesNotMatch(text, code === 'BEX017' ? WHOLE_REASON : WHOLE_TOKEN, `${label}: a ${code} text quotes a token whole: ${text.slice(0, 300)}…`);
  }
}

/** `files` with every scalar the yaml package finds (keys too when `keys`) replaced by `make(original)`. */
function replaceScalars(text: string, make: (original: string, isKey: boolean) => string | undefined): string {
  const edits: { from: number; to: number; text: string }[] = [];
  visit(parseDocument(text), {
    Pair: (_, pair) => {
      for (const [node, isKey] of [[pair.key, true], [pair.value, false]] as const) {
        if (!isScalar(node) || !node.range) continue;
        const replacement = make(text.slice(node.range[0], node.range[1]), isKey);
        if (replacement !== undefined) edits.push({ from: node.range[0], to: node.range[1], text: replacement });
      }
    },
    Seq: (_, seq) => {
      for (const item of seq.items) {
        if (!isScalar(item) || !item.range) continue;
        const replacement = make(text.slice(item.range[0], item.range[1]), false);
        if (replacement !== undefined) edits.push({ from: item.range[0], to: item.range[1], text: replacement });
      }
    },
  });
  edits.sort((a, b) => b.from - a.from);
  return edits.reduce((result, edit) => result.slice(0, edit.from) + edit.text + result.slice(edit.to), text);
}

const long = (length: number) => 'x'.repeat(length);
const isFileName = (token: string) => /\.(yaml|ps1|cmd|bat|netsh)["']?$/.test(token);

/** The manifest's host and firewall names, each made 10,000 characters longer wherever it is written (rule names mentioning them too). */
function withLongNames(set: FixtureSet): FileSet {
  const names = new Set<string>();
  visit(parseDocument(set.files[set.manifest]), {
    Pair: (_, pair) => {
      if (isScalar(pair.key) && pair.key.value === 'name' && isScalar(pair.value) && typeof pair.value.value === 'string') names.add(pair.value.value);
    },
  });
  const pattern = new RegExp(`(?<![\\w.-])(${[...names].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\w.-])`, 'g');
  return Object.fromEntries(Object.entries(set.files).map(([name, text]) => [name, names.size > 0 ? text.replace(pattern, `$1${long(10_000)}`) : text]));
}

describe('every message quotes an excerpt of what it names', () => {
  it('the fixture sets are there', () => assert.ok(SETS.length >= 50, `${SETS.length} sets`));

  it('names of 10,000 characters (hosts, firewalls, the rules that mention them): every message, related message and fix title stays short', async () => {
    let quoted = 0;
    for (const set of SETS) {
      const files = withLongNames(set);
      const { service, report } = await checkFiles(files, set.manifest);
      const texts = textsOf(service, report);
      assertExcerpted(set.label, texts);
      quoted += texts.filter((t) => t.text.includes(`${long(40)}…`)).length;
    }
    assert.ok(quoted >= 100, `${quoted} texts quote a long name`);
  });

  it('every value made 10,000 characters long, in every file of every set', async () => {
    for (const set of SETS) {
      for (const name of Object.keys(set.files)) {
        const files = { ...set.files, [name]: replaceScalars(set.files[name], (original, isKey) => (isKey || isFileName(original) ? undefined : long(10_000))) };
        const { service, report } = await checkFiles(files, set.manifest);
        assertExcerpted(`${set.label}, values of ${name}`, textsOf(service, report));
      }
    }
  });

  it('every key made 1,000 characters long, and a 10,000-character explicit key', async () => {
    for (const set of SETS) {
      for (const name of Object.keys(set.files)) {
        const files = { ...set.files, [name]: replaceScalars(set.files[name], (original, isKey) => (isKey ? `${original}${long(1000 - original.length)}` : undefined)) };
        const { service, report } = await checkFiles(files, set.manifest);
        assertExcerpted(`${set.label}, keys of ${name}`, textsOf(service, report));
      }
    }
    const explicit = `version: 1\n? ${long(10_000)}\n: 1\nhosts: []\n`;
    const { service, report } = await checkFiles({ 'site.bexnet.yaml': explicit }, 'site.bexnet.yaml');
    const texts = textsOf(service, report);
    assert.ok(texts.some((t) => t.text.startsWith(`the document: unknown key "${long(79)}…"`)), JSON.stringify(texts));
    assertExcerpted('explicit key', texts);
  });

  it('settings and paths of 10,000 characters: ranges with leading zeros (BEX010-BEX013, BEX020, BEX021), rule paths that name no file or no readable one (BEX001, BEX017)', async () => {
    const zeros = '0'.repeat(10_000);
    const manifest = (dynamicPorts: string) => `version: 1
settings:
  concurrentJobs: 20
  dynamicPorts: ${dynamicPorts}
hosts:
  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }
  - { name: sql01, role: remote-computer, address: 10.0.2.20 }
firewalls:
  - { name: a, rules: ${long(10_000)}/, protects: [sql01] }
  - { name: b, rules: ${long(10_000)}.fwrules.yaml, protects: [sql01] }
`;
    const cases = {
      'BEX011, BEX012, BEX013, BEX020': manifest(`{ server: { enabled: true, range: ${zeros}1024-1100 }, agent: { enabled: true, range: ${zeros}1050-1060 } }`),
      BEX010: manifest(`{ server: { enabled: true, range: ${zeros}70000-80000 }, agent: { enabled: true, range: 50100-50149 } }`),
      BEX021: manifest(`{ enabled: true, server: ${zeros}50000-50049, agent: ${zeros}50100-50149 }`),
    };
    for (const [codes, text] of Object.entries(cases)) {
      const { service, report } = await checkFiles({ 'site.bexnet.yaml': text }, 'site.bexnet.yaml');
      const texts = textsOf(service, report);
      for (const code of [...codes.split(', '), 'BEX001', 'BEX017']) assert.ok(texts.some((t) => t.code === code), `${code} among ${texts.map((t) => t.code).join(', ')}`);
      assertExcerpted(codes, texts);
    }
  });

  it('a list of names is cut after five: 30 hosts are "be01, host0, host1, host2, host3 and 25 more" (BEX015, BEX205)', async () => {
    assert.equal(excerptList(['a', 'b', 'c', 'd', 'e']), 'a, b, c, d, e');
    assert.equal(excerptList(['a', 'b', 'c', 'd', 'e', long(100)]), `a, b, c, d, e and 1 more`);
    assert.equal(excerptList([long(100)]), `${long(79)}…`);
    const hosts = Array.from({ length: 29 }, (_, i) => `  - { name: host${i}, role: remote-computer, address: 10.0.2.${i + 1} }\n`).join('');
    const files = {
      'site.bexnet.yaml': `version: 1\nhosts:\n  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }\n${hosts}firewalls:\n  - { name: dmz, rules: dmz.fwrules.yaml, protects: [nobody] }\n`,
      'dmz.fwrules.yaml': 'version: 1\nrules:\n  - { name: a, action: allow, protocol: tcp, from: be01, to: ghost, ports: [10000] }\n',
    };
    const { service, report } = await checkFiles(files, 'site.bexnet.yaml');
    const texts = textsOf(service, report);
    assert.ok(texts.some((t) => t.code === 'BEX015' && t.text.includes('(known: be01, host0, host1, host2, host3 and 25 more)')), JSON.stringify(texts));
    assert.ok(texts.some((t) => t.code === 'BEX205' && t.text.includes('(be01, host0, host1, host2, host3 and 25 more)')), JSON.stringify(texts));
    assertExcerpted('30 hosts', texts);
  });

  for (const size of [64 * 1024, 1024 * 1024]) {
    it(`${size / 1024} KB of random bytes, as a manifest and as a rule file`, async () => {
      const text = randomBytes(size).toString('utf8');
      const { service, report } = await checkFiles({ 'site.bexnet.yaml': text }, 'site.bexnet.yaml');
      const rules = memoryService({});
      const texts = [...textsOf(service, report), ...textsOf(rules, rules.checkRuleFile({ uri: uriOf('x.fwrules.yaml'), text }))];
      assert.ok(texts.length > 0);
      for (const { code, text } of texts) assert.ok(text.length < MAX_MESSAGE, `a ${code} text of ${text.length} characters: ${JSON.stringify(text.slice(0, 300))}`);
    });
  }
});
