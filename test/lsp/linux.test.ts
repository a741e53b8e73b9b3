import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CodeLens, Hover, MarkupContent } from 'vscode-languageserver-types';
import { EXAMPLES, LspSession, brief, positionOf } from '../support/lspSession';

const LINUX = join(EXAMPLES, 'linux');
const read = (name: string) => readFileSync(join(LINUX, name), 'utf8');

describe('LSP over stdio: Agent for Linux hosts (iptables-save, nftables, ufw)', () => {
  let session: LspSession;
  let iptables: string;
  let nft: string;
  let ufw: string;
  before(async () => {
    session = await LspSession.start({ workspace: LINUX });
    await session.open('linux.bexnet.yaml', read('linux.bexnet.yaml'));
    iptables = await session.openAs('web04.iptables', 'befw-iptables', read('web04.iptables'));
    nft = await session.openAs('db04.nft', 'befw-nft', read('db04.nft'));
    ufw = await session.openAs('files04.user.rules', 'befw-iptables', read('files04.user.rules'));
    await session.diagnosticsWhen(ufw, (d) => d.length > 0);
  });
  after(() => session.stop());

  const hover = async (uri: string, needle: string, nth = 0) =>
    (((await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(session.text(uri), needle, nth) })) as Hover).contents as MarkupContent).value;
  const quickFixes = async (uri: string, code: string): Promise<CodeAction[]> => {
    const diagnostic = session.published.get(uri)!.find((d) => d.code === code)!;
    return session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
  };

  it('reports each host at the exact rule or chain: the part of the range the user chain returns, the other base chain\'s drop, ufw\'s default deny', async () => {
    assert.deepEqual(brief(await session.diagnosticsWhen(iptables, (d) => d.length > 0)), ['13:39-13:50 BEX101']);
    assert.equal(session.text(iptables).split('\n')[13].slice(39, 50), '50100:50129');
    assert.deepEqual(brief(await session.diagnosticsWhen(nft, (d) => d.length > 0)), ['16:38-16:61 BEX104']);
    const [inUfw] = await session.diagnosticsWhen(ufw, (d) => d.length > 0);
    assert.deepEqual(brief([inUfw]), ['1:1-1:15 BEX100']);
    assert.match(String(inUfw.message), /chain ufw-user-input drops 50100-50149 by its policy\)/);
    // The policy is stated in the second file of the firewall's rules: related information points there.
    assert.ok(inUfw.relatedInformation!.some((r) => r.location.uri === session.uri('files04.default-ufw') && r.message === 'policy of chain ufw-user-input'));
  });

  it('hovers say which chain a rule sits in, what reaches that chain, and what a port is for on an Agent for Linux', async () => {
    assert.match(await hover(iptables, 'BACKUP'), /Chain \*\*BACKUP\*\* \(IPv4\): entered by 1 rule\(s\)[^\n]*\n- jump from \*\*INPUT\*\*, line 11/);
    assert.match(await hover(iptables, 'RETURN'), /It returns to the chain that jumped here[\s\S]*Chain \*\*BACKUP\*\*/);
    const port = await hover(iptables, '10000');
    assert.match(port, /Remote Agent control connection \(NDMP\)/);
    assert.match(port, /Agent for Linux/);
    assert.match(await hover(nft, 'input {', 1), /Chain \*\*inet hardening input\*\*: base chain for inbound connections, priority -10, policy accept/);
  });

  it('the lens above the first inbound base chain counts the host\'s flows', async () => {
    const lenses: CodeLens[] = await session.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: iptables } });
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.title]), [[2, 'web04-host: 2/3 required flows allowed'], [2, 'table']]);
  });

  it('the iptables fix appends an accept of the closed ports to INPUT, and the re-check is clean', async () => {
    const [fix] = await quickFixes(iptables, 'BEX101');
    assert.equal(fix.title, 'Add rule "Remote Agent data connections 50130-50149 from be04 to web04" at the end of chain INPUT');
    const before = session.text(iptables);
    const after = TextDocument.applyEdits(TextDocument.create(iptables, 'befw-iptables', 0, before), fix.edit!.changes![iptables]);
    const added = after.split('\n').filter((line) => !before.split('\n').includes(line));
    assert.deepEqual(added, ['-A INPUT -p tcp -s 10.4.1.10 --dport 50130:50149 -m comment --comment "Remote Agent data connections 50130-50149 from be04 to web04" -j ACCEPT']);
    assert.ok(after.indexOf(added[0]) < after.indexOf('-A BACKUP'), 'after the last INPUT rule, before the user chains\' rules');
    await session.change(iptables, after);
    await session.diagnosticsWhen(iptables, (d) => d.length === 0, 'web04 clean');
  });

  it('the ufw fix writes a tuple comment and its rule in the RULES section, and the re-check is clean', async () => {
    const [fix] = await quickFixes(ufw, 'BEX100');
    const before = session.text(ufw);
    const after = TextDocument.applyEdits(TextDocument.create(ufw, 'befw-iptables', 0, before), fix.edit!.changes![ufw]);
    const added = after.split('\n').filter((line) => !before.split('\n').includes(line));
    assert.equal(added[0].startsWith('### tuple ### allow tcp 50100:50149 0.0.0.0/0 any 10.4.1.10 in'), true, added.join('\n'));
    assert.equal(added[1], '-A ufw-user-input -p tcp -m multiport --dports 50100:50149 -s 10.4.1.10 -j ACCEPT');
    assert.ok(after.indexOf(added[1]) < after.indexOf('### END RULES ###'));
    await session.change(ufw, after);
    await session.diagnosticsWhen(ufw, (d) => !d.some((x) => x.code === 'BEX100'), 'files04 BEX100 fixed');
  });
});
