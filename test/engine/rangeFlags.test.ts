import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doComplete, doHover, manifestSymbols } from '../../server/src/engine';
import { getDefaultCatalog } from '../../server/src/engine/catalog/catalog';
import { deriveRequiredFlows } from '../../server/src/engine/flows/requiredFlows';
import type { ManifestModel } from '../../server/src/engine/model/types';
import { parseManifest } from '../../server/src/engine/parse/manifestParser';
import { checkFiles, codesOf, uriOf } from '../support/engine';

/**
 * One flag per dynamic range (TN255831): the older shared `enabled` and the
 * { enabled, range } form mean the same, each range counts only when its own
 * flag is on, and malformed settings give BEX001 with nothing built on them.
 */

const site = (dynamicPorts: string) => `version: 1
settings:
  dynamicPorts:
${dynamicPorts}
hosts:
  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }
  - { name: sql01, role: remote-computer, address: 10.0.2.20 }
`;

const parse = (text: string): ManifestModel => parseManifest({ uri: uriOf('site.bexnet.yaml'), text });

/** Each required flow as "service: from -> to ports", without positions. */
function flows(manifest: ManifestModel): string[] {
  return deriveRequiredFlows(manifest, getDefaultCatalog())
    .map((f) => `${f.service.id}: ${f.from.name.value} -> ${f.to.name.value} ${f.ports}`)
    .sort();
}

const CONTROL = 'remote-agent-control: be01 -> sql01 10000';
const BROWSER = 'agent-browser: sql01 -> be01 6101';
const AGENT_RANGE = 'remote-agent-data: be01 -> sql01 50100-50149';
const ALL_DYNAMIC_PORTS = 'remote-agent-data: be01 -> sql01 1025-65535';
const SERVER_RANGE = 'server-dynamic-range: sql01 -> be01 50000-50049';

describe('one enabled flag per dynamic range', () => {
  it('the older shared flag and one flag per range (flow and block style) give the same required flows', () => {
    const older = parse(site('    enabled: true\n    server: 50000-50049\n    agent: 50100-50149'));
    const flowStyle = parse(site('    server: { enabled: true, range: 50000-50049 }\n    agent: { enabled: true, range: 50100-50149 }'));
    const blockStyle = parse(site('    server:\n      enabled: true\n      range: 50000-50049\n    agent:\n      enabled: true\n      range: 50100-50149'));
    for (const model of [older, flowStyle, blockStyle]) assert.deepStrictEqual(model.problems, []);
    assert.deepStrictEqual(flows(older), [BROWSER, CONTROL, AGENT_RANGE, SERVER_RANGE].sort());
    assert.deepStrictEqual(flows(flowStyle), flows(older));
    assert.deepStrictEqual(flows(blockStyle), flows(older));
  });

  it('server on, agent off: the server range flow, and data to the agent on all of 1025-65535', () => {
    const model = parse(site('    server: { enabled: true, range: 50000-50049 }\n    agent: { enabled: false, range: 50100-50149 }'));
    assert.deepStrictEqual(flows(model), [BROWSER, CONTROL, ALL_DYNAMIC_PORTS, SERVER_RANGE].sort());
  });

  it('server off, agent on: the agent range, and no server range flow', () => {
    const model = parse(site('    server: { enabled: false, range: 50000-50049 }\n    agent: { enabled: true, range: 50100-50149 }'));
    assert.deepStrictEqual(flows(model), [BROWSER, CONTROL, AGENT_RANGE].sort());
  });

  it('a range written as text without a shared flag is off; a range with its own flag ignores the shared one', () => {
    assert.deepStrictEqual(flows(parse(site('    server: 50000-50049\n    agent: 50100-50149'))), [BROWSER, CONTROL, ALL_DYNAMIC_PORTS].sort());
    const mixed = parse(site('    enabled: false\n    server: 50000-50049\n    agent: { enabled: true, range: 50100-50149 }'));
    assert.deepStrictEqual(flows(mixed), [BROWSER, CONTROL, AGENT_RANGE].sort());
  });

  it('each range\'s text range is its range scalar in every form, and its flag is where its flag is written', () => {
    const text = site('    enabled: true\n    server: 50000-50049\n    agent:\n      enabled: false\n      range: 50100-50149');
    const { settings } = parse(text);
    const at = (range: readonly [number, number] | undefined) => (range ? text.slice(range[0], range[1]) : undefined);
    assert.equal(at(settings.serverRange?.text.range), '50000-50049');
    assert.equal(at(settings.agentRange?.text.range), '50100-50149');
    assert.equal(settings.serverRange?.enabled, settings.sharedEnabled, 'a range written as text has the shared flag');
    assert.equal(settings.serverRange?.ownFlag, false);
    assert.equal(settings.agentRange?.ownFlag, true);
    assert.equal(text.indexOf('enabled: false') + 'enabled: '.length, settings.agentRange?.enabled?.range[0]);
    assert.equal(at(settings.sharedEnabled?.entryRange), 'enabled: true');
    assert.equal(settings.sharedEnabled?.inBlockMapping, true);
  });

  describe('schema', () => {
    it('accepts both forms, each alone or mixed, and no longer requires the shared flag', () => {
      for (const dynamicPorts of [
        '    enabled: true\n    server: 50000-50049\n    agent: 50100-50149',
        '    server: { enabled: true, range: 50000-50049 }\n    agent: { enabled: false, range: 50100-50149 }',
        '    agent:\n      enabled: true\n      range: " 50100 - 50149 "',
        '    server: 50000-50049',
        '    enabled: true\n    server: 50000-50049\n    agent: { enabled: true, range: 50100-50149 }',
      ]) {
        assert.deepStrictEqual(parse(site(dynamicPorts)).problems, [], dynamicPorts);
      }
    });

    it('rejects { range } without enabled, at the mapping, saying what a range looks like', () => {
      const text = site('    server: { range: 50000-50049 }');
      const [problem, ...others] = parse(text).problems;
      assert.deepStrictEqual(others, []);
      assert.equal(text.slice(problem.range[0], problem.range[1]), '{ range: 50000-50049 }');
      assert.match(problem.message, /^settings\.dynamicPorts\.server: expected \{ enabled: true or false, range: low-high \} \(or the older text low-high, which the shared enabled turns on\); found a mapping$/);
    });

    it('rejects an unknown key inside a range and a range without its range', () => {
      assert.match(parse(site('    agent: { enabled: true, range: 50100-50149, ports: 3 }')).problems[0].message, /^settings\.dynamicPorts\.agent/);
      assert.match(parse(site('    agent: { enabled: true }')).problems[0].message, /^settings\.dynamicPorts\.agent/);
    });
  });

  describe('in the editor', () => {
    const complete = (text: string, after: string) =>
      doComplete({ catalog: getDefaultCatalog(), file: { kind: 'manifest', model: parse(text) }, offset: text.indexOf(after) + after.length });

    it('completes enabled and range inside a range, and documents server and agent with their settings', () => {
      assert.deepStrictEqual(complete(site('    server:\n      ra'), '      ra').map((e) => e.label), ['enabled', 'range']);
      const keys = complete(site('    ag'), '    ag');
      assert.match(keys.find((e) => e.label === 'server')?.documentation ?? '', /"Enable media server TCP dynamic port range" \(TN255831\)/);
      assert.match(keys.find((e) => e.label === 'agent')?.documentation ?? '', /"Enable remote agent TCP dynamic port range" \(TN255831\)/);
    });

    it('hovers a range\'s own flag and the shared one; the outline says which range is off', () => {
      const text = site('    enabled: true\n    server: 50000-50049\n    agent: { enabled: false, range: 50100-50149 }');
      const model = parse(text);
      const hover = (needle: string) => doHover({ catalog: getDefaultCatalog(), file: { kind: 'manifest', model }, offset: text.indexOf(needle) + 1 });
      for (const needle of ['true', 'false']) {
        const result = hover(needle);
        assert.ok(result?.markdown.includes('TN255831'), needle);
        assert.equal(text.slice(result!.range[0], result!.range[1]), needle);
      }
      const settings = manifestSymbols(model).find((s) => s.name === 'settings')!.children!;
      assert.deepStrictEqual(settings.map((s) => [s.name, s.detail]), [['server range', '50000-50049'], ['agent range', '50100-50149 (off)']]);
    });
  });

  describe('bad input gives BEX001 and nothing built on it', () => {
    const cases: Record<string, string> = {
      'server: { range: 5 }': '    server: { range: 5 }\n    agent: { enabled: true, range: 50100-50149 }',
      'server: [1, 2]': '    server: [1, 2]\n    agent: { enabled: true, range: 50100-50149 }',
      'enabled: "yes"': '    enabled: "yes"\n    server: 50000-50049\n    agent: { enabled: true, range: 50100-50149 }',
      'server: { enabled: "yes", range: … }': '    server: { enabled: "yes", range: 50000-50049 }\n    agent: { enabled: true, range: 50100-50149 }',
      'server: { enabled: true, range: [50000] }': '    server: { enabled: true, range: [50000] }\n    agent: { enabled: true, range: 50100-50149 }',
      'server: { enabled: true, range: 50000 }': '    server: { enabled: true, range: 50000 }\n    agent: { enabled: true, range: 50100-50149 }',
    };
    for (const [label, dynamicPorts] of Object.entries(cases)) {
      it(label, async () => {
        const text = site(dynamicPorts);
        const { report } = await checkFiles({ 'site.bexnet.yaml': text }, 'site.bexnet.yaml');
        assert.ok(codesOf(report, 'site.bexnet.yaml').includes('BEX001'), codesOf(report).join(','));
        // The well-formed agent range stands; the malformed server range yields no flow.
        assert.deepStrictEqual(flows(report.manifest!), [BROWSER, CONTROL, AGENT_RANGE].sort());
        assert.equal(report.manifest!.settings.sharedEnabled, undefined);
      });
    }
  });
});
