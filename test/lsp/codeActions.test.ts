import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { EXAMPLES, LspSession, brief } from '../support/lspSession';

const SITE = join(EXAMPLES, 'site');
const read = (name: string) => readFileSync(join(SITE, name), 'utf8');

function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('x', 'yaml', 0, text), edits);
}

/** Opens the example site fresh, so each test starts from the same findings. */
async function openSite() {
  const session = await LspSession.start({ workspace: SITE });
  const manifest = await session.open('site.bexnet.yaml', read('site.bexnet.yaml'));
  const dmz = await session.open('dmz.fwrules.yaml', read('dmz.fwrules.yaml'));
  const be01 = await session.open('be01.fwrules.yaml', read('be01.fwrules.yaml'));
  await session.diagnosticsWhen(be01, (d) => d.length === 2);
  await session.diagnosticsWhen(dmz, (d) => d.length === 1);
  return { session, manifest, dmz, be01 };
}

async function actionsFor(session: LspSession, uri: string, diagnostic: Diagnostic, only?: string[]): Promise<CodeAction[]> {
  return session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], ...(only ? { only } : {}) } });
}

/** Applies a workspace edit to the open documents it touches, as the editor does, and returns the new texts. */
async function applyEdit(session: LspSession, action: CodeAction): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const [uri, edits] of Object.entries(action.edit?.changes ?? {})) {
    result[uri] = apply(session.text(uri), edits);
    await session.change(uri, result[uri]);
  }
  return result;
}

describe('LSP over stdio: code actions', () => {
  let site: Awaited<ReturnType<typeof openSite>>;
  before(async () => {
    site = await openSite();
  });
  after(() => site?.session.stop());

  it('offers each engine fix as a quick-fix on its diagnostic, preferred, plus "disable for this line"', async () => {
    const { session, be01 } = site;
    const [missing] = session.published.get(be01)!;
    const actions = await actionsFor(session, be01, missing, ['quickfix']);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred ?? false]),
      [
        ['Add rule "Backup Exec Job Engine (Agent for Oracle) from sql01 to be01"', 'quickfix', true],
        ['Disable BEX100 for this line', 'quickfix', false],
      ],
    );
    assert.deepEqual(actions[0].diagnostics, [missing]);
  });

  it('every quick-fix of every example diagnostic, applied to the text, makes that diagnostic go away and keeps the comments', async () => {
    const { session } = site;
    const originals = Object.fromEntries(['site.bexnet.yaml', 'dmz.fwrules.yaml', 'be01.fwrules.yaml'].map((name) => [session.uri(name), read(name)]));
    const expected = Object.fromEntries(Object.keys(originals).map((uri) => [uri, brief(session.published.get(uri)!)]));
    const comments = (text: string) => text.match(/#.*$/gm) ?? [];
    let applied = 0;
    for (const uri of Object.keys(originals)) {
      for (const diagnostic of [...session.published.get(uri)!]) {
        const actions = await actionsFor(session, uri, diagnostic, ['quickfix']);
        assert.ok(actions.length >= 2, `a fix and a suppression for ${brief([diagnostic]).join()} in ${uri}`);
        for (const action of actions) {
          const texts = await applyEdit(session, action);
          for (const [changed, text] of Object.entries(texts)) {
            for (const comment of comments(originals[changed])) assert.ok(text.includes(comment), `"${action.title}" keeps ${comment}`);
          }
          await session.diagnosticsWhen(uri, (d) => !d.some((x) => x.message === diagnostic.message && x.code === diagnostic.code), `"${action.title}" applied`);
          applied++;
          // Back to the original texts, and the original findings, for the next action.
          for (const changed of Object.keys(texts)) await session.change(changed, originals[changed]);
          for (const [other, list] of Object.entries(expected)) await session.diagnosticsWhen(other, (d) => brief(d).join() === list.join(), 'the original findings');
        }
      }
    }
    assert.equal(applied, 10, 'five diagnostics, each with a fix and a suppression');
  });

  it('"disable BEXnnn for this line" writes the directive the engine honours', async () => {
    const { session, be01 } = site;
    const warning = session.published.get(be01)!.find((d) => d.code === 'BEX203')!;
    const disable = (await actionsFor(session, be01, warning)).find((a) => a.title === 'Disable BEX203 for this line')!;
    const texts = await applyEdit(session, disable);
    assert.match(texts[be01], /\n {4}# befw-disable-next-line BEX203 -- reason\n {4}from: \[any\]/);
    const after = await session.diagnosticsWhen(be01, (d) => !d.some((x) => x.code === 'BEX203'));
    assert.deepEqual(brief(after), ['4:0-4:5 BEX100']);
  });

  it('"Fix all BEX1xx in this file" is a source action resolved to one edit that clears them all', async () => {
    const { session, manifest } = site;
    const diagnostics = await session.diagnosticsWhen(manifest, (d) => d.length === 2);
    const actions: CodeAction[] = await session.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: manifest },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all BEX1xx in this file', 'source.fixAll.befw']]);
    const resolved: CodeAction = await session.connection.sendRequest('codeAction/resolve', actions[0]);
    assert.deepEqual(Object.keys(resolved.edit!.changes!).sort(), [session.uri('be01.fwrules.yaml'), session.uri('dmz.fwrules.yaml')].sort());
    await applyEdit(session, resolved);
    await session.diagnosticsWhen(manifest, (d) => d.length === 0, 'a manifest without findings');
    assert.equal(diagnostics.length, 2);
    assert.deepEqual(brief(await session.diagnosticsWhen(session.uri('dmz.fwrules.yaml'), (d) => d.length === 0)), []);
  });
});
