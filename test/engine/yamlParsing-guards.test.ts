import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseYaml } from '../../server/src/engine/parse/yamlSupport';
import { checkFiles, memoryService, uriOf } from '../support/engine';
import { assertDiagnostic, range, theDiagnostic } from '../support/checkFixtures';

/** What the YAML layer under both file kinds says at its limits, and where. */
const RULE = (name: string, to: string, ports: string) => `  - { name: ${name}, action: allow, protocol: tcp, from: [be01], to: [${to}], ports: ${ports} }\n`;

describe('YAML parsing guards', () => {
  it('100 YAML errors are each reported; from the 101st on they are only counted, in one last problem', () => {
    // Each line holding a lone "]" is one YAML error.
    const hundred = parseYaml(']\n'.repeat(100)).problems;
    assert.equal(hundred.length, 100);
    assert.ok(hundred.every((p) => p.message === 'YAML: "]" is not where the YAML syntax expects it; check the indentation, commas and brackets around it'));
    const more = parseYaml(']\n'.repeat(101)).problems;
    assert.equal(more.length, 101);
    assert.deepStrictEqual(more[100], { message: 'YAML: 1 more errors after these', range: [200, 201] });
  });

  it('an alias means the latest anchor of its name defined before it, not the first', () => {
    const text = ['version: 1', 'rules:', ''].join('\n') + RULE('Old control port', 'sql01', '&ports [10001]') + RULE('BE control to sql01', 'sql01', '&ports [10000]') + RULE('BE control to ora01', 'ora01', '*ports');
    const model = memoryService({}).parseRuleFile({ uri: uriOf('dmz.fwrules.yaml'), text });
    assert.deepStrictEqual(model.problems, []);
    assert.deepStrictEqual(model.rules.map((r) => r.ports.toString()), ['10001', '10000', '10000']);
  });

  it('an alias of a single name (from: *server) is that one name', () => {
    const text = ['version: 1', 'x-server: &server be01', 'rules:', ''].join('\n') + '  - { name: BE control to sql01, action: allow, protocol: tcp, from: *server, to: [sql01], ports: [10000] }\n';
    const model = memoryService({}).parseRuleFile({ uri: uriOf('dmz.fwrules.yaml'), text });
    assert.deepStrictEqual(model.problems, []);
    assert.deepStrictEqual(model.rules[0].sources, ['be01']);
    assert.equal(model.rules[0].usable, true);
  });
});

describe('schema messages say what is wrong where', () => {
  const manifest = (settings: string) =>
    `version: 1\nsettings: { ${settings} }\nhosts:\n  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }\n`;

  for (const [setting, text, facts] of [
    ['concurrentJobs: 0', '0', 'settings.concurrentJobs: expected a whole number, at least 1; found 0'],
    ['ndmpPort: 70000', '70000', 'settings.ndmpPort: expected a whole number from 1 to 65535; found 70000'],
  ]) {
    it(`${setting}: "${facts}"`, async () => {
      const files = { 'site.bexnet.yaml': manifest(setting) };
      const { report } = await checkFiles(files, 'site.bexnet.yaml');
      const at = 'settings: { '.length + setting.indexOf(text);
      assertDiagnostic(files, 'site.bexnet.yaml', theDiagnostic(report, 'site.bexnet.yaml', 'BEX001'), { range: range(1, at, 1, at + text.length), text, facts: [facts] });
    });
  }

  it('an unknown key is reported at the key, not at its value', async () => {
    const files = { 'site.bexnet.yaml': manifest('concurentJobs: 4') };
    const { report } = await checkFiles(files, 'site.bexnet.yaml');
    assertDiagnostic(files, 'site.bexnet.yaml', theDiagnostic(report, 'site.bexnet.yaml', 'BEX001'), {
      range: range(1, 12, 1, 25),
      text: 'concurentJobs',
      facts: ['settings: unknown key "concurentJobs"; expected one of'],
    });
  });
});
