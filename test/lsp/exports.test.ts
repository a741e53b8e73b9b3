import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CodeLens, CreateFile, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-types';

/** A text document edit as the server writes them: plain text edits. */
interface PlainDocumentEdit {
  readonly textDocument: { readonly uri: string };
  readonly edits: TextEdit[];
}
import { decodeText } from '../../server/src/engine';
import { EXAMPLES, LspSession, brief, positionOf } from '../support/lspSession';

const EXPORTS = join(EXAMPLES, 'exports');
const read = (name: string) => {
  const decoded = decodeText(readFileSync(join(EXPORTS, name)));
  assert.ok('text' in decoded);
  return decoded.text;
};

describe('LSP over stdio: exports of deployed Windows firewalls (.reg, netsh show rule output)', () => {
  let session: LspSession;
  let manifest: string;
  let reg: string;
  let show: string;
  before(async () => {
    session = await LspSession.start({ workspace: EXPORTS });
    manifest = await session.open('branch3.bexnet.yaml', read('branch3.bexnet.yaml'));
    reg = await session.openAs('fs03-firewall.reg', 'befw-reg', read('fs03-firewall.reg'));
    show = await session.openAs('sql03-firewall.netsh-show.txt', 'befw-netsh-show', read('sql03-firewall.netsh-show.txt'));
    await session.diagnosticsWhen(show, (d) => d.length > 0);
  });
  after(() => session.stop());

  const codeActions = async (uri: string, code: string): Promise<CodeAction[]> => {
    const diagnostic = session.published.get(uri)!.find((d) => d.code === code)!;
    return session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
  };

  it('reports the missing flows at the export\'s rules key and first rule, naming the rules that do not count', async () => {
    const inReg = await session.diagnosticsWhen(reg, (d) => d.length > 0);
    assert.deepEqual(brief(inReg), ['7:1-7:77 BEX100', '13:114-13:125 BEX018']);
    assert.match(String(inReg[0].message), /Note: rule "Backup Exec data range" would allow it but is disabled\.$/);
    assert.ok(inReg[0].relatedInformation!.some((r) => r.message === 'disabled: rule "Backup Exec data range"' && r.location.uri === reg && r.location.range.start.line === 9));
    const inShow = await session.diagnosticsWhen(show, (d) => d.length > 0);
    assert.deepEqual(brief(inShow), ['1:0-1:10 BEX100', '49:38-49:49 BEX018']);
  });

  it('hovers a rule of the .reg: disabled; and one of the show output: its profiles and that it does not count here', async () => {
    const hover = async (uri: string, needle: string) => ((await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(session.text(uri), needle) })) as Hover).contents as MarkupContent;
    assert.match((await hover(reg, 'Backup Exec data range')).value, /\(disabled\)\.[\s\S]*Disabled: it never counts\./);
    assert.match((await hover(show, 'Backup Exec Remote Agent for Windows')).value, /Applies in profile Domain, Private\.\n- At firewall "sql03-host" \(profile unknown[^\n]*\): it does not count\./);
    assert.match((await hover(reg, '10000')).value, /Remote Agent control connection \(NDMP\)/);
  });

  it('the lens above the export says what the verdict assumes', async () => {
    const lenses: CodeLens[] = await session.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: show } });
    assert.deepEqual(lenses.map((l) => l.command?.title), ["sql03-host: 2/3 required flows allowed (profile unknown; Windows' default actions assumed)", 'table']);
  });

  it('the .reg fix writes a value line reg import accepts, under the rules key, and the BEX100 goes', async () => {
    const [fix] = await codeActions(reg, 'BEX100');
    assert.equal(fix.title, 'Add rule "Remote Agent data connections from be03 to fs03"');
    const before = session.text(reg);
    const after = TextDocument.applyEdits(TextDocument.create(reg, 'befw-reg', 0, before), fix.edit!.changes![reg]);
    const added = after.split('\r\n').filter((line) => !before.includes(line));
    assert.equal(added.length, 1);
    assert.match(added[0], /^"\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}"="v2\.30\|Action=Allow\|Active=TRUE\|Dir=In\|Protocol=6\|LPort2_10=50100-50149\|RA4=10\.3\.1\.10\|Name=Remote Agent data connections from be03 to fs03\|Desc=Backup Exec: Remote Agent data connections \(TCP 50100-50149, beremote\.exe\); source: KB100017208, TN255831\|"$/);
    await session.change(reg, after);
    await session.diagnosticsWhen(reg, (d) => !d.some((x) => x.code === 'BEX100'), 'BEX100 fixed');
  });

  it('the show-output fix creates a remediation script beside the export and lists it in the manifest', async () => {
    const [fix] = await codeActions(show, 'BEX100');
    assert.equal(fix.title, 'Add rule "Remote Agent control connection (NDMP) from be03 to sql03" to a new remediation script sql03-firewall.remediation.ps1 (the export is not edited)');
    const [create, content, manifestEdit] = fix.edit!.documentChanges! as unknown as [CreateFile, PlainDocumentEdit, PlainDocumentEdit];
    const script = session.uri('sql03-firewall.remediation.ps1');
    assert.deepEqual([create.kind, create.uri, create.options], ['create', script, { ignoreIfExists: true, overwrite: false }]);
    assert.equal(content.textDocument.uri, script);
    assert.match(content.edits[0].newText, /\nNew-NetFirewallRule -DisplayName 'Remote Agent control connection \(NDMP\) from be03 to sql03' -Description 'Backup Exec: Remote Agent control connection \(NDMP\) \(TCP 10000, beremote\.exe\); source: KB100017208, ADMIN20' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 10000 -RemoteAddress 10\.3\.1\.10\n$/);
    assert.equal(manifestEdit.textDocument.uri, manifest);
    const updated = TextDocument.applyEdits(TextDocument.create(manifest, 'yaml', 0, session.text(manifest)), manifestEdit.edits);
    assert.match(updated, /rules: \[sql03-firewall\.netsh-show\.txt, sql03-firewall\.remediation\.ps1\], host: sql03 \}/);
    await session.openAs('sql03-firewall.remediation.ps1', 'powershell', content.edits[0].newText);
    await session.change(manifest, updated);
    await session.diagnosticsWhen(show, (d) => !d.some((x) => x.code === 'BEX100'), 'the flow allowed by the remediation script');
  });
});

describe('LSP over stdio: a client that cannot create files', () => {
  it('is not offered the remediation-script fix, and gets "disable for this line" still', async () => {
    const session = await LspSession.start({ workspace: EXPORTS, noFileCreation: true });
    try {
      await session.open('branch3.bexnet.yaml', read('branch3.bexnet.yaml'));
      const show = await session.openAs('sql03-firewall.netsh-show.txt', 'befw-netsh-show', read('sql03-firewall.netsh-show.txt'));
      const [diagnostic] = await session.diagnosticsWhen(show, (d) => d.some((x) => x.code === 'BEX100'));
      const actions: CodeAction[] = await session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: show }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
      assert.deepEqual(actions.map((a) => a.title), ['Disable BEX100 for this line']);
    } finally {
      await session.stop();
    }
  });
});
