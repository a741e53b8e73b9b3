import type { WorkspaceEdit } from 'vscode-languageserver-types';
import { canonicalUri } from '../engine';

/**
 * The server works with canonical URIs; the client may spell the same file
 * differently (`c:` or `c%3A`, `&` or `%26`). Every spelling seen is kept so
 * that what goes back to the client uses the client's own.
 */
export class ClientUris {
  private readonly spellings = new Map<string, string>();

  fromClient(uri: string): string {
    const canonical = canonicalUri(uri);
    if (canonical !== uri) this.spellings.set(canonical, uri);
    return canonical;
  }

  toClient(uri: string): string {
    return this.spellings.get(uri) ?? uri;
  }

  /** A workspace edit with every URI in the client's spelling. */
  editToClient(edit: WorkspaceEdit): WorkspaceEdit {
    if (!edit.documentChanges) return edit.changes ? { changes: this.changesToClient(edit.changes) } : edit;
    return {
      documentChanges: edit.documentChanges.map((change) =>
        'textDocument' in change ? { ...change, textDocument: { ...change.textDocument, uri: this.toClient(change.textDocument.uri) } } : 'uri' in change ? { ...change, uri: this.toClient(change.uri) } : change,
      ),
    };
  }

  /** A workspace edit's changes, keyed by the client's spellings. */
  changesToClient<T>(changes: Record<string, T>): Record<string, T> {
    return Object.fromEntries(Object.entries(changes).map(([uri, edits]) => [this.toClient(uri), edits]));
  }
}
