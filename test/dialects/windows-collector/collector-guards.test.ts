import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ErrorObject } from 'ajv';
import collectorSchema from '../../../schemas/windows-collector.schema.json';
import { parseInDialect } from '../../../server/src/engine/dialects/registry';
import { parseJson, valueOf } from '../../../server/src/engine/parse/jsonTree';
import { parseCollectorExport } from '../../../server/src/engine/dialects/windows-collector/parse';
import type { OffsetRange } from '../../../server/src/engine/model/types';
import { describeError } from '../../../server/src/engine/parse/schemaMessages';
import { sourceFolder } from '../../support/engine';

const read = (name: string) => readFileSync(join(sourceFolder(__dirname), name), 'utf8');
const at = (text: string, range: OffsetRange | undefined) => (range ? text.slice(range[0], range[1]) : undefined);
/** Each problem as [message, text under its range]. */
const problemsOf = (text: string) => parseCollectorExport(text).problems.map((p) => [p.message, at(text, p.range)]);

const HOW_TO_COLLECT = 'befw reads the JSON file its collector script writes on a Windows host (befw collect --host <name> <manifest>)';
/** A valid export around `rules`, a list written in JSON. */
const exportWith = (rules: string, more = '') =>
  `{"format": "befw-windows-firewall", "version": 1, "host": "SQL01", "manifestHost": "sql01", "collectedAt": "2026-03-02T09:41:07Z", "powershell": "7.4.6",${more} "connections": [], "profiles": [], "rules": ${rules}}`;
const NDMP = '{"name": "n", "displayName": "NDMP", "enabled": true, "direction": "Inbound", "action": "Allow", "profiles": ["Any"], "protocol": "TCP", "localPorts": ["10000"], "remotePorts": ["Any"], "localAddresses": ["Any"], "remoteAddresses": ["10.0.1.10"]}';

describe('befw collector exports that cannot be read as they are', () => {
  it('a cut-off export is one problem at its last character, and no rule', () => {
    const whole = read('sql01.befw-firewall.json');
    const inRule = whole.slice(0, whole.indexOf('"protocol":  "TCP"', whole.indexOf('RPC-EPMAP')) + '"protocol":  "TCP",'.length);
    const parsed = parseCollectorExport(inRule);
    assert.deepEqual(parsed.rules, []);
    assert.deepEqual(
      parsed.problems.map((p) => [p.message, p.range]),
      [['JSON: the file ends where a key should come. The export looks cut off: copy the whole file again, or run the collector script on the host again', [inRule.length - 1, inRule.length]]],
    );
    const inText = whole.slice(0, whole.indexOf('Bloquer SMB') + 'Bloquer'.length);
    assert.deepEqual(problemsOf(inText), [
      ['JSON: the file ends inside this text: its closing " is missing. The export looks cut off: copy the whole file again, or run the collector script on the host again', '"Bloquer'],
    ]);
    assert.deepEqual(problemsOf(`${whole.slice(0, whole.lastIndexOf(']'))}\r\n`).map(([message]) => message), [
      'JSON: the file ends where a ] closing a list should come. The export looks cut off: copy the whole file again, or run the collector script on the host again',
    ]);
  });

  it('a JSON file that is not a collector export says so, at its format, and is not read', () => {
    const raw = read('raw-cim-rules.json');
    assert.deepEqual(problemsOf(raw), [[`this is not a befw collector export: it holds a list, not an object with "format": "befw-windows-firewall"; ${HOW_TO_COLLECT}`, '[']]);
    const other = '{\n  "format": "netsh-show",\n  "rules": []\n}\n';
    assert.deepEqual(problemsOf(other), [[`this is not a befw collector export: its format is text "netsh-show", not "befw-windows-firewall"; ${HOW_TO_COLLECT}`, 'netsh-show']]);
    assert.deepEqual(problemsOf('{ "rules": [] }'), [[`this is not a befw collector export: it has no "format": "befw-windows-firewall"; ${HOW_TO_COLLECT}`, '{']]);
    assert.deepEqual(problemsOf(' \r\n\ufeff'.slice(3)), [[`the file is empty; ${HOW_TO_COLLECT}`, '']]);
    const newer = exportWith(`[${NDMP}]`).replace('"version": 1', '"version": 2');
    assert.deepEqual(problemsOf(newer), [['this collector export is version 2; this befw reads version 1: collect again with the script this befw writes (befw collect), or update befw', '2']]);
    assert.deepEqual(parseCollectorExport(newer).rules, []);
  });

  it('JSON syntax errors are named at their place, with what to write instead', () => {
    const cases: [string, string, string][] = [
      ['// befw-disable-next-line BEX100 -- reason\n{}', 'JSON: comments are not JSON: remove this one (befw-disable-next-line directives cannot be written in an export)', '// befw-disable-next-line BEX100 -- reason'],
      ['{"a": 1,}', 'JSON: a comma before } : JSON allows none after the last entry', '}'],
      ['["x",]', 'JSON: a comma before ] : JSON allows none after the last item', ']'],
      ["{'format': 1}", 'JSON: unexpected "\'": expected a key in double quotes', "'"],
      ['{"a": True}', 'JSON: True is not JSON: write true, in lower case', 'True'],
      ['{"a": "LocalSubnet\r\n}', 'JSON: this text has no closing " on its line', '"LocalSubnet'],
      ['{"a": "C:\\Program Files"}', 'JSON: \\P is not a JSON escape: JSON has \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\u followed by 4 hex digits', '\\P'],
      ['{"a": "\\u12G4"}', 'JSON: \\u12G4 is not a JSON escape: JSON has \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\u followed by 4 hex digits', '\\u12G4'],
      ['{"a": "tab\there"}', 'JSON: a control character (\\u0009) inside text: JSON writes it as an escape', '\t'],
      ['{"a": 010000}', 'JSON: "010000" is not a JSON number', '010000'],
      ['{"a" 1}', 'JSON: unexpected "1": expected ":" after the key "a"', '1'],
      ['{"a": 1 "b": 2}', 'JSON: unexpected """: expected a comma or } after the value of "a"', '"'],
      ['[1 2]', 'JSON: unexpected "2": expected a comma or ] after item 1', '2'],
      ['{"a": @(1)}', 'JSON: unexpected "@": expected a value (text in double quotes, a number, true, false, null, a list or an object)', '@'],
      ['{} {}', 'JSON: unexpected "{" after the end of the JSON document', '{'],
      [`${'['.repeat(65)}${']'.repeat(65)}`, 'JSON: lists and objects are nested more than 64 deep', '['],
    ];
    for (const [text, message, under] of cases) assert.deepEqual(problemsOf(text), [[message, under]], text);
  });

  it('a value against the schema is BEX001 at the value; its rule is reported and not counted, the other rules are', () => {
    const wrong = '{"name": "w", "displayName": "Backup Exec data", "enabled": "True", "direction": "In", "action": "Allow", "profiles": ["Domain", "Work"], "protocol": "TCP/UDP", "localPorts": [10000], "remotePorts": [], "localAddresses": "Any"}';
    const text = exportWith(`[${NDMP}, ${wrong}, "x"]`);
    const parsed = parseCollectorExport(text);
    assert.deepEqual(
      parsed.problems.map((p) => [p.message, at(text, p.range)]),
      [
        ['rules[1]: missing required key "remoteAddresses"', '{'],
        ['rules[1].enabled: expected true or false; found text "True"', 'True'],
        ['rules[1].direction: expected one of Inbound, Outbound; found text "In"', 'In'],
        ['rules[1].profiles[1]: expected one of Any, Domain, Private, Public; found text "Work"', 'Work'],
        ['rules[1].protocol: text "TCP/UDP" is not in the expected form (TCP, UDP, Any, ICMPv4, ICMPv6 or a protocol number 0-255, as Get-NetFirewallPortFilter writes it)', 'TCP/UDP'],
        ['rules[1].localPorts[0]: expected text; found 10000', '10000'],
        ['rules[1].remotePorts: must list at least 1 item(s)', '['],
        ['rules[2]: expected a rule: an object { }; found text "x"', 'x'],
      ],
    );
    assert.deepEqual(parsed.rules.map((rule) => [rule.name?.value, rule.uncertain]), [['NDMP', undefined], ['Backup Exec data', true]]);
    const model = parseInDialect({ uri: 'file:///site/x.befw-firewall.json', text });
    assert.deepEqual(model.rules.map((rule) => [rule.name, rule.usable, rule.ports.toString()]), [['NDMP', true, '10000'], ['Backup Exec data', false, '']]);
    // Nor is a predefined rule counted by its name when its values break the schema.
    const epmap = '{"name": "RemoteSvcAdmin-RPCSS-In-TCP", "displayName": "Remote Service Management (RPC-EPMAP)", "enabled": "True", "direction": "Inbound", "action": "Allow", "profiles": ["Any"], "protocol": "TCP", "localPorts": ["RPCEPMap"], "remotePorts": ["Any"], "localAddresses": ["Any"], "remoteAddresses": ["Any"]}';
    const predefined = parseInDialect({ uri: 'file:///site/x.befw-firewall.json', text: exportWith(`[${epmap}, ${epmap.replace('"True"', 'true')}]`) });
    assert.deepEqual(predefined.rules.map((rule) => [rule.windowsRuleNames, rule.usable]), [[[], false], [['Remote Service Management (RPC-EPMAP)'], true]]);
  });

  it('a profile or a connection against the schema is not read; the others are', () => {
    const profiles = '"profiles": [{"name": "Domain", "enabled": "yes", "defaultInboundAction": "Block", "defaultOutboundAction": "Allow"}, {"name": "Public", "enabled": false, "defaultInboundAction": "Allow", "defaultOutboundAction": "Block"}],';
    const connections = '"connections": [{"interfaceAlias": "Ethernet0", "networkCategory": "Domain"}],';
    const text = exportWith(`[${NDMP}]`, ` ${profiles} ${connections}`).replace(' "connections": [], "profiles": [],', '');
    const parsed = parseCollectorExport(text);
    assert.deepEqual(parsed.problems.map((p) => [p.message, at(text, p.range)]), [
      ['profiles[0].enabled: expected one of true, false, NotConfigured; found text "yes"', 'yes'],
      ['connections[0].networkCategory: expected one of DomainAuthenticated, Private, Public; found text "Domain"', 'Domain'],
    ]);
    assert.deepEqual(Object.keys(parsed.profileSettings!), ['public']);
    assert.deepEqual([parsed.profileSettings!.public!.enabled, parsed.profileSettings!.public!.inbound, parsed.profileSettings!.public!.outbound], [false, 'allow', 'block']);
    assert.equal(parsed.activeProfiles, undefined);
    assert.equal(parsed.rules.length, 1);
  });

  it('every keyword of the schema has its own wording (none falls through to ajv\'s message)', () => {
    const keywords = new Set<string>();
    const walk = (schema: unknown): void => {
      if (Array.isArray(schema)) return schema.forEach(walk);
      if (!schema || typeof schema !== 'object') return;
      for (const [key, value] of Object.entries(schema)) {
        if (['properties', 'definitions'].includes(key)) Object.values(value as object).forEach(walk);
        else {
          keywords.add(key);
          walk(value);
        }
      }
    };
    walk(collectorSchema);
    const annotations = ['$schema', '$id', '$ref', 'title', 'description', 'x-message', 'items'];
    const validating = [...keywords].filter((k) => !annotations.includes(k)).sort();
    assert.deepEqual(validating, ['const', 'enum', 'minItems', 'minLength', 'pattern', 'required', 'type']);
    for (const keyword of validating) {
      const params = { limit: 1, type: 'string', allowedValues: ['a'], allowedValue: 1, missingProperty: 'k' };
      const error = { keyword, params, message: 'AJV WORDING', instancePath: '', schemaPath: '', parentSchema: {}, data: 1 } as unknown as ErrorObject;
      assert.doesNotMatch(describeError(error, '1'), /AJV WORDING/, keyword);
    }
  });

  it('hostile input is read in bounded time, without throwing, with every range inside the text', () => {
    const hostile = [
      '['.repeat(1_000_000),
      `{"format": "befw-windows-firewall", "rules": ["${'x'.repeat(1_000_000)}`,
      '{"a":'.repeat(100_000),
      '"\\u'.repeat(100_000),
      '\u0000\uffff"'.repeat(50_000),
      exportWith(`[${Array(20_000).fill('{}').join(',')}]`),
      exportWith('[]').replace('"rules"', '"__proto__": {"x": 1}, "rules"'),
    ];
    for (const text of hostile) {
      const started = Date.now();
      const parsed = parseCollectorExport(text);
      assert.ok(Date.now() - started < 5_000, text.slice(0, 20));
      assert.ok(parsed.problems.length >= 1 || text.includes('__proto__'), text.slice(0, 20));
      assert.ok(parsed.problems.length <= 200);
      for (const problem of parsed.problems) assert.ok(problem.range[0] >= 0 && problem.range[1] <= text.length, problem.message);
    }
    // A "__proto__" key is a key, as JSON.parse reads it, never the prototype of what the schema validates.
    const value = valueOf(parseJson('{"__proto__": {"rules": []}, "format": 1}').root!) as Record<string, unknown>;
    assert.deepEqual([Object.keys(value), Object.getPrototypeOf(value) === Object.prototype, 'rules' in value], [['__proto__', 'format'], true, false]);
  });
});
