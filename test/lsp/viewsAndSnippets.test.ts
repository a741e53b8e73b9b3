import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CompletionItemKind, InsertTextFormat, InsertTextMode, type CompletionItem } from 'vscode-languageserver-types';
import type { ExplainResult } from '../../server/src/lsp/protocol';
import { SITE_DATA_SNIPPET } from '../support/completion';
import { EXAMPLES, LspSession } from '../support/lspSession';

/**
 * Issue 17, points 4 and 5 over stdio: the rule and firewall snippets come
 * with the manifest's hosts as choices, and explaining an error code with a
 * manifest lists that manifest's blocked flows that could produce it.
 */
const SITE = join(EXAMPLES, 'site');
const read = (name: string) => readFileSync(join(SITE, name), 'utf8');

const SECTION = [
  '### In site.bexnet.yaml',
  '',
  'Its required flows that are blocked and could produce 0xE0000F02 (Remote Agent control connection (NDMP), Remote Agent data connections):',
  '',
  '- ❌ Remote Agent data connections: be01 → sql01, TCP 50100-50149, firewall "dmz" (inbound): partly blocked: some ports are not allowed; BEX101 at dmz.fwrules.yaml:11',
].join('\n');

describe('LSP over stdio: site snippets and explanations tied to a manifest', () => {
  let session: LspSession;
  let manifest: string;
  let dmz: string;
  before(async () => {
    session = await LspSession.start({ workspace: SITE });
    manifest = await session.open('site.bexnet.yaml', read('site.bexnet.yaml'));
    dmz = await session.open('dmz.fwrules.yaml', read('dmz.fwrules.yaml'));
    await session.diagnosticsWhen(dmz, (d) => d.some((x) => x.code === 'BEX101'));
  });
  after(() => session.stop());

  /** Completion where `typed` ends, `typed` appended to the file's text. */
  async function completeAfter(uri: string, text: string, typed: string): Promise<CompletionItem[]> {
    await session.change(uri, text + typed);
    const lines = (text + typed).split('\n');
    const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
    return session.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position });
  }

  it('textDocument/completion in a rule file: a snippet per service, its hosts choices of the manifest\'s, written as is', async () => {
    const text = read('dmz.fwrules.yaml');
    const items = await completeAfter(dmz, text, '\n  rule-remote-agent-d');
    const data = items.find((i) => i.label === 'rule-remote-agent-data');
    assert.ok(data, items.map((i) => i.label).join(', '));
    assert.equal(data.kind, CompletionItemKind.Snippet);
    assert.equal(data.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal(data.insertTextMode, InsertTextMode.asIs);
    const lastLine = text.split('\n').length;
    assert.deepEqual(data.textEdit, {
      range: { start: { line: lastLine, character: 2 }, end: { line: lastLine, character: 2 + 'rule-remote-agent-d'.length } },
      newText: SITE_DATA_SNIPPET,
    });
    await session.change(dmz, text);
  });

  it('textDocument/completion in from: [ offers the manifest\'s hosts', async () => {
    const text = read('dmz.fwrules.yaml');
    const cut = text.indexOf('from: [be01]') + 'from: ['.length;
    const items = await completeAfter(dmz, text.slice(0, cut), '');
    assert.deepEqual(items.map((i) => i.label), ['be01', 'sql01', 'admin01', 'm365', 'any']);
    await session.change(dmz, text);
  });

  it('textDocument/completion in the manifest\'s firewalls: the firewall snippets with its hosts as choices', async () => {
    const text = read('site.bexnet.yaml');
    const items = await completeAfter(manifest, text, '  - fire');
    const firewall = items.find((i) => i.label === 'firewall');
    assert.equal(firewall?.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal((firewall?.textEdit as { newText: string }).newText, '{ name: ${1:dmz}, rules: ${2:${1}.fwrules.yaml}, protects: [${3|be01,sql01,admin01,m365|}] }');
    await session.change(manifest, text);
  });

  it('befw/explain with the manifest, its rule file, or any other file (the only manifest known): the section, as data and Markdown', async () => {
    for (const manifestUri of [manifest, dmz, session.uri('README.txt')]) {
      const result = await session.request<ExplainResult | null>('befw/explain', { term: '0xE0000F02', manifestUri });
      assert.ok(result, manifestUri);
      assert.ok(result.markdown.endsWith(`\n\n${SECTION}`), manifestUri);
      assert.equal(result.manifest?.uri, manifest);
      assert.equal(result.manifest?.markdown, SECTION);
      assert.deepEqual(result.manifest?.flows.map((f) => f.diagnostic), [{ code: 'BEX101', uri: dmz, file: 'dmz.fwrules.yaml', line: 11 }]);
    }
  });

  it('befw/explain without a manifest: the catalog\'s explanation alone', async () => {
    const result = await session.request<ExplainResult | null>('befw/explain', { term: '0xE0000F02' });
    assert.match(result?.markdown ?? '', /\*\*0xE0000F02\*\*/);
    assert.equal(result?.manifest, undefined);
    assert.doesNotMatch(result?.markdown ?? '', /In site\.bexnet\.yaml/);
  });
});
