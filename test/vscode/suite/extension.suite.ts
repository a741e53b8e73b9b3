/// <reference types="mocha" />
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** Runs inside VS Code, with the example site open as the workspace. */
const EXTENSION_ID = 'befw.backup-exec-firewall-assistant';

function fileUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const befwDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'befw');
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

suite('Backup Exec Firewall Assistant in VS Code', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  test('a rule file opens as befw-rules and shows the BEX101 of the example', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri('dmz.fwrules.yaml'));
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'befw-rules');
    const diagnostics = await until('BEX101', () => {
      const list = befwDiagnostics(document.uri);
      return list.some((d) => codeOf(d) === 'BEX101') ? list : undefined;
    });
    const bex101 = diagnostics.find((d) => codeOf(d) === 'BEX101')!;
    assert.equal(bex101.severity, vscode.DiagnosticSeverity.Error);
    assert.match(bex101.message, /Remote Agent data connections \(TCP 50100-50149\)/);
  });

  test('hovering port 10000 explains the Remote Agent control connection and cites its source', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri('dmz.fwrules.yaml'));
    const position = document.positionAt(document.getText().indexOf('10000') + 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Remote Agent control connection \(NDMP\)/);
    assert.match(text, /KB100017208/);
  });

  test('the quick-fix adds the missing ports and the diagnostic goes away', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri('dmz.fwrules.yaml'));
    const bex101 = befwDiagnostics(document.uri).find((d) => codeOf(d) === 'BEX101')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, bex101.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title.startsWith('Widen 50100-50120 to 50100-50149'));
    assert.ok(fix?.edit, `a fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(document.getText(), /ports: \[10000, 50100-50149\]/);
    await until('BEX101 gone', () => (befwDiagnostics(document.uri).some((d) => codeOf(d) === 'BEX101') ? undefined : true));
  });

  test('"Backup Exec: Explain error code…" explains 0xE0000F02', async () => {
    const result = await vscode.commands.executeCommand<{ markdown: string } | undefined>('befw.explainErrorCode', '0xE0000F02');
    assert.match(result?.markdown ?? '', /\*\*0xE0000F02\*\*/);
  });

  test('code lens above each firewall of the manifest', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', fileUri('site.bexnet.yaml'));
    assert.ok(lenses.some((l) => /\d+\/\d+ required flows allowed/.test(l.command?.title ?? '')), lenses.map((l) => l.command?.title).join(', '));
  });
});
