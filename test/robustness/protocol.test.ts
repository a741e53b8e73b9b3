import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkFiles, memoryService, uriOf, type FileSet } from '../support/engine';
import { EXAMPLES, LspSession } from '../support/lspSession';

/**
 * Protocol-level fuzz of the built server over stdio: examples/site is opened,
 * then a seeded random sequence of incremental edits (inserts and deletes at
 * random offsets, pasted garbage, everything deleted, one 5 MB paste) is sent
 * with hover, completion, symbol and code-action requests in between. The
 * server must stay up, answer every request, and end up publishing exactly
 * what the engine finds in the final texts.
 */

const SEED = 42;
const SITE = join(EXAMPLES, 'site');
const NAMES = ['site.bexnet.yaml', 'dmz.fwrules.yaml', 'be01.fwrules.yaml'] as const;
const MANIFEST = NAMES[0];
/** How long a request may take to be answered during the storm: code actions wait, by design, until every edit is checked, 5 MB included. */
const ANSWER_MS = 45_000;
/** A hover waits for no check; one check of the 5 MB file (a few seconds) in front of it is the most it should wait. */
const HOVER_MS = 15_000;
const BIG_PASTE = 5 * 1024 * 1024;
/** BEFW_TRACE=1 prints each step, to see where a hang is. */
const trace = (message: string) => process.env.BEFW_TRACE && process.stderr.write(`${new Date().toISOString().slice(11, 23)} ${message}\n`);

type Op =
  | { kind: 'insert'; file: number; at: number; text: string }
  | { kind: 'delete'; file: number; at: number; length: number }
  | { kind: 'deleteAll'; file: number }
  | { kind: 'bigPaste'; file: number; at: number; piece: string }
  | { kind: 'hover' | 'completion' | 'symbols' | 'codeAction' | 'fixAll'; file: number; at: number };

const file = fc.nat({ max: NAMES.length - 1 });
const at = fc.nat({ max: 1_000_000 });
const garbageUnit = fc.constantFrom(...':{}[]&*!|>\'"%@`#-,? \t\n', '\r\n', '\0', 'é', '𝔸', '\uD800', 'be01', 'sql01', '10000', 'ports: [', '  - name: x\n', 'rules:\n');
const typed = fc.oneof(fc.string({ unit: garbageUnit, maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 4 }));
const pasted = fc.string({ unit: garbageUnit, minLength: 200, maxLength: 2000 });

const editOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('insert' as const), file, at, text: typed }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), file, at, text: pasted }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('delete' as const), file, at, length: fc.nat({ max: 60 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('hover' as const, 'completion' as const, 'symbols' as const, 'codeAction' as const, 'fixAll' as const), file, at }) },
);
const ops = (min: number, max: number) => fc.array(editOp, { minLength: min, maxLength: max });

/** The whole sequence: random edits, a 5 MB paste and edits on top of it, everything deleted in one file, more edits. */
const script = fc
  .tuple(ops(50, 60), file, at, fc.string({ unit: garbageUnit, minLength: 500, maxLength: 1500 }), ops(8, 12), file, ops(25, 35))
  .map(([first, bigFile, bigAt, piece, onBig, emptied, last]): Op[] => [
    ...first,
    { kind: 'bigPaste', file: bigFile, at: bigAt, piece },
    ...onBig,
    { kind: 'deleteAll', file: emptied },
    ...last,
  ]);

/** A promise that fails, naming the request, when no answer comes in time. */
function answered<T>(what: string, pending: Promise<T>, ms = ANSWER_MS): Promise<T | { error: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ms} ms`)), ms);
  });
  // An LSP error response is an answer too.
  const outcome = pending.then(
    (result) => (trace(`answer to ${what}`), result),
    (error: Error) => (trace(`error answer to ${what}`), { error: error.message }),
  );
  return Promise.race([outcome, timeout]).finally(() => clearTimeout(timer));
}

/** The client side of the documents: the texts as edited, sent as incremental changes. */
class Editor {
  readonly documents = new Map<string, TextDocument>();
  readonly answers: Promise<unknown>[] = [];

  constructor(private readonly session: LspSession) {}

  async open(name: string, text: string): Promise<void> {
    const uri = await this.session.open(name, text);
    this.documents.set(uri, TextDocument.create(uri, 'yaml', 1, text));
  }

  private nth(index: number): TextDocument {
    return this.documents.get(this.session.uri(NAMES[index]))!;
  }

  private async replace(document: TextDocument, start: number, end: number, text: string): Promise<void> {
    const range: Range = { start: document.positionAt(start), end: document.positionAt(end) };
    const version = document.version + 1;
    this.documents.set(document.uri, TextDocument.update(document, [{ range, text }], version));
    await this.session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: document.uri, version }, contentChanges: [{ range, text }] });
  }

  /** Answer bound for the requests sent from now on. */
  answerMs = ANSWER_MS;

  private request(method: string, params: object): void {
    this.answers.push(answered(`${method} #${this.answers.length}`, this.session.connection.sendRequest(method, params), this.answerMs));
  }

  async apply(op: Op): Promise<void> {
    const document = this.nth(op.file);
    const text = document.getText();
    const offset = 'at' in op ? op.at % (text.length + 1) : 0;
    const textDocument = { uri: document.uri };
    const position = document.positionAt(offset);
    switch (op.kind) {
      case 'insert':
        return this.replace(document, offset, offset, op.text);
      case 'delete':
        return this.replace(document, offset, Math.min(text.length, offset + op.length), '');
      case 'deleteAll':
        return this.replace(document, 0, text.length, '');
      case 'bigPaste':
        return this.replace(document, offset, offset, op.piece.repeat(Math.ceil(BIG_PASTE / op.piece.length)).slice(0, BIG_PASTE));
      case 'hover':
        return this.request('textDocument/hover', { textDocument, position });
      case 'completion':
        return this.request('textDocument/completion', { textDocument, position });
      case 'symbols':
        return this.request('textDocument/documentSymbol', { textDocument });
      case 'codeAction': {
        // The diagnostics the client last saw, stale or not, as an editor sends them.
        const diagnostics = (this.session.published.get(document.uri) ?? []).slice(0, 5);
        const range = diagnostics[0]?.range ?? { start: position, end: position };
        return this.request('textDocument/codeAction', { textDocument, range, context: { diagnostics, only: ['quickfix'] } });
      }
      case 'fixAll':
        return this.request('textDocument/codeAction', { textDocument, range: { start: position, end: position }, context: { diagnostics: [], only: ['source.fixAll.befw'] } });
    }
  }

  texts(): FileSet {
    return Object.fromEntries(NAMES.map((name, i) => [name, this.nth(i).getText()]));
  }
}

/** A diagnostic as compared: code, range and message (BEX017 names a path the in-memory files spell differently). */
function key(d: Diagnostic): string {
  const { start, end } = d.range;
  return `${String(d.code)} ${start.line}:${start.character}-${end.line}:${end.character} ${d.code === 'BEX017' ? '(unreadable rule file)' : String(d.message)}`;
}

/** What the engine reports for each file of the final texts, merged per file as the server merges them. */
async function expectedDiagnostics(files: FileSet): Promise<Map<string, string[]>> {
  const { report } = await checkFiles(files, MANIFEST);
  const expected = new Map<string, string[]>();
  const add = (name: string, diagnostics: readonly Diagnostic[]) => {
    const seen = new Set<string>();
    const list = diagnostics.filter((d) => {
      // The server merges by code, start and message; a rule file two firewalls share is reported once.
      const merged = `${String(d.code)}|${d.range.start.line}:${d.range.start.character}|${String(d.message)}`;
      return !seen.has(merged) && seen.add(merged);
    });
    expected.set(name, list.map(key).sort());
  };
  for (const name of NAMES) {
    const checked = report.diagnostics.get(uriOf(name));
    // A rule file the edited manifest no longer references is checked on its own.
    add(name, checked ?? memoryService(files).checkRuleFile({ uri: uriOf(name), text: files[name] }).diagnostics.get(uriOf(name)) ?? []);
  }
  return expected;
}

/** Starts the server on a copy of examples/site and opens its three files. */
async function openSite(settings: Record<string, unknown>): Promise<{ session: LspSession; editor: Editor; exits: string[] }> {
  const session = await LspSession.start({ workspace: SITE, settings });
  const exits: string[] = [];
  session.process.on('exit', (code, signal) => exits.push(`exit code ${code}, signal ${signal}`));
  const editor = new Editor(session);
  for (const name of NAMES) await editor.open(name, readFileSync(join(SITE, name), 'utf8'));
  await session.diagnosticsWhen(session.uri(MANIFEST), (d) => d.length > 0, 'the first check');
  return { session, editor, exits };
}

/** Stops the server; one still busy after a few seconds is killed (it is this test's own child process). */
async function stop(session: LspSession): Promise<void> {
  await Promise.race([session.stop(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  if (session.process.exitCode === null && session.process.signalCode === null) session.process.kill('SIGKILL');
}

/** Resolves once the server has checked every edit sent so far: a code action is answered only when no check is waiting or running. */
function settled(session: LspSession): Promise<unknown> {
  const params = { textDocument: { uri: session.uri(MANIFEST) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } };
  return answered('textDocument/codeAction after the last edit', session.connection.sendRequest('textDocument/codeAction', params));
}

/** Once every edit is checked: each file's published diagnostics are the engine's for the final texts, nothing failed, the server is up. */
async function assertSettledOnEngine(session: LspSession, editor: Editor, exits: readonly string[]): Promise<void> {
  await settled(session);
  trace('settled');
  const expected = await expectedDiagnostics(editor.texts());
  for (const name of NAMES) {
    const published = (session.published.get(session.uri(name)) ?? []).map(key).sort();
    assert.deepEqual(published, expected.get(name), `${name}: published diagnostics equal a fresh check of the final text`);
  }
  const failures = session.notifications.filter((n) => n.method === 'window/logMessage' && /failed/.test(String((n.params as { message: string }).message)));
  assert.deepEqual(failures.map((n) => (n.params as { message: string }).message.split('\n')[0]), [], 'no handler or check failed (and was only logged)');
  assert.deepEqual(exits, [], 'the server process is still running');
}

describe('LSP over stdio under a random edit storm (seed 42)', () => {
  it('stays up, answers every request, and settles on the diagnostics of the final texts', { timeout: 120_000 }, async () => {
    const [sequence] = fc.sample(script, { seed: SEED, numRuns: 1 });
    const { session, editor, exits } = await openSite({});
    try {
      for (const [i, op] of sequence.entries()) {
        trace(`op ${i} ${JSON.stringify(op).slice(0, 100)}`);
        await editor.apply(op);
        // Now and then the client waits a moment, so that checks start and get interrupted.
        if (op.kind === 'delete' && op.length % 7 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      trace('waiting for the answers');
      const results = await Promise.all(editor.answers);
      assert.deepEqual(exits, [], 'the server process is still running');
      const errors = results.filter((r): r is { error: string } => typeof r === 'object' && r !== null && 'error' in r);
      // Errors are answers; the ones LSP allows for (cancelled, content modified) are fine, anything else is listed.
      assert.deepEqual(errors.filter((e) => !/cancel|modified|changed/i.test(e.error)), [], 'requests answered with unexpected errors');
      await assertSettledOnEngine(session, editor, exits);
    } finally {
      await stop(session);
    }
  });

  it('a paste of 150,000 broken YAML lines above the rules: hovers stay prompt and the diagnostics settle on the engine\'s', { timeout: 120_000 }, async () => {
    const { session, editor, exits } = await openSite({ diagnostics: { delay: 0 } });
    try {
      const dmz = NAMES.indexOf('dmz.fwrules.yaml');
      await editor.apply({ kind: 'insert', file: dmz, at: 0, text: ']\n'.repeat(150_000) });
      const started = Date.now();
      editor.answerMs = HOVER_MS;
      await editor.apply({ kind: 'hover', file: dmz, at: 3 });
      const [hover] = await Promise.all(editor.answers);
      trace(`hover answered after ${Date.now() - started} ms`);
      assert.ok(!(typeof hover === 'object' && hover !== null && 'error' in hover), `the hover is answered: ${JSON.stringify(hover)}`);
      await assertSettledOnEngine(session, editor, exits);
    } finally {
      await stop(session);
    }
  });
});
