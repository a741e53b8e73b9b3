import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ERROR_CODES_REQUEST,
  EXPLAIN_REQUEST,
  FIREWALLS_REQUEST,
  GENERATE_REQUEST,
  REQUIRED_FLOWS_REQUEST,
  SHOW_REQUIRED_FLOWS_COMMAND,
  type ErrorCodeDto,
  type ExplainResult,
  type FirewallDto,
  type GenerateParams,
  type GenerateResult,
  type RequiredFlowsResult,
} from '../../server/src/lsp/protocol';
import type { Location } from 'vscode-languageserver-types';
import { addManifestHost } from './addHost';
import { ExplainView } from './explainView';
import { FlowMapView } from './flowMapView';
import type { StatusItem } from './status';
import { createNewSite, type SiteAnswers } from './newSite';
import { revealLocation } from './reveal';

/** Read-only Markdown documents the commands open: flow tables. */
const SCHEME = 'befw-view';

class Views implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path) ?? '';
  }

  async open(name: string, markdown: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${name}.md` });
    this.contents.set(uri.path, markdown);
    this.changed.fire(uri);
    await vscode.workspace.openTextDocument(uri);
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  }
}

export function registerCommands(client: () => LanguageClient | undefined, status: StatusItem): vscode.Disposable[] {
  const views = new Views();
  const explanations = new ExplainView();
  const flowMap = new FlowMapView(client, status.onDidCheck);
  const running = () => {
    const current = client();
    if (!current?.isRunning()) throw new Error('The Backup Exec firewall language server is not running. Run "Backup Exec: Restart language server".');
    return current;
  };
  const reportErrors =
    <A extends unknown[], R>(command: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R | undefined> => {
      try {
        return await command(...args);
      } catch (error) {
        void vscode.window.showErrorMessage((error as Error).message);
        return undefined;
      }
    };

  /**
   * Asks for a code (or takes it as an argument) and shows its explanation, with the blocked flows of the
   * active editor's manifest (or its rule file's, or the only one known); returns it for tests.
   */
  async function explainErrorCode(term?: string): Promise<ExplainResult | undefined> {
    const server = running();
    const chosen = term ?? (await pickErrorCode(await server.sendRequest<ErrorCodeDto[]>(ERROR_CODES_REQUEST)));
    if (!chosen) return undefined;
    const manifestUri = vscode.window.activeTextEditor?.document.uri.toString() ?? '';
    const result = await server.sendRequest<ExplainResult | null>(EXPLAIN_REQUEST, { term: chosen, manifestUri });
    if (!result) {
      void vscode.window.showWarningMessage(`"${chosen}" is not a Backup Exec error code, UMI, BEX code, port or service the catalog knows.`);
      return undefined;
    }
    await explanations.show(chosen, result);
    return result;
  }

  /** Opens the flow × firewall table, for one manifest or firewall when given; returns it for tests. */
  async function showRequiredFlows(uri?: string, firewall?: string): Promise<RequiredFlowsResult | undefined> {
    const server = running();
    const target = uri ?? vscode.window.activeTextEditor?.document.uri.toString();
    let result = await server.sendRequest<RequiredFlowsResult>(REQUIRED_FLOWS_REQUEST, { uri: target, firewall });
    if (result.manifests.length === 0) result = await server.sendRequest<RequiredFlowsResult>(REQUIRED_FLOWS_REQUEST, {});
    if (result.manifests.length === 0) {
      void vscode.window.showInformationMessage('No Backup Exec manifest (*.bexnet.yaml) is known in this workspace.');
      return result;
    }
    const sections = result.manifests.map((m) => `## ${vscode.workspace.asRelativePath(vscode.Uri.parse(m.uri))}${firewall ? `: firewall "${firewall}"` : ''}\n\n${m.skipped ?? (m.rows.length > 0 ? m.markdown : 'No required flow crosses a firewall.')}`);
    await views.open('Required flows', `# Required Backup Exec flows\n\n${sections.join('\n\n')}\n`);
    return result;
  }

  /** Picks a firewall and a dialect (or takes them as arguments) and opens the generated rules unsaved; returns them for tests. */
  async function generateRules(manifestUri?: string, firewall?: string, dialect?: GenerateParams['dialect']): Promise<GenerateResult | undefined> {
    const server = running();
    let target = manifestUri && firewall ? { manifestUri, name: firewall } : undefined;
    if (!target) {
      const firewalls = await server.sendRequest<FirewallDto[]>(FIREWALLS_REQUEST);
      if (firewalls.length === 0) throw new Error('No firewall is known: open a folder with a Backup Exec manifest (*.bexnet.yaml).');
      const picked = await vscode.window.showQuickPick(
        firewalls.map((f) => ({ label: f.name, description: vscode.workspace.asRelativePath(vscode.Uri.parse(f.manifestUri)), detail: f.detail, firewall: f })),
        { title: 'Backup Exec: Generate firewall rules', placeHolder: 'The firewall to write rules for' },
      );
      target = picked?.firewall;
    }
    if (!target) return undefined;
    const chosen =
      dialect ??
      (
        await vscode.window.showQuickPick(
          [
            { label: 'YAML rule file', description: '*.fwrules.yaml', dialect: 'yaml' as const },
            { label: 'netsh batch file', description: 'netsh advfirewall firewall add rule …', dialect: 'netsh' as const },
            { label: 'PowerShell script', description: 'New-NetFirewallRule …', dialect: 'powershell' as const },
          ],
          { title: `Rules for firewall "${target.name}"`, placeHolder: 'The dialect to write' },
        )
      )?.dialect;
    if (!chosen) return undefined;
    const result = await server.sendRequest<GenerateResult>(GENERATE_REQUEST, { manifestUri: target.manifestUri, firewall: target.name, dialect: chosen });
    if ('error' in result) throw new Error(`Cannot generate rules: ${result.error}`);
    const language = { yaml: 'befw-rules', netsh: 'bat', powershell: 'powershell' }[chosen];
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language, content: result.text }));
    return result;
  }

  return [
    explanations,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, views),
    vscode.commands.registerCommand('befw.generateRules', reportErrors(generateRules)),
    vscode.commands.registerCommand('befw.explainErrorCode', reportErrors(explainErrorCode)),
    vscode.commands.registerCommand('befw.newSite', reportErrors((answers?: SiteAnswers) => createNewSite(running(), answers))),
    vscode.commands.registerCommand(SHOW_REQUIRED_FLOWS_COMMAND, reportErrors(showRequiredFlows)),
    flowMap,
    // SHOW_FLOW_MAP_COMMAND, written out: the package test reads registered names from the source. The editor's title button passes its file's Uri.
    vscode.commands.registerCommand(
      'befw.showFlowMap',
      reportErrors((uri?: string | vscode.Uri, firewall?: string) => flowMap.show(running(), (uri ?? vscode.window.activeTextEditor?.document.uri)?.toString(), firewall)),
    ),
    // ADD_MANIFEST_HOST_COMMAND, written out: the package test reads registered names from the source.
    vscode.commands.registerCommand('befw.addManifestHost', reportErrors(addManifestHost(running))),
    // REVEAL_LOCATION_COMMAND, written out: the package test reads registered names from the source. An observation's lens passes its line.
    vscode.commands.registerCommand('befw.revealLocation', reportErrors((location: Location) => revealLocation(location))),
    vscode.commands.registerCommand(
      'befw.restartServer',
      reportErrors(async () => {
        status.last = undefined;
        await client()?.restart();
      }),
    ),
  ];
}

/** Known codes to pick from; anything typed (a UMI, a port) is accepted too. */
async function pickErrorCode(codes: readonly ErrorCodeDto[]): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick();
  pick.title = 'Backup Exec: Explain error code';
  pick.placeholder = 'An error code such as 0xE0000F02, a UMI (V-79-57344-3842), a BEX code or a port';
  const known = codes.map((c) => ({ label: c.code, detail: c.message }));
  pick.items = known;
  pick.onDidChangeValue((value) => {
    pick.items = value && !known.some((k) => k.label.toLowerCase() === value.trim().toLowerCase()) ? [{ label: value.trim(), detail: 'Explain this' }, ...known] : known;
  });
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.label ?? (pick.value.trim() || undefined));
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}
