import * as vscode from 'vscode';
import type { Location } from 'vscode-languageserver-types';

/** Opens a place the server named (an LSP Location) with its range selected: in `viewColumn`, or the active one. */
export async function revealLocation(location: Location, viewColumn?: vscode.ViewColumn): Promise<void> {
  const { start, end } = location.range;
  await vscode.window.showTextDocument(vscode.Uri.parse(location.uri), {
    ...(viewColumn !== undefined ? { viewColumn } : {}),
    selection: new vscode.Range(start.line, start.character, end.line, end.character),
  });
}
