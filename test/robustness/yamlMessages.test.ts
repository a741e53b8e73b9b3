import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ErrorObject } from 'ajv';
import type { ErrorCode } from 'yaml';
import manifestSchema from '../../schemas/bexnet.schema.json';
import ruleFileSchema from '../../schemas/fwrules.schema.json';
import { describeError } from '../../server/src/engine/parse/schemaMessages';
import { MAX_NESTING, YAML_ERROR_CODES, yamlErrorMessage } from '../../server/src/engine/parse/yamlSupport';
import { range, textAt } from '../support/checkFixtures';
import { memoryService, summary, uriOf } from '../support/engine';

/** The messages of a rule file checked on its own. */
function messagesOf(text: string): { code: string; message: string }[] {
  const report = memoryService({}).checkRuleFile({ uri: uriOf('x.fwrules.yaml'), text });
  return (report.diagnostics.get(uriOf('x.fwrules.yaml')) ?? []).map((d) => ({ code: String(d.code), message: String(d.message) }));
}

/** An input that makes the yaml package raise each code it can raise with our options, and a word of the sentence we say for it. */
const RAISED: Partial<Record<ErrorCode, { text: string; says: RegExp }>> = {
  ALIAS_PROPS: { text: 'a: &x 1\nb: !!str *x\n', says: /an alias \(\*name\) cannot have an anchor/ },
  BAD_ALIAS: { text: 'a: * \nb: 1\n', says: /needs a name/ },
  BAD_DQ_ESCAPE: { text: 'a: "C:\\q"\n', says: /backslash that starts no valid escape.*\(Invalid escape sequence \\q\)/ },
  BAD_INDENT: { text: 'a: [1, 2\n', says: /indentation does not line up/ },
  BAD_SCALAR_START: { text: 'a: @x\n', says: /cannot start with this character; put the value in quotes \(Plain value cannot start with reserved character @\)/ },
  BLOCK_AS_IMPLICIT_KEY: { text: 'a: b: c\n', says: /followed by another "key:" on the same line/ },
  BLOCK_IN_FLOW: { text: 'a: [\n  - 1\n]\n', says: /inside \[ \] or \{ \} items are separated by commas/ },
  DUPLICATE_KEY: { text: 'a: 1\na: 2\n', says: /^YAML: "a" is written a second time in this mapping; befw reads the first one and ignores this one: keep one$/ },
  KEY_OVER_1024_CHARS: { text: `${'x'.repeat(1100)}: 1\n`, says: /longer than 1,024 characters/ },
  MISSING_CHAR: { text: 'a: "x\n', says: /a character the YAML syntax needs is missing \(Missing closing "quote\)/ },
  MULTILINE_IMPLICIT_KEY: { text: 'a\nb: 1\n', says: /a key runs over more than one line/ },
  MULTIPLE_ANCHORS: { text: 'a: &x &y 1\n', says: /only one anchor/ },
  MULTIPLE_DOCS: { text: 'a: 1\n---\nb: 2\n', says: /more than one YAML document \(a "---" line starts another\)/ },
  MULTIPLE_TAGS: { text: 'a: !!str !!str 1\n', says: /only one tag/ },
  TAB_AS_INDENT: { text: 'a:\n\t- 1\n', says: /a tab is used for indentation/ },
  UNEXPECTED_TOKEN: { text: 'a: 1\n]\n', says: /^YAML: "\]" is not where the YAML syntax expects it; check the indentation, commas and brackets around it$/ },
};

/** Library words that must never reach a person. */
const LIBRARY_WORDS = /parseAllDocuments|Maximum call stack|Invalid string length|YAML\.|token in YAML stream/;

describe('yaml errors in words for a person', () => {
  for (const [code, { text, says }] of Object.entries(RAISED)) {
    it(`${code}: one BEX001 in our words`, () => {
      const messages = messagesOf(text).filter((m) => m.code === 'BEX001' && m.message.startsWith('YAML: '));
      assert.ok(messages.some((m) => says.test(m.message)), JSON.stringify(messages));
      assert.ok(messages.every((m) => !LIBRARY_WORDS.test(m.message)), JSON.stringify(messages));
    });
  }

  it('every code of the yaml package has a sentence, the ones no input here raises included', () => {
    const untested = YAML_ERROR_CODES.filter((code) => !(code in RAISED));
    assert.deepStrictEqual(untested.sort(), ['BAD_COLLECTION_TYPE', 'BAD_DIRECTIVE', 'BAD_PROP_ORDER', 'IMPOSSIBLE', 'NON_STRING_KEY', 'RESOURCE_EXHAUSTION', 'TAG_RESOLVE_FAILED']);
    for (const code of untested) {
      const message = yamlErrorMessage(code, 'Maximum call stack size exceeded', '');
      assert.match(message, /^YAML: [a-z]/);
      assert.ok(message.length < 250, message);
    }
    assert.match(yamlErrorMessage('RESOURCE_EXHAUSTION', 'Invalid string length', '[[[['), /^YAML: the YAML reader ran out of room for this file .*; befw cannot read it$/);
    assert.equal(yamlErrorMessage('IMPOSSIBLE', 'Map comment with trailing content', '#'), 'YAML: the YAML reader met a construct it cannot place here (Map comment with trailing content)');
    assert.doesNotMatch(yamlErrorMessage('MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()', '---'), LIBRARY_WORDS);
  });

  it('a second document is reported once, at its first line, not over the whole of it', () => {
    const text = 'version: 1\nrules: []\n---\nversion: 1\nrules: []\n';
    const report = memoryService({}).checkRuleFile({ uri: uriOf('x.fwrules.yaml'), text });
    const [diagnostic] = report.diagnostics.get(uriOf('x.fwrules.yaml'))!;
    assert.deepStrictEqual(summary(report), ['x.fwrules.yaml:3 BEX001']);
    assert.deepStrictEqual(diagnostic.range, range(2, 0, 2, 3));
    assert.equal(textAt({ 'x.fwrules.yaml': text }, 'x.fwrules.yaml', diagnostic.range), '---');
  });

  it('the library\'s own words, where kept, are an excerpt: a 10,000-character token is not quoted whole', () => {
    const token = 'x'.repeat(10_000);
    for (const message of [yamlErrorMessage('UNEXPECTED_TOKEN', `Unexpected scalar token in YAML stream: "${token}"`, token), yamlErrorMessage('MISSING_CHAR', `Missing ${token}`, token)]) {
      assert.ok(message.length < 250, `${message.length} characters`);
      assert.match(message, /x…[")]/);
    }
  });
});

describe('lists and mappings nested too deeply', () => {
  const cases: Record<string, string> = {
    'flow lists': `${'['.repeat(5000)}${']'.repeat(5000)}\n`,
    'flow mappings': `${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`,
    'block mappings': Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}a:\n`).join(''),
    'compact block lists': `${'- '.repeat(1000)}x\n`,
  };
  for (const [label, text] of Object.entries(cases)) {
    it(`${label}: one BEX001 that says so, where the limit is passed`, () => {
      const messages = messagesOf(text);
      // Texts of 16 KB or more meet the first pass (yamlPrescan) before the nesting guard: either says it, once.
      const deep = messages.filter((m) => /nest more than 100 levels deep here; befw reads no deeper|too broken to check as YAML/.test(m.message));
      assert.equal(deep.length, 1, JSON.stringify(messages));
      assert.ok(messages.every((m) => !LIBRARY_WORDS.test(m.message)), JSON.stringify(messages));
    });
  }

  it(`${MAX_NESTING} levels are not refused, nor brackets inside quotes and comments`, () => {
    const nested = `version: 1\nx-deep: ${'['.repeat(MAX_NESTING - 1)}${']'.repeat(MAX_NESTING - 1)}\nrules: []\n`;
    assert.deepStrictEqual(messagesOf(nested), []);
    const quoted = `version: 1\ndescription: "${'['.repeat(500)}" # ${'{'.repeat(500)}\nx-note: '${'{'.repeat(500)}'\nrules: []\n`;
    assert.deepStrictEqual(messagesOf(quoted), []);
  });

  it('a deep document after a file that parsed "&x - 1" does not bring the process down (V8 fatal error in the yaml package)', () => {
    const engine = join(__dirname, '..', '..', 'server', 'src', 'engine', 'index.js');
    const script = `
      const { getFirewallService } = require(${JSON.stringify(engine)});
      const service = getFirewallService({ fileSystem: { readFile: async () => '' } });
      service.checkRuleFile({ uri: 'file:///a.fwrules.yaml', text: '&x - 1\\n' });
      const report = service.checkRuleFile({ uri: 'file:///b.fwrules.yaml', text: '['.repeat(20000) + ']'.repeat(20000) });
      process.stdout.write(String(report.diagnostics.get('file:///b.fwrules.yaml').length));`;
    assert.equal(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), '1');
  });
});

describe('one message per bad value', () => {
  it('ports: [true, 10000] is one BEX001 at true, and no BEX200 for the same token', () => {
    const text = 'version: 1\nrules:\n  - { name: a, action: allow, protocol: tcp, from: any, to: any, ports: [true, 10000] }\n';
    const report = memoryService({}).checkRuleFile({ uri: uriOf('x.fwrules.yaml'), text });
    const diagnostics = report.diagnostics.get(uriOf('x.fwrules.yaml'))!;
    assert.deepStrictEqual(diagnostics.map((d) => [d.code, d.message]), [['BEX001', 'rules[0].ports[0]: expected a port (10000), a range such as 50100-50149, or any; found true']]);
    assert.equal(textAt({ 'x.fwrules.yaml': text }, 'x.fwrules.yaml', diagnostics[0].range), 'true');
    assert.equal(report.ruleFiles[0].rules[0].ports.toString(), '10000');
  });

  it('a port of the wrong type (.inf, 10000.5, a mapping) is BEX001; a whole number or text that is no port is BEX200', () => {
    const rule = (ports: string) => `version: 1\nrules:\n  - { name: a, action: allow, protocol: tcp, from: any, to: any, ports: [${ports}] }\n`;
    for (const [ports, code] of [['.inf', 'BEX001'], ['10000.5', 'BEX001'], ['{ p: 1 }', 'BEX001'], ['70000', 'BEX200'], ['banana', 'BEX200'], ['"50149-50100"', 'BEX200']]) {
      assert.deepStrictEqual(messagesOf(rule(ports)).map((m) => m.code), [code], ports);
    }
  });

  it('every keyword of both schemas has its own wording (none falls through to ajv\'s message)', () => {
    const keywords = new Set<string>();
    const walk = (schema: unknown): void => {
      if (Array.isArray(schema)) return schema.forEach(walk);
      if (!schema || typeof schema !== 'object') return;
      for (const [key, value] of Object.entries(schema)) {
        if (['properties', 'definitions', 'patternProperties'].includes(key)) Object.values(value as object).forEach(walk);
        else {
          keywords.add(key);
          walk(value);
        }
      }
    };
    walk(manifestSchema);
    walk(ruleFileSchema);
    const annotations = ['$schema', '$id', '$ref', 'title', 'description', 'x-message', 'properties', 'definitions', 'patternProperties', 'items'];
    const validating = [...keywords].filter((k) => !annotations.includes(k)).sort();
    assert.ok(validating.length >= 14, validating.join(', '));
    for (const keyword of validating) {
      const params = { limit: 1, type: 'integer', allowedValues: ['a'], allowedValue: 1, missingProperty: 'k', additionalProperty: 'k', i: 0, j: 1 };
      const error = { keyword, params, message: 'AJV WORDING', instancePath: '', schemaPath: '', parentSchema: {}, data: 1 } as unknown as ErrorObject;
      assert.doesNotMatch(describeError(error, '1'), /AJV WORDING/, keyword);
    }
  });
});
