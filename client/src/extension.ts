import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { StatusItem } from './status';

const CLIENT_ID = 'befw';
const CLIENT_NAME = 'Backup Exec Firewall Assistant';

let client: LanguageClient | undefined;

/** The client is thin: it starts the bundled server, forwards settings, and adds commands and a status item. */
export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const status = new StatusItem();
  context.subscriptions.push(status);
  client = createClient(context);
  status.watch(client);
  context.subscriptions.push(...registerCommands(() => client, status));
  // The document selector comes from the file globs, so a change to them needs a new client.
  // Restarts run one after another, so two quick changes never leave two servers running.
  let restarting = Promise.resolve();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('befw.files')) return;
      restarting = restarting.then(async () => {
        const previous = client;
        client = undefined;
        await previous?.dispose().catch(() => undefined);
        client = createClient(context);
        status.watch(client);
        await client.start();
      });
    }),
  );
  await client.start();
  return { client: () => client };
}

export async function deactivate(): Promise<void> {
  await client?.stop().catch(() => undefined);
}

/** What the extension returns to other extensions and to its own tests. */
export interface ExtensionApi {
  client(): LanguageClient | undefined;
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const files = vscode.workspace.getConfiguration('befw.files');
  const globs = [...files.get<string[]>('manifests', []), ...files.get<string[]>('rules', [])];
  const clientOptions: LanguageClientOptions = {
    // Files on disk and unsaved ones; not diff views or other virtual documents.
    documentSelector: [
      ...['file', 'untitled'].flatMap((scheme) => [{ scheme, language: 'befw-manifest' }, { scheme, language: 'befw-rules' }]),
      // Windows firewall scripts; the server stays silent in scripts without firewall commands.
      { scheme: 'file', language: 'powershell' },
      { scheme: 'file', language: 'bat' },
      { scheme: 'file', pattern: '**/*.netsh' },
      // Exports of deployed Windows firewalls: .reg files, netsh show rule output, befw collect's JSON.
      { scheme: 'file', language: 'befw-reg' },
      { scheme: 'file', language: 'befw-netsh-show' },
      { scheme: 'file', pattern: '**/*.befw-firewall.json' },
      // Linux agent hosts' firewalls: iptables-save and ufw rules, nft rulesets, firewalld zone XML.
      { scheme: 'file', language: 'befw-iptables' },
      { scheme: 'file', language: 'befw-nft' },
      { scheme: 'file', language: 'befw-firewalld' },
      // Probe results (befw probe) beside a manifest: an edit re-checks the manifest.
      { scheme: 'file', language: 'befw-probe' },
      // A show-rule export saved under another name: the server reads it only when a manifest lists it.
      { scheme: 'file', pattern: '**/*.txt' },
      ...globs.map((pattern) => ({ scheme: 'file', pattern })),
    ],
    initializationOptions: { settings: currentSettings() },
    outputChannelName: CLIENT_NAME,
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}

/** The `befw` settings as plain data (the server also asks for them through workspace/configuration). */
function currentSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('befw');
  return {
    severity: config.get('severity'),
    hardening: config.get('hardening'),
    files: { manifests: config.get('files.manifests'), rules: config.get('files.rules') },
    diagnostics: { delay: config.get('diagnostics.delay') },
    remediationDialect: config.get('remediationDialect'),
    probe: { maxAgeDays: config.get('probe.maxAgeDays') },
  };
}
