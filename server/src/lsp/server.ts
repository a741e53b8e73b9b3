import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { explain, fixAll, flowRows, flowTableMarkdown } from '../engine';
import { FIX_ALL_KIND, Features, isFixAllCode } from './features';
import { Project } from './project';
import {
  ERROR_CODES_REQUEST,
  EXPLAIN_REQUEST,
  REQUIRED_FLOWS_REQUEST,
  STATUS_NOTIFICATION,
  type ErrorCodeDto,
  type ExplainParams,
  type ExplainResult,
  type RequiredFlowsParams,
  type RequiredFlowsResult,
  type StatusParams,
} from './protocol';
import { DEFAULT_SETTINGS, normalizeSettings, type ServerSettings } from './settings';
import { WorkspaceFiles } from './workspaceFiles';

export const SERVER_NAME = 'befw-language-server';

/** Wires the engine to an LSP connection. Every handler answers; none lets an error escape. */
export function startServer(connection: Connection, version: string): void {
  const documents = new TextDocuments(TextDocument);
  const files = new WorkspaceFiles();
  let settings: ServerSettings = DEFAULT_SETTINGS;
  let pullDiagnostics = false;
  let canReadConfiguration = false;
  let canWatchFiles = false;
  let canResolveActions = false;
  let canFollowFolders = false;
  let canRefreshCodeLens = false;
  let refreshPending = false;

  const project = new Project({
    files,
    openDocument: (uri) => documents.get(uri),
    settings: () => settings,
    diagnosticsChanged(uri, diagnostics) {
      // Pull clients ask for open files themselves; files that are not open are pushed either way.
      if (pullDiagnostics && documents.get(uri)) refreshPending = true;
      else void connection.sendDiagnostics({ uri, diagnostics });
    },
    stateChanged(checking) {
      if (!checking && refreshPending) {
        refreshPending = false;
        void connection.languages.diagnostics.refresh().catch(() => undefined);
      }
      // Flow counts can change with no diagnostic changing, so lenses are refreshed after every round.
      if (!checking && canRefreshCodeLens) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      const reports = project.manifestReports();
      const evaluations = reports.flatMap((r) => r.evaluations);
      const status: StatusParams = {
        state: checking ? 'checking' : 'idle',
        manifests: reports.length,
        requiredFlows: evaluations.length,
        blockedFlows: evaluations.filter((e) => e.problem).length,
      };
      void connection.sendNotification(STATUS_NOTIFICATION, status);
    },
  });
  const features = new Features(project, (uri) => documents.get(uri));

  /** Runs a handler; a failure is logged and answered with `fallback`, never a crash. */
  function guard<T>(name: string, fallback: T, handler: () => T): T {
    try {
      return handler();
    } catch (error) {
      connection.console.error(`${name} failed: ${(error as Error).message}`);
      return fallback;
    }
  }

  /** Reads the settings; a change re-checks everything (and re-discovers manifests when the globs changed). */
  async function loadSettings(pushed?: unknown): Promise<void> {
    const before = settings;
    if (canReadConfiguration) settings = normalizeSettings(await connection.workspace.getConfiguration('befw').catch(() => undefined));
    else if (pushed !== undefined) settings = normalizeSettings(pushed);
    if (JSON.stringify(before.files) !== JSON.stringify(settings.files)) project.addManifests(await files.discover(settings.files.manifests));
    if (JSON.stringify(before) !== JSON.stringify(settings)) project.recheckAll();
  }

  connection.onInitialize((params): InitializeResult => {
    const capabilities = params.capabilities ?? {};
    pullDiagnostics = !!capabilities.textDocument?.diagnostic;
    canReadConfiguration = !!capabilities.workspace?.configuration;
    canWatchFiles = !!capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canResolveActions = !!capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit');
    canFollowFolders = !!capabilities.workspace?.workspaceFolders;
    canRefreshCodeLens = !!capabilities.workspace?.codeLens?.refreshSupport;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    files.setRoots(folders);
    const options = params.initializationOptions as { settings?: unknown } | undefined;
    if (options?.settings !== undefined) settings = normalizeSettings(options.settings);
    return {
      serverInfo: { name: SERVER_NAME, version },
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', ':', '[', ',', '-'] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
        documentSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        codeLensProvider: { resolveProvider: false },
        ...(pullDiagnostics ? { diagnosticProvider: { identifier: 'befw', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
    };
  });

  connection.onInitialized(async () => {
    if (canReadConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'befw' });
    if (canWatchFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] });
    if (canFollowFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(async (event) => {
        const roots = new Set(files.folders);
        event.removed.forEach((f) => roots.delete(f.uri));
        event.added.forEach((f) => roots.add(f.uri));
        files.setRoots([...roots]);
        project.addManifests(await files.discover(settings.files.manifests));
      });
    }
    await loadSettings();
    project.addManifests(await files.discover(settings.files.manifests));
  });

  connection.onDidChangeConfiguration(async (change) => {
    await loadSettings((change.settings as { befw?: unknown } | undefined)?.befw);
  });

  documents.onDidOpen(({ document }) => {
    if (pullDiagnostics) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    project.changed(document.uri, document.languageId);
  });
  documents.onDidChangeContent(({ document }) => project.changed(document.uri, document.languageId));
  documents.onDidClose(({ document }) => {
    // Back to the text on disk; a pull client drops the file's diagnostics, so they are pushed.
    project.changed(document.uri);
    if (pullDiagnostics) void connection.sendDiagnostics({ uri: document.uri, diagnostics: project.diagnostics(document.uri) });
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) {
      if (documents.get(change.uri)) continue; // the editor's text wins over the disk's
      if (change.type === FileChangeType.Deleted) project.deleted(change.uri);
      else if (change.type === FileChangeType.Created && project.kindOf(change.uri) === 'manifest') project.addManifests([change.uri]);
      else project.changed(change.uri);
    }
  });

  connection.languages.diagnostics.on(async (params, token) => {
    await project.idle();
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'the document changed', { retriggerRequest: true });
    return { kind: 'full', items: project.diagnostics(params.textDocument.uri) };
  });

  connection.onHover(({ textDocument, position }) => guard('hover', null, () => features.hover(textDocument.uri, position)));
  connection.onCompletion(({ textDocument, position }) => guard('completion', [], () => features.completion(textDocument.uri, position)));
  connection.onDocumentSymbol(({ textDocument }) => guard('symbols', [], () => features.symbols(textDocument.uri)));
  connection.onDefinition(({ textDocument, position }) => guard('definition', [], () => features.definition(textDocument.uri, position)));
  connection.onReferences(({ textDocument, position, context }) => guard('references', [], () => features.references(textDocument.uri, position, context.includeDeclaration)));
  connection.onCodeLens(async ({ textDocument }) => {
    await project.idle();
    return guard('code lens', [], () => features.codeLenses(textDocument.uri));
  });

  async function fixAllEdit(uri: string) {
    await project.idle();
    const manifest = project.reportFor(uri)?.manifest;
    if (!manifest) return undefined;
    const text = documents.get(manifest.uri)?.getText() ?? manifest.text;
    return { changes: await fixAll(project.service, { uri: manifest.uri, text }, project.checkSettings(), uri, (d) => isFixAllCode(d.code)) };
  }

  connection.onCodeAction(async ({ textDocument, context }) => {
    const actions = guard('code actions', [] as CodeAction[], () => features.codeActions(textDocument.uri, context.diagnostics, context.only));
    if (!canResolveActions) {
      for (const action of actions.filter((a) => a.kind === FIX_ALL_KIND)) action.edit = await fixAllEdit(textDocument.uri).catch(() => undefined);
    }
    return actions;
  });
  connection.onCodeActionResolve(async (action) => {
    const uri = (action.data as { uri?: string } | undefined)?.uri;
    if (action.kind === FIX_ALL_KIND && uri) action.edit = await fixAllEdit(uri).catch(() => undefined);
    return action;
  });

  connection.onRequest(REQUIRED_FLOWS_REQUEST, async (params: RequiredFlowsParams | undefined): Promise<RequiredFlowsResult> => {
    await project.idle();
    const reports = params?.uri ? project.reportsFor(params.uri).filter((r) => r.manifest) : project.manifestReports();
    return {
      manifests: reports.map((report) => {
        const rows = flowRows(report.evaluations).filter((row) => !params?.firewall || row.firewall === params.firewall);
        return { uri: report.manifest!.uri, rows, markdown: flowTableMarkdown(rows) };
      }),
    };
  });
  connection.onRequest(EXPLAIN_REQUEST, (params: ExplainParams): ExplainResult | null =>
    guard('explain', null, () => explain(project.service.catalog, String(params?.term ?? '')) ?? null),
  );
  connection.onRequest(ERROR_CODES_REQUEST, (): ErrorCodeDto[] => project.service.catalog.data.errors.map((e) => ({ code: e.code, message: e.message })));

  documents.listen(connection);
  connection.listen();
}
