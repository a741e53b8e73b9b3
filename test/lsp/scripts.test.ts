import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CodeLens, Hover, MarkupContent } from 'vscode-languageserver-types';
import { EXAMPLES, LspSession, brief, positionOf } from '../support/lspSession';

const WINDOWS = join(EXAMPLES, 'windows');
const read = (name: string) => readFileSync(join(WINDOWS, name), 'utf8');


describe('LSP over stdio: PowerShell and netsh scripts as rule files', () => {
  let session: LspSession;
  let manifest: string;
  let ps1: string;
  let cmd: string;
  before(async () => {
    session = await LspSession.start({ workspace: WINDOWS });
    manifest = await session.open('branch.bexnet.yaml', read('branch.bexnet.yaml'));
    ps1 = await session.openAs('be02-firewall.ps1', 'powershell', read('be02-firewall.ps1'));
    cmd = await session.openAs('sql02-firewall.cmd', 'bat', read('sql02-firewall.cmd'));
    await session.diagnosticsWhen(cmd, (d) => d.length > 0);
  });
  after(() => session.stop());

  it('reports the missing Oracle port in the .ps1 and the partial agent range in the .cmd, at their commands', async () => {
    assert.deepEqual(brief(await session.diagnosticsWhen(ps1, (d) => d.length > 0)), ['5:0-5:19 BEX100']);
    const inCmd = await session.diagnosticsWhen(cmd, (d) => d.length > 0);
    assert.deepEqual(brief(inCmd), ['5:27-5:44 BEX101', '6:111-6:122 BEX018']);
    assert.match(String(inCmd[0].message), /opens 50100-50120, but 50121-50149 stay closed/);
    assert.match(String(inCmd[1].message), /LocalSubnet is resolved by Windows at run time/);
    assert.deepEqual(brief(await session.diagnosticsWhen(manifest, (d) => d.length > 0)), ['13:12-13:21 BEX100', '14:12-14:22 BEX101']);
  });

  async function hover(uri: string, needle: string): Promise<string> {
    const result: Hover = await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(session.text(uri), needle) });
    return (result.contents as MarkupContent).value;
  }

  it('hovers explain ports and rules in both dialects', async () => {
    assert.match(await hover(ps1, '6101'), /Agent Browser[\s\S]*Required flows this rule allows \(1\):\n- ✅ .*sql02 → be02 \(TCP 6101\)/);
    assert.match(await hover(cmd, '10000'), /Remote Agent control connection \(NDMP\)[\s\S]*KB100017208/);
    assert.match(await hover(cmd, 'Backup Exec Remote Agent'), /Required flows that fail here and involve this rule \(1\):\n- ❌ Remote Agent data connections be02 → sql02/);
  });

  it('code lens above the first firewall command', async () => {
    const lenses: CodeLens[] = await session.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: ps1 } });
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.title]), [[5, "be02-host: 4/5 required flows allowed (Windows' default actions assumed)"], [5, 'table']]);
  });

  async function applyFix(uri: string, title: RegExp): Promise<string> {
    const [diagnostic] = session.published.get(uri)!.filter((d) => d.code !== 'BEX018');
    const actions: CodeAction[] = await session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
    const fix = actions.find((a) => title.test(a.title));
    assert.ok(fix, actions.map((a) => a.title).join(', '));
    const text = TextDocument.applyEdits(TextDocument.create(uri, 'x', 0, session.text(uri)), fix.edit!.changes![uri]);
    await session.change(uri, text);
    await session.diagnosticsWhen(uri, (d) => !d.some((x) => x.code === diagnostic.code), `${String(diagnostic.code)} fixed`);
    return text;
  }

  it('the quick-fix writes the missing rule as a PowerShell command in the script\'s style, after the rule for the same computer', async () => {
    const before = session.text(ps1);
    const after = await applyFix(ps1, /^Add rule "Backup Exec Job Engine \(Agent for Oracle\) from sql02 to be02"/);
    const browserEnd = before.indexOf('-RemoteAddress $sql02\n') + '-RemoteAddress $sql02\n'.length;
    const added = [
      "New-NetFirewallRule -DisplayName 'Backup Exec Job Engine (Agent for Oracle) from sql02 to be02' -Description 'Backup Exec: Backup Exec Job Engine (Agent for Oracle) (TCP 5633, bengine.exe); source: KB100017208' `",
      '    -Direction Inbound -Action Allow -Protocol TCP `',
      '    -LocalPort 5633 -RemoteAddress $sql02',
      '',
    ].join('\n');
    assert.equal(after, before.slice(0, browserEnd) + added + before.slice(browserEnd));
  });

  it('the quick-fix adds the missing ports to the batch file\'s rule, in place', async () => {
    const before = session.text(cmd);
    const after = await applyFix(cmd, /^Widen 50100-50120 to 50100-50149 in rule "Backup Exec Remote Agent"$/);
    assert.equal(after, before.replace('localport=10000,50100-50120 ', 'localport=10000,50100-50149 '));
  });

  it('a PowerShell script without firewall commands gets no diagnostics', async () => {
    const other = await session.openAs('backup-catalogs.ps1', 'powershell', "Copy-Item 'C:\\BE\\Catalogs' '\\\\nas01\\be' -Recurse\nWrite-Host 'done'\n");
    await session.diagnosticsWhen(manifest, () => true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(session.published.get(other), undefined);
  });
});
