import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { StreamMessageReader, StreamMessageWriter, createProtocolConnection, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { generateSite, type GeneratedSite } from './generateSite';

/**
 * Drives a language server over stdio as an editor does, on generated rule
 * files: initialize, open → first diagnostics, one-rule edits → diagnostics,
 * hover and completion latency, peak RSS. Used by `npm run bench` for this
 * project's server and for yaml-language-server on the same files.
 */
export interface ServerUnderTest {
  readonly name: string;
  readonly command: readonly string[];
  readonly languageId: string;
  /** Answers workspace/configuration for a section. */
  configuration(section: string | undefined, schema: string): unknown;
  /** Pull diagnostics after each edit (ours), or wait for the next push (yaml-language-server). */
  readonly pull: boolean;
}

export interface Measurement {
  readonly initialize: number;
  readonly open: number;
  readonly edit: number;
  readonly edits: number;
  readonly hover: number;
  readonly completion: number;
  readonly peakRssMb: number;
}

const ROOT = join(__dirname, '..', '..');
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Deterministic pseudo-random numbers, so every run edits the same places. */
function random(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** A server started over stdio on a generated site (site.bexnet.yaml and core.fwrules.yaml), as an editor drives it. */
export interface BenchSession {
  readonly connection: ProtocolConnection;
  readonly site: GeneratedSite;
  /** The URI of core.fwrules.yaml, or of another file of the site. */
  uri(name?: string): string;
  /** Fails, naming `what`, when `promise` takes longer than the session's timeout. */
  within<T>(what: string, promise: Promise<T>): Promise<T>;
  /** The next diagnostics pushed for core.fwrules.yaml. */
  nextPush(): Promise<void>;
  readonly initializeMs: number;
  peakRssMb(): number;
  dispose(): void;
}

/** Starts `server` on a generated site of `ruleCount` rules and initializes it. */
export async function launch(server: ServerUnderTest, ruleCount: number, timeoutMs: number): Promise<BenchSession> {
  const folder = mkdtempSync(join(tmpdir(), 'befw-bench-'));
  const site = generateSite(ruleCount);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'site.bexnet.yaml'), site.manifest);
  writeFileSync(join(folder, 'core.fwrules.yaml'), site.ruleFile);
  const schema = pathToFileURL(join(ROOT, 'schemas', 'fwrules.schema.json')).toString();
  const child = spawn(process.execPath, [...server.command, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection: ProtocolConnection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const pushed: (() => void)[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string }) => {
    if (params.uri.endsWith('core.fwrules.yaml')) pushed.splice(0).forEach((resolve) => resolve());
  });
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((item) => server.configuration(item.section, schema)));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/diagnostic/refresh', () => null);
  connection.onRequest('workspace/codeLens/refresh', () => null);
  connection.listen();
  const within = <T>(what: string, promise: Promise<T>) =>
    Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${server.name}: ${what} took over ${timeoutMs} ms`)), timeoutMs))]);
  const dispose = () => {
    connection.dispose();
    child.kill();
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    const start = performance.now();
    await within('initialize', connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(folder).toString(),
      workspaceFolders: [{ uri: pathToFileURL(folder).toString(), name: 'bench' }],
      capabilities: { workspace: { configuration: true }, textDocument: { hover: { contentFormat: ['markdown'] }, ...(server.pull ? { diagnostic: {} } : {}), publishDiagnostics: {} } },
    }));
    const initializeMs = performance.now() - start;
    await connection.sendNotification('initialized', {});
    return {
      connection,
      site,
      uri: (name = 'core.fwrules.yaml') => pathToFileURL(join(folder, name)).toString(),
      within,
      nextPush: () => new Promise<void>((resolve) => pushed.push(resolve)),
      initializeMs,
      peakRssMb: () => peakRss(child.pid!),
      dispose,
    };
  } catch (error) {
    dispose();
    throw error;
  }
}

export async function measure(server: ServerUnderTest, ruleCount: number, edits: number, timeoutMs: number): Promise<Measurement> {
  const session = await launch(server, ruleCount, timeoutMs);
  const { connection, site, within, nextPush } = session;
  const uri = session.uri();
  const diagnostics = async () => {
    if (server.pull) await within('diagnostics', connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } }));
  };
  try {
    let start = performance.now();
    let push = nextPush();
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: server.languageId, version: 1, text: site.ruleFile } });
    if (server.pull) await diagnostics();
    else await within('first diagnostics', push);
    const open = performance.now() - start;

    const lines = site.ruleFile.split('\n');
    const portLines = lines.map((line, i) => (line.startsWith('    ports: [') ? i : -1)).filter((i) => i >= 0);
    const protocolLines = lines.map((line, i) => (line.startsWith('    protocol: ') ? i : -1)).filter((i) => i >= 0);
    const pick = random(7);
    const editTimes: number[] = [];
    for (let i = 0; i < edits; i++) {
      // Rename one rule: a one-line change somewhere in the file, as a user types it.
      const line = portLines[Math.floor(pick() * portLines.length)] - 5;
      push = nextPush();
      start = performance.now();
      await connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: i + 2 },
        contentChanges: [{ range: { start: { line, character: 10 }, end: { line, character: 10 } }, text: `e${i}-` }],
      });
      if (server.pull) await diagnostics();
      else await within('diagnostics after an edit', push);
      editTimes.push(performance.now() - start);
    }

    const timed = async (method: string, lineOf: () => number, character: number) => {
      const times: number[] = [];
      for (let i = 0; i < 21; i++) {
        const position = { line: lineOf(), character };
        start = performance.now();
        await within(method, connection.sendRequest(method, { textDocument: { uri }, position }));
        times.push(performance.now() - start);
      }
      return median(times);
    };
    const hover = await timed('textDocument/hover', () => portLines[Math.floor(pick() * portLines.length)], 13);
    const completion = await timed('textDocument/completion', () => protocolLines[Math.floor(pick() * protocolLines.length)], 14);
    return { initialize: session.initializeMs, open, edit: median(editTimes), edits, hover, completion, peakRssMb: session.peakRssMb() };
  } finally {
    session.dispose();
  }
}

export const OURS: ServerUnderTest = {
  name: 'befw-language-server',
  command: [join(ROOT, 'dist', 'server.js')],
  languageId: 'befw-rules',
  pull: true,
  configuration: (section) => (section === 'befw' ? { diagnostics: { delay: 0 } } : {}),
};

export const YAML_LANGUAGE_SERVER: ServerUnderTest = {
  name: 'yaml-language-server',
  command: [join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server')],
  languageId: 'yaml',
  pull: false,
  configuration: (section, schema) =>
    section === 'yaml' ? { validate: true, hover: true, completion: true, format: { enable: false }, schemas: { [schema]: '*.fwrules.yaml' }, maxItemsComputed: 5000 } : {},
};
