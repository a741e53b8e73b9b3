import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { SHOW_FLOW_MAP_COMMAND, SHOW_REQUIRED_FLOWS_COMMAND, STATUS_NOTIFICATION, type StatusParams } from '../../server/src/lsp/protocol';

const WARNING = new vscode.ThemeColor('statusBarItem.warningBackground');
/** The tooltip's links: the map the item opens, and the table for keyboard and screen-reader users. */
const VIEW_LINKS = `[Show flow map](command:${SHOW_FLOW_MAP_COMMAND}) · [Show required flows (table)](command:${SHOW_REQUIRED_FLOWS_COMMAND})`;

/** The status bar item: server state, and how many required flows the firewalls block or were not checked. */
export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('befw.status', vscode.StatusBarAlignment.Left, 10);
  private readonly listeners: vscode.Disposable[] = [];
  private readonly checked = new vscode.EventEmitter<StatusParams>();
  /** A check round finished; views listen here, as the language client keeps one handler per notification. */
  readonly onDidCheck = this.checked.event;
  /** The latest figures from the server, for tests and the tooltip. */
  last?: StatusParams;

  constructor() {
    this.item.name = 'Backup Exec Firewall';
    this.item.command = SHOW_FLOW_MAP_COMMAND;
    this.show('$(sync~spin) Backup Exec', 'Starting the Backup Exec firewall language server…');
  }

  watch(client: LanguageClient): void {
    this.listeners.splice(0).forEach((l) => l.dispose());
    this.listeners.push(
      client.onDidChangeState(({ newState }) => {
        if (newState === State.Starting) this.show('$(sync~spin) Backup Exec', 'Starting the Backup Exec firewall language server…');
        if (newState === State.Stopped) this.show('$(error) Backup Exec', 'The Backup Exec firewall language server stopped. Run "Backup Exec: Restart language server".');
        if (newState === State.Running) this.render();
      }),
      client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => {
        this.last = params;
        this.render();
        if (params.state === 'idle') this.checked.fire(params);
      }),
    );
  }

  private render(): void {
    const status = this.last;
    if (!status) return this.show('$(shield) Backup Exec', 'Backup Exec firewall checks are running.');
    if (status.state === 'checking') return this.show('$(sync~spin) Backup Exec', 'Checking firewall rules…');
    if (status.manifests === 0) return this.show('$(shield) Backup Exec', 'No *.bexnet.yaml manifest found in this workspace.');
    const tooltip = `${status.requiredFlows - status.blockedFlows} of ${status.requiredFlows} required Backup Exec flows allowed in ${status.manifests} manifest(s). Click for the map.`;
    // Green only when every rule file was read: a missing one leaves its firewall's flows unknown, not allowed.
    if (status.uncheckedRuleFiles.length > 0) {
      const count = status.uncheckedFlows > 0 ? status.uncheckedFlows : status.uncheckedRuleFiles.length;
      const flows = `${count} ${status.uncheckedFlows > 0 ? 'flow' : 'rule file'}${count === 1 ? '' : 's'} unchecked`;
      const blocked = status.blockedFlows > 0 ? `, ${status.blockedFlows} blocked` : '';
      const files = status.uncheckedRuleFiles.map((file) => `${vscode.workspace.asRelativePath(vscode.Uri.parse(file.uri))} (${file.failure})`).join(', ');
      return this.show(`$(warning) Backup Exec: ${flows}${blocked}`, `Rule file(s) not read: ${files}; the required flows crossing their firewalls are unchecked. ${tooltip}`, WARNING);
    }
    if (status.blockedFlows === 0) return this.show(`$(pass) Backup Exec: ${status.requiredFlows} flows allowed`, tooltip);
    this.show(`$(shield) Backup Exec: ${status.blockedFlows} blocked`, tooltip, WARNING);
  }

  private show(text: string, tooltip: string, background?: vscode.ThemeColor): void {
    this.item.text = text;
    const markdown = new vscode.MarkdownString();
    markdown.appendText(tooltip).appendMarkdown(`\n\n${VIEW_LINKS}`);
    markdown.isTrusted = { enabledCommands: [SHOW_FLOW_MAP_COMMAND, SHOW_REQUIRED_FLOWS_COMMAND] };
    this.item.tooltip = markdown;
    this.item.backgroundColor = background;
    this.item.show();
  }

  dispose(): void {
    this.listeners.forEach((l) => l.dispose());
    this.checked.dispose();
    this.item.dispose();
  }
}
