import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeLens, CompletionItem, DocumentSymbol, Hover, Location, MarkupContent } from 'vscode-languageserver-types';
import { EXAMPLES, LspSession, positionOf } from '../support/lspSession';

const SITE = join(EXAMPLES, 'site');
const read = (name: string) => readFileSync(join(SITE, name), 'utf8');


describe('LSP over stdio: hover, completion, symbols, navigation, code lens', () => {
  let session: LspSession;
  let manifest: string;
  let dmz: string;
  before(async () => {
    session = await LspSession.start({ workspace: SITE });
    manifest = await session.open('site.bexnet.yaml', read('site.bexnet.yaml'));
    dmz = await session.open('dmz.fwrules.yaml', read('dmz.fwrules.yaml'));
    await session.diagnosticsWhen(dmz, (d) => d.length > 0);
  });
  after(() => session.stop());

  async function hover(uri: string, needle: string, nth = 0): Promise<string> {
    const result: Hover | null = await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(session.text(uri), needle, nth) });
    assert.ok(result, `a hover on "${needle}"`);
    return (result.contents as MarkupContent).value;
  }

  async function complete(uri: string, text: string, needle: string): Promise<CompletionItem[]> {
    await session.change(uri, text);
    const offset = text.indexOf(needle) + needle.length;
    const before = text.slice(0, offset);
    const position = { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
    return session.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position });
  }

  it('hover on port 10000: the Remote Agent control connection, its direction, the flows the rule allows, the source', async () => {
    const text = await hover(dmz, '10000');
    assert.match(text, /\*\*TCP 10000\*\*/);
    assert.match(text, /Remote Agent control connection \(NDMP\)/);
    assert.match(text, /Who connects: Backup Exec server → Remote computer/);
    assert.match(text, /KB100017208 \(https:\/\/www\.veritas\.com\/support\/en_US\/article\.100017208\)/);
    assert.match(text, /Required flows this rule allows \(\d+\):\n- ✅ Remote Agent control connection \(NDMP\) be01 → sql01 \(TCP 10000\)/);
  });

  it('hover on a port range, a protocol, a host, a rule name, a feature, a role and a firewall', async () => {
    assert.match(await hover(dmz, '50100-50120'), /Remote Agent data connections/);
    assert.match(await hover(dmz, 'tcp', 0), /\*\*TCP\*\*: the documented Backup Exec services using it/);
    assert.match(await hover(dmz, 'be01'), /\*\*be01\*\*: Backup Exec server, 10\.0\.1\.10/);
    const ruleName = await hover(dmz, 'BE control and data');
    assert.match(ruleName, /Required flows this rule allows \(1\):\n- ✅ Remote Agent control connection[^\n]*\nRequired flows that fail here and involve this rule \(1\):\n- ❌ Remote Agent data connections be01 → sql01 \(TCP 50100-50149\): partly blocked/);
    assert.match(await hover(manifest, 'oracle'), /Job Engine \(Agent for Oracle\)[\s\S]*5633/);
    assert.match(await hover(manifest, 'remote-administration-console'), /Remote Administration Console/);
    assert.match(await hover(manifest, 'dmz', 0), /\*\*Firewall "dmz"\*\*: \d+\/\d+ required flows allowed/);
  });

  it('hover on a diagnostic range adds the explanation and the fix', async () => {
    const text = await hover(dmz, '50100-50120');
    assert.match(text, /\*\*BEX101\*\*: Remote Agent data connections \(TCP 50100-50149\)/);
    assert.match(text, /Quick fix: /);
    assert.match(text, /\[Documentation\]\(https:\/\/.*codes\.md#bex101\)/);
  });

  it('hover on an error code written in a comment explains it', async () => {
    const text = `# Jobs failed with 0xE0000F02 before this rule\n${read('dmz.fwrules.yaml')}`;
    await session.change(dmz, text);
    assert.match(await hover(dmz, 'E0000F02'), /0xE0000F02/);
    await session.change(dmz, read('dmz.fwrules.yaml'));
  });

  it('completion: ports from the catalog as this manifest configures them', async () => {
    const text = read('dmz.fwrules.yaml').replace('ports: [10000, 50100-50120]', 'ports: [10000, ');
    const labels = (await complete(dmz, text, 'ports: [10000, ')).map((i) => i.label);
    assert.ok(labels.includes('Remote Agent control connection (NDMP) (10000)'), labels.join(' | '));
    assert.ok(labels.includes('Remote Agent data connections (50100-50149)'), labels.join(' | '));
    assert.ok(labels.includes('Backup Exec Job Engine (Agent for Oracle) (5633)'), labels.join(' | '));
  });

  it('completion: host names in from/to, enum values, keys from the schema, roles and features', async () => {
    const rules = read('dmz.fwrules.yaml');
    assert.deepEqual((await complete(dmz, rules.replace('from: [be01]', 'from: [b'), 'from: [b')).map((i) => i.label), ['be01', 'sql01', 'admin01', 'm365', 'any']);
    assert.deepEqual((await complete(dmz, rules.replace('protocol: tcp', 'protocol: '), 'protocol: ')).map((i) => i.label), ['tcp', 'udp', 'any']);
    const keys = (await complete(dmz, rules.replace('    enabled: true', '    en'), '    en')).map((i) => i.label);
    assert.deepEqual(keys.slice(0, 3), ['name', 'description', 'action']);
    assert.ok(keys.includes('windowsRules'));
    await session.change(dmz, rules);
    const text = read('site.bexnet.yaml');
    assert.deepEqual((await complete(manifest, text.replace('role: m365-endpoints', 'role: '), 'm365, role: ')).map((i) => i.label), [
      'backup-exec-server',
      'remote-computer',
      'remote-administration-console',
      'm365-endpoints',
    ]);
    const features = (await complete(manifest, text.replace('features: [client-side-deduplication, oracle]', 'features: ['), 'agent: windows, features: [')).map((i) => i.label);
    assert.deepEqual(features, ['client-side-deduplication', 'oracle']);
    await session.change(manifest, text);
  });

  it('document symbols: hosts and firewalls of the manifest, the rules of a rule file', async () => {
    const symbols: DocumentSymbol[] = await session.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: manifest } });
    assert.deepEqual(symbols.map((s) => [s.name, s.children?.map((c) => c.name)]), [
      ['settings', ['ndmpPort', 'server range', 'agent range']],
      ['hosts', ['be01', 'sql01', 'admin01', 'm365']],
      ['firewalls', ['dmz', 'be01-host']],
    ]);
    const rules: DocumentSymbol[] = await session.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: dmz } });
    assert.deepEqual(rules.map((s) => [s.name, s.detail]), [['BE control and data to sql01', 'allow tcp 10000, 50100-50120'], ['Monitoring', 'allow udp 161']]);
  });

  it('definition: a host in a rule goes to the manifest; a rules path goes to the file', async () => {
    const fromRule: Location[] = await session.connection.sendRequest('textDocument/definition', { textDocument: { uri: dmz }, position: positionOf(session.text(dmz), 'be01') });
    assert.deepEqual(fromRule, [{ uri: manifest, range: { start: { line: 10, character: 12 }, end: { line: 10, character: 16 } } }]);
    const toFile: Location[] = await session.connection.sendRequest('textDocument/definition', { textDocument: { uri: manifest }, position: positionOf(session.text(manifest), 'dmz.fwrules.yaml') });
    assert.deepEqual(toFile, [{ uri: dmz, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }]);
  });

  it('references of a host: its entry, the firewall protecting it, and every rule naming it', async () => {
    const references: Location[] = await session.connection.sendRequest('textDocument/references', {
      textDocument: { uri: manifest },
      position: positionOf(session.text(manifest), 'sql01'),
      context: { includeDeclaration: true },
    });
    const where = references.map((r) => `${r.uri.slice(r.uri.lastIndexOf('/') + 1)}:${r.range.start.line}:${r.range.start.character}-${r.range.end.line}:${r.range.end.character}`);
    assert.deepEqual(where, ['site.bexnet.yaml:11:12-11:17', 'site.bexnet.yaml:15:53-15:58', 'dmz.fwrules.yaml:9:9-9:14', 'dmz.fwrules.yaml:17:9-17:14', 'be01.fwrules.yaml:8:11-8:16', 'be01.fwrules.yaml:15:11-15:16']);
    // Each range covers the name itself, not more and not less.
    for (const { uri, range } of references) {
      const line = read(uri.slice(uri.lastIndexOf('/') + 1)).split('\n')[range.start.line];
      assert.equal(line.slice(range.start.character, range.end.character), 'sql01', `${uri} line ${range.start.line}`);
    }
  });

  it('code lens above each firewall: allowed/required flows opening the map with the firewall highlighted, and "table" opening its rows', async () => {
    const lenses: CodeLens[] = await session.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: manifest } });
    const dmzName = { start: { line: 15, character: 12 }, end: { line: 15, character: 15 } };
    const be01Name = { start: { line: 16, character: 12 }, end: { line: 16, character: 21 } };
    assert.deepEqual(lenses.map((l) => [l.range, l.command]), [
      [dmzName, { title: '6/7 required flows allowed', command: 'befw.showFlowMap', arguments: [manifest, 'dmz'] }],
      [dmzName, { title: 'table', command: 'befw.showRequiredFlows', arguments: [manifest, 'dmz'] }],
      [be01Name, { title: '8/9 required flows allowed', command: 'befw.showFlowMap', arguments: [manifest, 'be01-host'] }],
      [be01Name, { title: 'table', command: 'befw.showRequiredFlows', arguments: [manifest, 'be01-host'] }],
    ]);
    const inRules: CodeLens[] = await session.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: dmz } });
    assert.deepEqual(inRules.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]), [
      [4, 'dmz: 6/7 required flows allowed', 'befw.showFlowMap', [manifest, 'dmz']],
      [4, 'table', 'befw.showRequiredFlows', [manifest, 'dmz']],
    ]);
  });

  it('the required-flows request gives the flow × firewall table', async () => {
    const result: { manifests: { uri: string; rows: { firewall: string; allowed: boolean }[]; markdown: string }[] } = await session.connection.sendRequest('befw/requiredFlows', { uri: manifest });
    assert.equal(result.manifests.length, 1);
    assert.equal(result.manifests[0].rows.length, 16);
    assert.equal(result.manifests[0].rows.filter((r) => !r.allowed).length, 2);
    assert.match(result.manifests[0].markdown, /^\| Firewall \| Flow \| From → To \| Ports \| Status \| Allowed by \|/);
    const explained: { title: string; markdown: string } = await session.connection.sendRequest('befw/explain', { term: '0xE0000F02' });
    assert.match(explained.markdown, /\*\*0xE0000F02\*\*/);
  });
});
