import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver-types';
import { EXAMPLES, brief, withSession, type LspSession } from '../support/lspSession';

/**
 * Fixes where an admin would edit, as an editor drives them: Ctrl+. on the
 * line the admin just edited offers the fix, and applying it leaves the text
 * as the admin would have written it, with the diagnostics re-published clean.
 */

const SITE = join(EXAMPLES, 'site');
/** The BEX103 fixtures: a rule opened the wrong way round that no other flow needs. */
const REVERSED = join(__dirname, '..', '..', '..', 'test', 'checks', 'bex103');

/** What an editor sends for Ctrl+. with the cursor on `line`: the line's range, and the diagnostics that touch it. */
async function actionsOnLine(session: LspSession, uri: string, line: number): Promise<{ actions: CodeAction[]; touching: Diagnostic[] }> {
  const length = session.text(uri).split('\n')[line].length;
  const range: Range = { start: { line, character: 0 }, end: { line, character: length } };
  const touching = (session.published.get(uri) ?? []).filter((d) => d.range.start.line <= line && line <= d.range.end.line);
  const actions: CodeAction[] = await session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: touching, only: ['quickfix'] } });
  return { actions, touching };
}

async function apply(session: LspSession, uri: string, action: CodeAction): Promise<string> {
  assert.deepEqual(Object.keys(action.edit?.changes ?? {}), [uri], 'the fix edits this file only');
  const text = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 0, session.text(uri)), action.edit!.changes![uri]);
  await session.change(uri, text);
  return text;
}

describe('LSP over stdio: fixes where an admin would edit', () => {
  it('Ctrl+. on the ports line of the rule that opens part of the agent range offers the widen fix; applied, the range is one and BEX101 is gone', async () => {
    await withSession(SITE, {}, async (session) => {
      const manifest = await session.open('site.bexnet.yaml', readFileSync(join(SITE, 'site.bexnet.yaml'), 'utf8'));
      const dmz = await session.open('dmz.fwrules.yaml', readFileSync(join(SITE, 'dmz.fwrules.yaml'), 'utf8'));
      await session.diagnosticsWhen(dmz, (d) => d.length > 0);
      const portsLine = session.text(dmz).split('\n').findIndex((line) => line.includes('ports: [10000, 50100-50120]'));
      const nameLine = session.text(dmz).split('\n').findIndex((line) => line.includes('name: BE control and data to sql01'));
      const onName = await actionsOnLine(session, dmz, nameLine);
      assert.deepEqual([onName.touching, onName.actions], [[], []], 'the diagnostic is no longer on the name');
      const { actions, touching } = await actionsOnLine(session, dmz, portsLine);
      assert.deepEqual(brief(touching), [`${portsLine}:11-${portsLine}:31 BEX101`]);
      assert.deepEqual(
        actions.map((a) => [a.title, a.isPreferred ?? false]),
        [
          ['Widen 50100-50120 to 50100-50149 in rule "BE control and data to sql01"', true],
          ['Disable BEX101 for this line', false],
        ],
      );
      const before = session.text(dmz);
      const after = await apply(session, dmz, actions[0]);
      assert.equal(after, before.replace('    ports: [10000, 50100-50120]   # destination', '    ports: [10000, 50100-50149]   # destination'));
      await session.diagnosticsWhen(dmz, (d) => d.length === 0, 'BEX101 fixed');
      // The manifest's twin goes too; the Oracle port missing at be01 is another matter.
      assert.deepEqual(brief(await session.diagnosticsWhen(manifest, (d) => !d.some((x) => x.code === 'BEX101'))), ['16:12-16:21 BEX100']);
    });
  });

  it('BEX103 on a reversed rule nothing else relies on: "Turn rule around" applied swaps from and to, and the diagnostics are re-published clean', async () => {
    await withSession(REVERSED, {}, async (session) => {
      const read = (name: string) => readFileSync(join(session.root, name), 'utf8');
      const manifest = await session.open('invalid-reversible.bexnet.yaml', read('invalid-reversible.bexnet.yaml'));
      const rules = await session.open('invalid-reversible-dmz.fwrules.yaml', read('invalid-reversible-dmz.fwrules.yaml'));
      const [reversed] = await session.diagnosticsWhen(rules, (d) => d.length > 0);
      assert.deepEqual(brief([reversed]), ['26:6-26:13 BEX103']);
      const { actions } = await actionsOnLine(session, rules, 26);
      const turn = actions.find((a) => a.title === 'Turn rule "NDMP" around: from be01 to sql01');
      assert.ok(turn?.isPreferred, actions.map((a) => a.title).join(', '));
      const before = session.text(rules);
      const after = await apply(session, rules, turn);
      assert.equal(
        after,
        before.replace(
          '    from:                     # the database server\n      - sql01\n    to: [be01]                # the Backup Exec server\n',
          '    from: [be01]                # the Backup Exec server\n    to:                     # the database server\n      - sql01\n',
        ),
      );
      await session.diagnosticsWhen(rules, (d) => d.length === 0, 'BEX103 fixed in the rule file');
      await session.diagnosticsWhen(manifest, (d) => d.length === 0, 'BEX103 fixed in the manifest');
    });
  });
});
