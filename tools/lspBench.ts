import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { StreamMessageReader, StreamMessageWriter, createProtocolConnection, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import type { BenchSite } from './shapes';
import { seededRandom } from './seededRandom';

/**
 * Drives a language server over stdio as an editor does, on a generated site:
 * open → first diagnostics, hover and completion latency, one-digit port
 * edits → diagnostics, peak RSS. Used by `npm run bench` for this
 * project's server and for yaml-language-server on the same files.
 */
export interface ServerUnderTest {
  readonly name: string;
  readonly command: readonly string[];
  /** The languageId to open the edited file with; undefined: the site's own. */
  readonly languageId?: string;
  /** Answers workspace/configuration for a section. */
  configuration(section: string | undefined, schema: string): unknown;
  /** Pull diagnostics after each edit (ours), or wait for the next push (yaml-language-server). */
  readonly pull: boolean;
}

/** Milliseconds, or why there are none: the cell's time ran out first, or the site has nothing to time. */
export type Timing = number | 'cut' | 'n/a';

export interface Measurement {
  readonly open: Timing;
  readonly edit: Timing;
  /** Edits made; fewer than asked when the time ran out. */
  readonly edits: number;
  readonly hover: Timing;
  readonly completion: Timing;
  readonly peakRssMb: number;
}

const ROOT = join(__dirname, '..', '..');
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** The time given to a session ran out. */
export class OutOfTime extends Error {}

/** Writes the site's files into a new temporary folder and returns it. */
export function writeSite(site: BenchSite): string {
  const folder = mkdtempSync(join(tmpdir(), 'befw-bench-'));
  for (const [name, text] of Object.entries(site.files)) writeFileSync(join(folder, name), text);
  return folder;
}

/** A server started over stdio on a generated site written to disk, as an editor drives it. */
export interface BenchSession {
  readonly connection: ProtocolConnection;
  readonly site: BenchSite;
  /** The URI of the edited file, or of another file of the site. */
  uri(name?: string): string;
  /** Fails with OutOfTime, naming `what`, when the session's time runs out before `promise` settles. */
  within<T>(what: string, promise: Promise<T>): Promise<T>;
  /** The next diagnostics pushed for the edited file. */
  nextPush(): Promise<void>;
  peakRssMb(): number;
  dispose(): void;
}

/** Starts `server` on `site` and initializes it; the whole session has `timeoutMs`. */
export async function launch(server: ServerUnderTest, site: BenchSite, timeoutMs: number): Promise<BenchSession> {
  const deadline = performance.now() + timeoutMs;
  const folder = writeSite(site);
  const uri = (name = site.edited) => pathToFileURL(join(folder, name)).toString();
  const schema = pathToFileURL(join(ROOT, 'schemas', 'fwrules.schema.json')).toString();
  const child = spawn(process.execPath, [...server.command, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection: ProtocolConnection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const pushed: (() => void)[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string }) => {
    if (params.uri === uri()) pushed.splice(0).forEach((resolve) => resolve());
  });
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((item) => server.configuration(item.section, schema)));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/diagnostic/refresh', () => null);
  connection.onRequest('workspace/codeLens/refresh', () => null);
  connection.listen();
  const within = <T>(what: string, promise: Promise<T>) => {
    let timer: NodeJS.Timeout | undefined;
    const outOfTime = new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new OutOfTime(`${server.name}: ${what}: out of time (${timeoutMs} ms)`)), Math.max(0, deadline - performance.now()));
    });
    return Promise.race([promise, outOfTime]).finally(() => clearTimeout(timer));
  };
  const dispose = () => {
    connection.dispose();
    child.kill();
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    await within('initialize', connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(folder).toString(),
      workspaceFolders: [{ uri: pathToFileURL(folder).toString(), name: 'bench' }],
      capabilities: { workspace: { configuration: true }, textDocument: { hover: { contentFormat: ['markdown'] }, ...(server.pull ? { diagnostic: {} } : {}), publishDiagnostics: {} } },
    }));
    await connection.sendNotification('initialized', {});
    return {
      connection,
      site,
      uri,
      within,
      nextPush: () => new Promise<void>((resolve) => pushed.push(resolve)),
      peakRssMb: () => peakRss(child.pid!),
      dispose,
    };
  } catch (error) {
    dispose();
    throw error;
  }
}

/** A place in the edited text. */
interface Place {
  readonly line: number;
  readonly character: number;
}

/**
 * Port lists of rules in each dialect: YAML's `ports: [...]`, netsh's `localport=`/`remoteport=`, PowerShell's
 * `-LocalPort`/`-RemotePort`, a .reg rule string's `|LPort=`/`|RPort=`, show-rule output's `LocalPort:`/`RemotePort:`
 * lines, the collector JSON's port strings, one per line as ConvertTo-Json writes arrays, iptables' `--dport`/`--dports`
 * (a:b ranges) and nft's `dport` (a port or a `{ … }` set).
 */
const PORT_LIST = /(?:ports: \[|localport=|remoteport=|-LocalPort |-RemotePort |\|[LR]Port=|^(?:Local|Remote)Port: +|^\s+"|--dports? |dport \{ |dport )([\d, :-]+)/g;

/** The single ports of rules where replacing the last digit keeps a port of 1024 or more (1030 to 65529), by their first character. */
function editablePorts(lines: readonly string[]): Place[] {
  const places: Place[] = [];
  lines.forEach((text, line) => {
    for (const list of text.matchAll(PORT_LIST)) {
      const listStart = list.index! + list[0].length - list[1].length;
      for (const item of list[1].matchAll(/\d+(?:[-:]\d+)?/g)) {
        const port = Number(item[0]);
        if (!/[-:]/.test(item[0]) && port >= 1030 && port <= 65529) places.push({ line, character: listStart + item.index! });
      }
    }
  });
  return places;
}

/** Where `protocol: ` of a YAML rule ends, for completions of its value. */
const protocolValues = (lines: readonly string[]): Place[] =>
  lines.flatMap((text, line) => {
    const key = /^\s+(?:- )?protocol: /.exec(text);
    return key ? [{ line, character: key[0].length }] : [];
  });

/**
 * Measures `server` on `site` within `timeoutMs` in all: open, 21 hovers on
 * ports, 21 completions after `protocol: ` (YAML only), then `edits` one-digit
 * edits of a port, last, so that a cell whose time runs out during its slow
 * edits still has the rest. What the time did not reach is 'cut'.
 */
export async function measure(server: ServerUnderTest, site: BenchSite, edits: number, timeoutMs: number): Promise<Measurement> {
  const session = await launch(server, site, timeoutMs);
  const { connection, within, nextPush } = session;
  const uri = session.uri();
  const diagnostics = () => within('diagnostics', connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } }));
  const lines = site.files[site.edited].split('\n');
  const ports = editablePorts(lines);
  const protocols = protocolValues(lines);
  const pick = seededRandom(7);
  const somewhere = (places: readonly Place[]) => places[Math.floor(pick() * places.length)];
  let open: Timing = 'cut';
  const editTimes: number[] = [];
  let hover: Timing = 'cut';
  let completion: Timing = protocols.length > 0 ? 'cut' : 'n/a';
  try {
    let start = performance.now();
    let push = nextPush();
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: server.languageId ?? site.languageId, version: 1, text: site.files[site.edited] } });
    await (server.pull ? diagnostics() : within('first diagnostics', push));
    open = performance.now() - start;

    const timed = async (method: string, places: readonly Place[]) => {
      const times: number[] = [];
      for (let i = 0; i < 21; i++) {
        start = performance.now();
        await within(method, connection.sendRequest(method, { textDocument: { uri }, position: somewhere(places) }));
        times.push(performance.now() - start);
      }
      return median(times);
    };
    hover = await timed('textDocument/hover', ports);
    if (protocols.length > 0) completion = await timed('textDocument/completion', protocols);

    for (let i = 0; i < edits; i++) {
      // Change the last digit of a port somewhere in the file, as a user retypes it.
      const port = somewhere(ports);
      const character = port.character + /^\d+/.exec(lines[port.line].slice(port.character))![0].length - 1;
      const digit = String((Number(lines[port.line][character]) + 1 + Math.floor(pick() * 9)) % 10);
      lines[port.line] = lines[port.line].slice(0, character) + digit + lines[port.line].slice(character + 1);
      push = nextPush();
      start = performance.now();
      await connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: i + 2 },
        contentChanges: [{ range: { start: { line: port.line, character }, end: { line: port.line, character: character + 1 } }, text: digit }],
      });
      await (server.pull ? diagnostics() : within('diagnostics after an edit', push));
      editTimes.push(performance.now() - start);
    }
  } catch (error) {
    if (!(error instanceof OutOfTime)) throw error;
  }
  try {
    const edit = editTimes.length > 0 ? median(editTimes) : 'cut';
    return { open, edit, edits: editTimes.length, hover, completion, peakRssMb: session.peakRssMb() };
  } finally {
    session.dispose();
  }
}

/** BENCH_MAX_FILE_SIZE_MB raises befw's size limit (20 MB) for the server and the CLI: a 50,000-rule export is larger. */
export const MAX_FILE_SIZE_MB = process.env.BENCH_MAX_FILE_SIZE_MB ? Number(process.env.BENCH_MAX_FILE_SIZE_MB) : undefined;

export const OURS: ServerUnderTest = {
  name: 'befw-language-server',
  command: [join(ROOT, 'dist', 'server.js')],
  pull: true,
  configuration: (section) => (section === 'befw' ? { diagnostics: { delay: 0 }, ...(MAX_FILE_SIZE_MB ? { maxFileSize: MAX_FILE_SIZE_MB } : {}) } : {}),
};

export const YAML_LANGUAGE_SERVER: ServerUnderTest = {
  name: 'yaml-language-server',
  command: [join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server')],
  languageId: 'yaml',
  pull: false,
  configuration: (section, schema) =>
    section === 'yaml' ? { validate: true, hover: true, completion: true, format: { enable: false }, schemas: { [schema]: '*.fwrules.yaml' }, maxItemsComputed: 5000 } : {},
};
