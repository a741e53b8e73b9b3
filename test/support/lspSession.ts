import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** The built, bundled server: what the bin and the extension run. */
export const SERVER = join(__dirname, '..', '..', '..', 'dist', 'server.js');
export const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

export interface SessionOptions {
  /** A folder copied to a temporary workspace, so tests may write to it. */
  readonly workspace: string;
  readonly pull?: boolean;
  /** Declares no support for creating files in workspace edits. */
  readonly noFileCreation?: boolean;
  readonly settings?: Record<string, unknown>;
  readonly transport?: 'stdio' | 'node-ipc';
  /** Settings sent as initializationOptions, for a client without workspace/configuration (Neovim 0.7). */
  readonly initializationSettings?: Record<string, unknown>;
  /** The name of the workspace folder (to test odd characters); default "workspace". */
  readonly folderName?: string;
  /** Opens the workspace through a symbolic link to it. */
  readonly throughLink?: boolean;
  /** Sends no workspace folder, as an editor does for a single file. */
  readonly noWorkspaceFolder?: boolean;
  /** Changes the copied workspace before the server starts (files that cannot be copied, such as a FIFO). */
  readonly prepare?: (root: string) => void;
}

/** A minimal LSP client over the server's stdio (or IPC), as an editor would drive it. */
export class LspSession {
  readonly root: string;
  readonly published = new Map<string, Diagnostic[]>();
  /** How many times each file's diagnostics were published. */
  readonly publishCounts = new Map<string, number>();
  readonly notifications: { method: string; params: unknown }[] = [];
  refreshRequests = 0;
  settings: Record<string, unknown>;
  private readonly documents = new Map<string, TextDocument>();
  private readonly listeners = new Set<() => void>();
  initializeResult!: InitializeResult;
  stderr = '';

  private constructor(
    readonly connection: ProtocolConnection,
    readonly process: ChildProcess,
    root: string,
    private readonly home: string,
    settings: Record<string, unknown>,
  ) {
    this.root = root;
    this.settings = settings;
  }

  static async start(options: SessionOptions): Promise<LspSession> {
    const home = mkdtempSync(join(tmpdir(), 'befw-lsp-'));
    const real = join(home, options.folderName ?? 'workspace');
    cpSync(options.workspace, real, { recursive: true });
    const root = options.throughLink ? join(home, 'link') : real;
    if (options.throughLink) symlinkSync(real, root);
    options.prepare?.(real);
    const ipc = options.transport === 'node-ipc';
    const child = spawn(process.execPath, [SERVER, ipc ? '--node-ipc' : '--stdio'], { stdio: ipc ? ['pipe', 'pipe', 'pipe', 'ipc'] : 'pipe' });
    const connection = ipc
      ? createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child))
      : createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const session = new LspSession(connection, child, root, home, options.settings ?? {});
    running.add(session);
    child.stderr!.on('data', (chunk: Buffer) => (session.stderr += chunk.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      session.published.set(params.uri, params.diagnostics);
      session.publishCounts.set(params.uri, (session.publishCounts.get(params.uri) ?? 0) + 1);
      session.notify();
    });
    for (const method of ['befw/status', 'window/logMessage']) {
      connection.onNotification(method, (params: unknown) => {
        session.notifications.push({ method, params });
        session.notify();
      });
    }
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map(() => session.settings));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/diagnostic/refresh', () => {
      session.refreshRequests++;
      session.notify();
      return null;
    });
    connection.listen();
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: !options.initializationSettings,
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceFolders: true,
        diagnostics: { refreshSupport: true },
        workspaceEdit: { documentChanges: true, resourceOperations: options.noFileCreation ? [] : ['create'] },
      },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        hover: { contentFormat: ['markdown'] },
        codeAction: { resolveSupport: { properties: ['edit'] }, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } },
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
        ...(options.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
    };
    session.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: options.noWorkspaceFolder ? null : pathToFileURL(root).toString(),
      workspaceFolders: options.noWorkspaceFolder ? null : [{ uri: pathToFileURL(root).toString(), name: 'workspace' }],
      capabilities,
      ...(options.initializationSettings ? { initializationOptions: { settings: options.initializationSettings } } : {}),
    });
    await connection.sendNotification('initialized', {});
    return session;
  }

  uri(relativePath: string): string {
    return pathToFileURL(join(this.root, relativePath)).toString();
  }

  text(uri: string): string {
    return this.documents.get(uri)!.getText();
  }

  async open(relativePath: string, text: string): Promise<string> {
    const languageId = relativePath.endsWith('.bexnet.yaml') ? 'befw-manifest' : relativePath.endsWith('.fwrules.yaml') ? 'befw-rules' : 'yaml';
    return this.openAs(relativePath, languageId, text);
  }

  /** Opens a document with the language id an editor gives it (powershell, bat…). */
  async openAs(relativePath: string, languageId: string, text: string): Promise<string> {
    const uri = this.uri(relativePath);
    this.documents.set(uri, TextDocument.create(uri, languageId, 1, text));
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Replaces the whole text of an open document. */
  async change(uri: string, text: string): Promise<void> {
    const document = this.documents.get(uri)!;
    const version = document.version + 1;
    this.documents.set(uri, TextDocument.create(uri, document.languageId, version, text));
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  private notify(): void {
    this.listeners.forEach((listener) => listener());
  }

  /** Resolves when `ready()` returns a value, re-tried on every message from the server. */
  waitFor<T>(what: string, ready: () => T | undefined, timeoutMs = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = ready();
        if (value === undefined) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      const listener = () => void check();
      if (!check()) this.listeners.add(listener);
    });
  }

  /** The published diagnostics of a file, once `accept` holds for them. */
  diagnosticsWhen(uri: string, accept: (diagnostics: Diagnostic[]) => boolean, what = 'diagnostics'): Promise<Diagnostic[]> {
    return this.waitFor(`${what} of ${uri}`, () => {
      const list = this.published.get(uri);
      return list && accept(list) ? list : undefined;
    });
  }

  /** Sends a request; rejects, naming it, when no answer comes within `timeoutMs` (an error response rejects too). */
  request<T>(method: string, params: unknown, timeoutMs = 10_000): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer to ${method} within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
    });
    return Promise.race([this.connection.sendRequest<T>(method, params), timeout]).finally(() => clearTimeout(timer));
  }

  /** Resolves with the exit code once the server process has ended, or with undefined after `timeoutMs`. */
  exited(timeoutMs: number): Promise<number | null | undefined> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return Promise.resolve(this.process.exitCode);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      this.process.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  async stop(): Promise<void> {
    running.delete(this);
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The process may be gone already; it is killed below either way.
    }
    this.connection.dispose();
    this.process.kill();
    rmSync(this.home, { recursive: true, force: true });
  }
}

/**
 * Every session a test file started and has not stopped. Whatever a test's own
 * hooks do (a `before` that timed out leaves nothing to stop), each file ends by
 * stopping these, so no server child keeps the test run alive.
 */
const running = new Set<LspSession>();
after(() => Promise.all([...running].map((session) => session.stop())));

/** "line:character CODE" for each diagnostic: compact and exact. */
export function brief(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.code)}`);
}

/** The position one character into the `nth` occurrence of `needle` in `text`. */
export function positionOf(text: string, needle: string, nth = 0): Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`"${needle}" is not in the text`);
  const before = text.slice(0, offset + 1);
  return { line: before.split('\n').length - 1, character: offset + 1 - (before.lastIndexOf('\n') + 1) };
}

/** Runs `body` with a session over a copy of `workspace`, stopping it whatever happens. */
export async function withSession(workspace: string, options: Partial<SessionOptions>, body: (session: LspSession) => Promise<void>): Promise<void> {
  const session = await LspSession.start({ workspace, ...options });
  try {
    await body(session);
  } finally {
    await session.stop();
  }
}
