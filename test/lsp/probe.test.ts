import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { LspSession, brief, positionOf } from '../support/lspSession';

const MANIFEST = `version: 1
settings:
  dynamicPorts: { agent: { enabled: true, range: 50100-50149 } }
hosts:
  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }
  - { name: fs01, role: remote-computer, address: 10.0.2.20 }
firewalls:
  - { name: dmz, rules: dmz.fwrules.yaml, protects: [fs01] }
`;

const RULES = `version: 1
rules:
  - { name: agent, action: allow, protocol: tcp, from: [be01], to: [fs01], ports: [10000, 50100-50149] }
`;

// The server measures ages from its own clock: the times are written relative to it.
const HOUR = 60 * 60 * 1000;
const AN_HOUR_AGO = new Date(Date.now() - HOUR).toISOString();
const TEN_DAYS_AGO = new Date(Date.now() - 240 * HOUR).toISOString();
const line = (port: number, result: string, at: string, to = 'fs01') => JSON.stringify({ from: 'be01', to, protocol: 'tcp', port, result, at });
/** 10000 timed out though dmz allows it (BEX300 in dmz); 4444 is no required port (BEX303); 50100 was open 10 days ago. */
const RESULTS = [line(10000, 'timeout', AN_HOUR_AGO), line(4444, 'open', AN_HOUR_AGO), line(50100, 'open', TEN_DAYS_AGO), ''].join('\n');

const BEX300 = '2:12-2:17 BEX300';

describe('LSP over stdio: probe results beside a manifest (*.probe.jsonl)', () => {
  let session: LspSession;
  let dmz: string;
  let results: string;
  before(async () => {
    const site = mkdtempSync(join(tmpdir(), 'befw-probe-site-'));
    writeFileSync(join(site, 'site.bexnet.yaml'), MANIFEST);
    writeFileSync(join(site, 'dmz.fwrules.yaml'), RULES);
    writeFileSync(join(site, 'be01.probe.jsonl'), RESULTS);
    session = await LspSession.start({ workspace: site });
    rmSync(site, { recursive: true, force: true });
    dmz = session.uri('dmz.fwrules.yaml');
    results = session.uri('be01.probe.jsonl');
  });
  after(() => session.stop());

  const hover = async (needle: string, nth = 0) => {
    const answer: Hover = await session.request('textDocument/hover', { textDocument: { uri: results }, position: positionOf(session.text(results), needle, nth) });
    return { markdown: (answer.contents as MarkupContent).value, range: answer.range };
  };
  const setMaxAge = async (days: number | undefined) => {
    session.settings = days === undefined ? {} : { probe: { maxAgeDays: days } };
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  };

  it('the results on disk, with nothing open, are read with the manifest: BEX300 at the allowing rule, BEX303 at the port no flow needs', async () => {
    assert.deepEqual(brief(await session.diagnosticsWhen(dmz, (d) => d.length > 0)), [BEX300]);
    assert.deepEqual(brief(await session.diagnosticsWhen(results, (d) => d.length > 0)), ['1:51-1:55 BEX303']);
  });

  it('hovers in the open results file say what a result, a port and a time mean', async () => {
    await session.openAs('be01.probe.jsonl', 'befw-probe', RESULTS);
    const timeout = await hover('timeout');
    assert.equal(
      timeout.markdown,
      '**timeout**: no answer in time: the connection did not reach the host. A firewall on the way dropped it, or answered with an ICMP unreachable (`detail` then says which), or the host is down.',
    );
    assert.deepEqual(timeout.range, { start: { line: 0, character: 67 }, end: { line: 0, character: 74 } });
    assert.match((await hover('10000')).markdown, /^\*\*TCP 10000\*\*\n\n\*\*Remote Agent control connection \(NDMP\)\*\*: TCP 10000/);
    const when = `${TEN_DAYS_AGO.slice(0, 10)} ${TEN_DAYS_AGO.slice(11, 16)}`;
    assert.equal(
      (await hover(TEN_DAYS_AGO)).markdown,
      `**Observed ${when}** (the probing host's clock), 10 day(s) ago.\n\nObservations older than 30 day(s) (setting befw.probe.maxAgeDays) are stale: reported as BEX302 and not compared with the rule files. This one counts for 19 day(s) more.`,
    );
    // The diagnostic under the cursor is explained after the port.
    assert.match((await hover('4444')).markdown, /^\*\*TCP 4444\*\*[\s\S]*\n\n---\n\n\*\*BEX303\*\*: TCP 4444 from "be01" to "fs01" \(observed open\) matches no required flow/);
  });

  it('a results file gets no "disable for this line": JSON Lines have no comments', async () => {
    const diagnostic = session.published.get(results)!.find((d) => d.code === 'BEX303')!;
    assert.deepEqual(await session.request('textDocument/codeAction', { textDocument: { uri: results }, range: diagnostic.range, context: { diagnostics: [diagnostic] } }), []);
  });

  it('an edit of the open results file re-checks its manifest: a broken line is BEX001, fixed lines take their diagnostics away, here and in the rule file', async () => {
    const lines = RESULTS.split('\n');
    await session.change(results, [lines[0], lines[1].slice(0, 30), lines[2], ''].join('\n'));
    assert.deepEqual(brief(await session.diagnosticsWhen(results, (d) => d.some((x) => x.code === 'BEX001'))).map((b) => b.split(' ')[1]), ['BEX001']);
    assert.equal(session.published.get(results)![0].range.start.line, 1);
    await session.change(results, [line(10000, 'open', AN_HOUR_AGO), line(50101, 'refused', AN_HOUR_AGO), lines[2], ''].join('\n'));
    await session.diagnosticsWhen(results, (d) => d.length === 0, 'results clean');
    await session.diagnosticsWhen(dmz, (d) => d.length === 0, 'BEX300 gone from dmz');
  });

  it('the age setting turns the 10-day-old observation stale (BEX302 at its time, and the hover says so) and back', async () => {
    await setMaxAge(5);
    const stale = await session.diagnosticsWhen(results, (d) => d.length > 0, 'BEX302');
    assert.deepEqual(brief(stale), [`2:79-2:${79 + TEN_DAYS_AGO.length} BEX302`]);
    assert.match((await hover(TEN_DAYS_AGO)).markdown, /older than 5 day\(s\) \(setting befw\.probe\.maxAgeDays\)[^\n]* This one is stale: run the probe again/);
    await setMaxAge(undefined);
    await session.diagnosticsWhen(results, (d) => d.length === 0, 'BEX302 gone');
  });

  it('a results file created beside the manifest is read once the watcher reports it, and its diagnostics go when it is deleted', async () => {
    const path = join(session.root, 'old.probe.jsonl');
    const created = session.uri('old.probe.jsonl');
    writeFileSync(path, `${line(10000, 'open', AN_HOUR_AGO, 'old01')}\n`);
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: created, type: 1 }] });
    const [notInManifest] = await session.diagnosticsWhen(created, (d) => d.length > 0);
    assert.deepEqual(brief([notInManifest]), ['0:21-0:26 BEX303']);
    unlinkSync(path);
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: created, type: 3 }] });
    await session.diagnosticsWhen(created, (d) => d.length === 0, 'diagnostics of the deleted file');
  });
});
