import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { EXAMPLES, LspSession } from '../support/lspSession';

/**
 * The "Add rule" quick-fix in scripts, as an editor gets it over stdio: the new command goes after
 * the rules for the same computer, names the script's variable for its address and is continued
 * over lines like them; applied, the diagnostic is published no more.
 */

const WINDOWS = join(EXAMPLES, 'windows');

/** sql02's batch file with the agent's data range left out: a BEX100 whose fix adds a rule. */
const SQL02_CMD = [
  '@echo off',
  'REM Windows Defender Firewall on sql02 (Backup Exec Agent for Windows, Oracle).',
  'set BESERVER=10.1.1.10',
  '',
  'REM Backup Exec: control connection from the media server',
  'netsh advfirewall firewall add rule name="Backup Exec Remote Agent" dir=in action=allow ^',
  '    protocol=TCP localport=10000 remoteip=%BESERVER%',
  '',
  'REM SQL Server for the application team',
  'netsh advfirewall firewall add rule name="SQL Server" dir=in action=allow protocol=TCP localport=1433 remoteip=10.1.9.0/24',
  '',
];

/** The description a fix's rule carries (when the check gives one), as each dialect writes it after the name. */
function described(diagnostic: Diagnostic, write: (description: string) => string): string {
  const description = (diagnostic.data as { rule?: { description?: string } }).rule?.description;
  return description === undefined ? '' : ` ${write(description)}`;
}

describe('LSP over stdio: the Add rule quick-fix in PowerShell and netsh scripts', () => {
  let workspace: string;
  let session: LspSession;
  let ps1: string;
  let cmd: string;
  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'befw-script-fixes-'));
    for (const name of ['branch.bexnet.yaml', 'be02-firewall.ps1']) writeFileSync(join(workspace, name), readFileSync(join(WINDOWS, name), 'utf8'));
    writeFileSync(join(workspace, 'sql02-firewall.cmd'), SQL02_CMD.join('\n'));
    session = await LspSession.start({ workspace });
    await session.open('branch.bexnet.yaml', readFileSync(join(workspace, 'branch.bexnet.yaml'), 'utf8'));
    ps1 = await session.openAs('be02-firewall.ps1', 'powershell', readFileSync(join(workspace, 'be02-firewall.ps1'), 'utf8'));
    cmd = await session.openAs('sql02-firewall.cmd', 'bat', SQL02_CMD.join('\n'));
  });
  after(async () => {
    await session.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  /** Applies the fix titled `title` for the one BEX100 of `uri`; returns the text and the diagnostic it fixed. */
  async function applyAddRule(uri: string, title: string): Promise<{ text: string; diagnostic: Diagnostic }> {
    const [diagnostic] = (await session.diagnosticsWhen(uri, (d) => d.some((x) => x.code === 'BEX100'))).filter((d) => d.code === 'BEX100');
    const actions: CodeAction[] = await session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
    const fix = actions.find((a) => a.title === title);
    assert.ok(fix, actions.map((a) => a.title).join(', '));
    const text = TextDocument.applyEdits(TextDocument.create(uri, 'x', 0, session.text(uri)), fix.edit!.changes![uri]);
    await session.change(uri, text);
    const left = await session.diagnosticsWhen(uri, (d) => !d.some((x) => x.code === 'BEX100'), 'BEX100 fixed');
    assert.deepEqual(left, []);
    return { text, diagnostic };
  }

  it('PowerShell: after the Agent Browser rule for sql02, naming $sql02, in its backtick layout', async () => {
    const before = session.text(ps1).split('\n');
    const { text, diagnostic } = await applyAddRule(ps1, 'Add rule "Backup Exec Job Engine (Agent for Oracle) from sql02 to be02"');
    const description = described(diagnostic, (d) => `-Description '${d.replace(/'/g, "''")}'`);
    const added = [`New-NetFirewallRule -DisplayName 'Backup Exec Job Engine (Agent for Oracle) from sql02 to be02'${description} \``, '    -Direction Inbound -Action Allow -Protocol TCP `', '    -LocalPort 5633 -RemoteAddress $sql02'];
    const browserEnd = before.indexOf('    -LocalPort 6101 -RemoteAddress $sql02') + 1;
    assert.equal(text, [...before.slice(0, browserEnd), ...added, ...before.slice(browserEnd)].join('\n'));
  });

  it('netsh: after the rule for the media server, naming %BESERVER%, continued with ^ like it', async () => {
    const { text, diagnostic } = await applyAddRule(cmd, 'Add rule "Remote Agent data connections from be02 to sql02"');
    const description = described(diagnostic, (d) => `description="${d.replace(/"/g, "'")}"`);
    const added = [`netsh advfirewall firewall add rule name="Remote Agent data connections from be02 to sql02"${description} dir=in action=allow ^`, '    protocol=TCP localport=50100-50149 remoteip=%BESERVER%'];
    assert.equal(text, [...SQL02_CMD.slice(0, 7), ...added, ...SQL02_CMD.slice(7)].join('\n'));
  });
});
