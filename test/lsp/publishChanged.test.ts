import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LspSession } from '../support/lspSession';

const SITE = join(__dirname, '..', '..', '..', 'examples', 'site');

/**
 * A check re-publishes every file of the site it touched; a file whose diagnostics did not change
 * must not be sent again (on a 500-host site an edit touches 500 files).
 */
describe('LSP over stdio: only changed diagnostics are published', () => {
  let session: LspSession;
  before(async () => (session = await LspSession.start({ workspace: SITE })));
  after(() => session.stop());

  it('widening the dmz rule re-publishes dmz.fwrules.yaml, not be01.fwrules.yaml, whose findings stay', async () => {
    const text = readFileSync(join(SITE, 'dmz.fwrules.yaml'), 'utf8');
    const dmz = await session.open('dmz.fwrules.yaml', text);
    const be01 = session.uri('be01.fwrules.yaml');
    await session.diagnosticsWhen(dmz, (d) => d.some((x) => x.code === 'BEX101'));
    const before = await session.diagnosticsWhen(be01, (d) => d.length === 2);
    const count = session.publishCounts.get(be01);
    await session.change(dmz, text.replace('ports: [10000, 50100-50120]', 'ports: [10000, 50100-50149]'));
    await session.diagnosticsWhen(dmz, (d) => d.length === 0, 'BEX101 gone');
    // The server writes in order: once a later answer is here, every publish of that check is too.
    await session.request('textDocument/hover', { textDocument: { uri: dmz }, position: { line: 0, character: 0 } });
    assert.equal(session.publishCounts.get(be01), count);
    assert.deepEqual(session.published.get(be01), before);
  });
});
