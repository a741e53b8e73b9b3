import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Location } from 'vscode-languageserver-types';
import { FLOW_MAP_CSS } from '../../server/src/engine/flowmap/style';
import { FLOW_MAP_REQUEST, SHOW_REQUIRED_FLOWS_COMMAND, type FlowMapDto, type FlowMapParams, type FlowMapResult } from '../../server/src/lsp/protocol';
import { flowMapPage, mapsHtml, type FlowMapMessage, type FlowMapUpdate } from './flowMapPage';
import { revealLocation } from './reveal';

/**
 * The one flow map panel: opened beside the editor, then reused. It follows
 * the checks: when a round finishes it asks the server again and posts the new
 * drawing into the page, which keeps its scroll position. A click on a flow
 * opens the diagnostic that blocks it or the rule that allows it.
 */
export class FlowMapView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** What the panel shows: the request it was opened with. */
  private target: FlowMapParams = {};
  private maps: readonly FlowMapDto[] = [];
  /** The latest request: an answer to an older one is dropped. */
  private generation = 0;
  private readonly listeners: vscode.Disposable[];

  constructor(
    private readonly server: () => LanguageClient | undefined,
    checked: vscode.Event<unknown>,
  ) {
    this.listeners = [checked(() => void this.refresh())];
  }

  /**
   * Opens the map of `uri`'s manifest (the manifest, or a rule file it checks),
   * else of every manifest, with `firewall` highlighted; returns what it shows, for tests.
   */
  async show(server: LanguageClient, uri: string | undefined, firewall: string | undefined): Promise<FlowMapResult> {
    let target: FlowMapParams = { uri, firewall };
    let result = await server.sendRequest<FlowMapResult>(FLOW_MAP_REQUEST, target);
    if (result.maps.length === 0 && uri !== undefined) result = await server.sendRequest<FlowMapResult>(FLOW_MAP_REQUEST, (target = { firewall }));
    // A refresh asked before this answer is dropped: it drew the previous target.
    this.generation++;
    this.target = target;
    this.maps = result.maps;
    const panel = this.panel ?? this.open();
    panel.title = firewall ? `Flow map: ${firewall}` : 'Flow map';
    this.load(panel);
    panel.reveal(undefined, true);
    return result;
  }

  dispose(): void {
    this.listeners.forEach((listener) => listener.dispose());
    this.panel?.dispose();
  }

  private open(): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel(
      'befw.flowMap',
      'Flow map',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, enableCommandUris: false, enableFindWidget: true, localResourceRoots: [] },
    );
    panel.webview.onDidReceiveMessage((message: FlowMapMessage) => this.answer(message).catch((error: Error) => void vscode.window.showErrorMessage(error.message)));
    // A hidden page is discarded and loaded again from its HTML when shown: that HTML must be the latest drawing.
    panel.onDidChangeViewState(() => {
      if (!panel.visible) this.load(panel);
    });
    panel.onDidDispose(() => (this.panel = undefined));
    return (this.panel = panel);
  }

  private html(): string {
    return mapsHtml(this.maps, (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri)));
  }

  /** The whole page with the latest drawing: the page loads again. */
  private load(panel: vscode.WebviewPanel): void {
    panel.webview.html = flowMapPage(this.html(), FLOW_MAP_CSS);
  }

  /** After a check: the new drawing posted into the open page; a hidden one is given the whole page. */
  private async refresh(): Promise<void> {
    const server = this.server();
    if (!this.panel || !server?.isRunning()) return;
    const generation = ++this.generation;
    const result = await server.sendRequest<FlowMapResult>(FLOW_MAP_REQUEST, this.target).catch(() => undefined);
    if (!result || generation !== this.generation || !this.panel) return;
    this.maps = result.maps;
    if (this.panel.visible) await this.panel.webview.postMessage({ type: 'update', html: this.html() } satisfies FlowMapUpdate);
    else this.load(this.panel);
  }

  private async answer(message: FlowMapMessage): Promise<void> {
    if (message?.type === 'table') {
      const uri = this.maps.length === 1 ? this.maps[0].manifestUri : this.target.uri;
      await vscode.commands.executeCommand(SHOW_REQUIRED_FLOWS_COMMAND, uri, this.target.firewall);
      return;
    }
    const location = this.placeOf(message);
    // The first column: the map stays beside it.
    if (location) await revealLocation(location, vscode.ViewColumn.One);
  }

  /** What a click opens: a flow's rule or diagnostic, a firewall's or a host's entry in the manifest. */
  private placeOf(message: FlowMapMessage): Location | undefined {
    const map = 'manifestUri' in message ? this.maps.find((m) => m.manifestUri === message.manifestUri) : undefined;
    switch (message.type) {
      case 'reveal':
        return map?.flows.find((flow) => flow.id === message.flow)?.reveal.location;
      case 'revealFirewall':
        return map?.firewalls.find((firewall) => firewall.name === message.firewall)?.location;
      case 'revealHost':
        return map?.hosts.find((host) => host.name === message.host)?.location;
      default:
        return undefined;
    }
  }
}
