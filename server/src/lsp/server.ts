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
  WatchKind,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeResult,
  type Location,
} from 'vscode-languageserver';
import { DIALECTS, PROBE_RESULTS_SUFFIX, fixAll } from '../engine';
import { ClientUris } from './clientUris';
import { EDITABLE_DOCUMENTS } from './editableDocument';
import { FIX_ALL_KIND, Features, isFixAllCode } from './features';
import { Lifecycle } from './lifecycle';
import { Project } from './project';
import { STATUS_NOTIFICATION, type StatusParams } from './protocol';
import { registerCustomRequests } from './requests';
import { DEFAULT_SETTINGS, normalizeSettings, type ServerSettings } from './settings';
import { WorkspaceFiles } from './workspaceFiles';

export const SERVER_NAME = 'befw-language-server';

/**
 * The files of the Linux firewall languages (package.json: befw-iptables, befw-nft, befw-firewalld), watched
 * whether or not a dialect claims them by name: firewalld zones are any .xml under firewalld/zones/.
 */
const LINUX_FIREWALL_FILES = ['.iptables', '.iptables-save', '.ip6tables', 'rules.v4', 'rules.v6', 'user.rules', 'user6.rules', '.nft', '.nftables', '.xml'];

/**
 * The rule files watched on disk, so a re-export is re-checked: every dialect's files, exports saved as
 * .txt or .json (format:), and the Linux firewall files.
 */
export const RULE_FILES_WATCH_GLOB = `**/*{${[...new Set([...DIALECTS.flatMap((dialect) => dialect.extensions), '.txt', '.json', ...LINUX_FIREWALL_FILES])].join(',')}}`;

/** Probe results read beside manifests: a new, changed or deleted one re-checks the manifests of its folder. */
export const OBSERVATION_FILES_WATCH_GLOB = `**/*${PROBE_RESULTS_SUFFIX}`;

/** Wires the engine to an LSP connection. Every handler answers; none lets an error escape. */
export function startServer(connection: Connection, version: string): void {
  const documents = new TextDocuments(EDITABLE_DOCUMENTS);
  const files = new WorkspaceFiles();
  const uris = new ClientUris();
  const lifecycle = new Lifecycle();
  const serve = lifecycle.serve.bind(lifecycle);
  const openDocument = (uri: string) => documents.get(uris.toClient(uri));
  let settings: ServerSettings = DEFAULT_SETTINGS;
  let pullDiagnostics = false;
  let canReadConfiguration = false;
  let canWatchFiles = false;
  let canResolveActions = false;
  /** Whether a workspace edit may create a file (a remediation script beside an export). */
  let canCreateFiles = false;
  let canFollowFolders = false;
  let canRefreshCodeLens = false;
  let refreshPending = false;

  const project = new Project({
    files,
    openDocument,
    settings: () => settings,
    diagnosticsChanged(uri, diagnostics) {
      // Pull clients ask for open files themselves; files that are not open are pushed either way.
      if (pullDiagnostics && openDocument(uri)) refreshPending = true;
      else push(uri, diagnostics);
    },
    log: (message) => connection.console.error(message),
    stateChanged(checking) {
      if (!checking && refreshPending) {
        refreshPending = false;
        void connection.languages.diagnostics.refresh().catch(() => undefined);
      }
      // Flow counts can change with no diagnostic changing, so lenses are refreshed after every round.
      if (!checking && canRefreshCodeLens) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      const reports = project.manifestReports();
      const evaluations = reports.flatMap((r) => r.evaluations);
      const unchecked = reports.flatMap((r) => r.unchecked);
      const status: StatusParams = {
        state: checking ? 'checking' : 'idle',
        manifests: reports.length,
        requiredFlows: evaluations.length,
        blockedFlows: evaluations.filter((e) => e.problem).length,
        uncheckedFlows: unchecked.reduce((count, u) => count + u.flows.length, 0),
        uncheckedRuleFiles: unchecked.flatMap((u) => u.unread.map((b) => ({ uri: uris.toClient(b.ruleFileUri), failure: b.loadFailure ?? 'unreadable' }))),
      };
      void connection.sendNotification(STATUS_NOTIFICATION, status);
    },
  });
  const features = new Features(project, openDocument);

  function push(uri: string, diagnostics: Diagnostic[]): void {
    const spelled = diagnostics.map((d) =>
      d.relatedInformation ? { ...d, relatedInformation: d.relatedInformation.map((r) => ({ ...r, location: { ...r.location, uri: uris.toClient(r.location.uri) } })) } : d,
    );
    void connection.sendDiagnostics({ uri: uris.toClient(uri), diagnostics: spelled });
  }

  const toClient = (locations: Location[]) => locations.map((l) => ({ ...l, uri: uris.toClient(l.uri) }));

  /** Manifests on disk now; those no longer found (folder removed, globs narrowed) are dropped. */
  async function rediscover(): Promise<void> {
    const found = await files.discover(settings.files.manifests);
    project.removeManifests(project.knownManifests.filter((uri) => !found.includes(uri) && !openDocument(uri)));
    project.addManifests(found);
  }

  /** A setting the server does not follow, in the client's log (window/logMessage, as a warning). */
  const warn = (message: string) => connection.console.warn(message);

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
    if (canReadConfiguration) settings = normalizeSettings(await connection.workspace.getConfiguration('befw').catch(() => undefined), warn);
    else if (pushed !== undefined) settings = normalizeSettings(pushed, warn);
    if (JSON.stringify(before.files) !== JSON.stringify(settings.files)) await rediscover();
    if (JSON.stringify(before) !== JSON.stringify(settings)) project.recheckAll();
  }

  connection.onInitialize((params) => {
    const refused = lifecycle.initialize();
    if (refused) return refused;
    const capabilities = params.capabilities ?? {};
    pullDiagnostics = !!capabilities.textDocument?.diagnostic;
    canReadConfiguration = !!capabilities.workspace?.configuration;
    canWatchFiles = !!capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canResolveActions = !!capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit');
    canCreateFiles = !!capabilities.workspace?.workspaceEdit?.documentChanges && !!capabilities.workspace.workspaceEdit.resourceOperations?.includes('create');
    canFollowFolders = !!capabilities.workspace?.workspaceFolders;
    canRefreshCodeLens = !!capabilities.workspace?.codeLens?.refreshSupport;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    files.setRoots(folders);
    const options = params.initializationOptions as { settings?: unknown } | undefined;
    if (options?.settings !== undefined) settings = normalizeSettings(options.settings, warn);
    const result: InitializeResult = {
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
    return result;
  });
  connection.onShutdown(() => lifecycle.shutdown());

  connection.onInitialized(() => {
    if (canReadConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'befw' });
    if (canWatchFiles) {
      // Deleting a folder reports the folder alone, hence the second watcher.
      const watchers = [{ globPattern: RULE_FILES_WATCH_GLOB }, { globPattern: OBSERVATION_FILES_WATCH_GLOB }, { globPattern: '**/*', kind: WatchKind.Delete }];
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
    }
    if (canFollowFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(async (event) => {
        const roots = new Set(files.folders);
        event.removed.forEach((f) => roots.delete(f.uri));
        event.added.forEach((f) => roots.add(f.uri));
        files.setRoots([...roots]);
        await rediscover();
      });
    }
    // Requests made before the workspace is searched (the flow table at start-up) wait for it.
    project.discovering(loadSettings().then(rediscover));
  });

  connection.onDidChangeConfiguration(async (change) => {
    await loadSettings((change.settings as { befw?: unknown } | undefined)?.befw);
  });

  documents.onDidOpen(({ document }) => {
    const uri = uris.fromClient(document.uri);
    // With no workspace folder, the folder of an opened file bounds what may be read.
    if (files.folders.length === 0) files.allowFolderOf(uri);
    if (pullDiagnostics) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    project.changed(uri, document.languageId);
  });
  documents.onDidChangeContent(({ document }) => project.changed(uris.fromClient(document.uri), document.languageId));
  documents.onDidClose(({ document }) => {
    const uri = uris.fromClient(document.uri);
    // Back to the text on disk; a pull client drops the file's diagnostics, so they are pushed.
    project.changed(uri);
    if (pullDiagnostics) push(uri, project.diagnostics(uri));
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) {
      if (documents.get(change.uri)) continue; // the editor's text wins over the disk's
      const uri = uris.fromClient(change.uri);
      if (change.type === FileChangeType.Deleted) project.deleted(uri);
      else if (change.type === FileChangeType.Created && project.kindOf(uri) === 'manifest') project.addManifests([uri]);
      else project.changed(uri);
    }
  });

  connection.languages.diagnostics.on(serve(async (params, token) => {
    await project.idle();
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'the document changed', { retriggerRequest: true });
    return { kind: 'full', items: project.diagnostics(uris.fromClient(params.textDocument.uri)) };
  }));

  connection.onHover(serve(({ textDocument, position }) => guard('hover', null, () => features.hover(uris.fromClient(textDocument.uri), position))));
  connection.onCompletion(serve(({ textDocument, position }) => guard('completion', [], () => features.completion(uris.fromClient(textDocument.uri), position))));
  connection.onDocumentSymbol(serve(({ textDocument }) => guard('symbols', [], () => features.symbols(uris.fromClient(textDocument.uri)))));
  connection.onDefinition(serve(({ textDocument, position }) => guard('definition', [], () => toClient(features.definition(uris.fromClient(textDocument.uri), position)))));
  connection.onReferences(
    serve(({ textDocument, position, context }) =>
      guard('references', [], () => toClient(features.references(uris.fromClient(textDocument.uri), position, context.includeDeclaration))),
    ),
  );
  connection.onCodeLens(
    serve(async ({ textDocument }) => {
      await project.idle();
      return guard('code lens', [], () => features.codeLenses(uris.fromClient(textDocument.uri)));
    }),
  );

  async function fixAllEdit(uri: string) {
    await project.idle();
    const manifest = project.reportFor(uri)?.manifest;
    if (!manifest) return undefined;
    const text = openDocument(manifest.uri)?.getText() ?? manifest.text;
    const changes = await fixAll(project.service, { uri: manifest.uri, text }, project.checkSettings(), uri, (d) => isFixAllCode(d.code));
    return { changes: uris.changesToClient(changes) };
  }

  connection.onCodeAction(serve(async ({ textDocument, context }) => {
    // Fixes come from the check of the text as it is now, never from a stale one.
    await project.idle();
    const uri = uris.fromClient(textDocument.uri);
    const offered = guard('code actions', [] as CodeAction[], () => features.codeActions(uri, context.diagnostics, context.only));
    // A client that cannot create files is not offered a fix that makes one.
    const actions = canCreateFiles ? offered : offered.filter((action) => !action.edit?.documentChanges?.some((change) => 'kind' in change && change.kind === 'create'));
    for (const action of actions) {
      if (action.edit) action.edit = uris.editToClient(action.edit);
      if (action.kind === FIX_ALL_KIND && !canResolveActions) action.edit = await fixAllEdit(uri).catch(() => undefined);
    }
    return actions;
  }));
  connection.onCodeActionResolve(serve(async (action) => {
    const uri = (action.data as { uri?: string } | undefined)?.uri;
    if (action.kind === FIX_ALL_KIND && uri) action.edit = await fixAllEdit(uri).catch(() => undefined);
    return action;
  }));

  registerCustomRequests(connection, project, uris, serve);

  documents.listen(connection);
  connection.listen();
}
