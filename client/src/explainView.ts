import * as vscode from 'vscode';
import type { ExplainResult } from '../../server/src/lsp/protocol';
import { escapeHtml, newNonce, webviewHead } from './html';

/**
 * The one panel explanations show in: opened beside the editor on the first
 * run, then reused and revealed where it is, so no run opens a new column or
 * takes the place of another view. It shows the Markdown rendered by VS
 * Code's own Markdown extension, in the theme's colours, and runs no script.
 */
export class ExplainView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  async show(term: string, result: ExplainResult): Promise<void> {
    const html = await render(`# ${result.title}\n\n${result.markdown}\n`);
    const panel = this.panel ?? this.open();
    panel.title = `Explain ${term}`;
    panel.webview.html = page(html);
    panel.reveal(undefined, true);
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private open(): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel(
      'befw.explain',
      'Explain',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: false, enableCommandUris: false, enableFindWidget: true, localResourceRoots: [] },
    );
    panel.onDidDispose(() => (this.panel = undefined));
    return (this.panel = panel);
  }
}

/** HTML from VS Code's built-in Markdown renderer; the text as it is, when that extension is disabled. */
async function render(markdown: string): Promise<string> {
  try {
    const html = await vscode.commands.executeCommand<unknown>('markdown.api.render', markdown);
    if (typeof html === 'string') return html;
  } catch {
    // Disabled or missing: shown as plain text below.
  }
  return `<pre>${escapeHtml(markdown)}</pre>`;
}

/** A page that loads nothing and runs nothing: its only style is its own, allowed by a nonce. */
function page(body: string): string {
  const nonce = newNonce();
  return `${webviewHead(nonce, false)}
  body { color: var(--vscode-foreground); background-color: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); line-height: 1.5; padding: 0 1.5em 1em; }
  h1, h3 { border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: 0.2em; }
  h1 { font-size: 1.5em; }
  a { color: var(--vscode-textLink-foreground); }
  a:hover { color: var(--vscode-textLink-activeForeground); }
  code, pre { font-family: var(--vscode-editor-font-family); color: var(--vscode-textPreformat-foreground); background-color: var(--vscode-textCodeBlock-background); }
  pre { padding: 0.5em; white-space: pre-wrap; }
  hr { border: 0; border-top: 1px solid var(--vscode-panel-border); }
  blockquote { margin: 0; padding: 0 1em; border-left: 3px solid var(--vscode-textBlockQuote-border); background-color: var(--vscode-textBlockQuote-background); }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}
