import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { hostAddressProblem } from '../../server/src/engine/fixes/hostEntry';
import { ADD_MANIFEST_HOST_REQUEST, type AddManifestHostArgs, type AddManifestHostResult } from '../../server/src/lsp/protocol';

/**
 * BEX205's quick-fix: asks the role and the address of a host a rule names and
 * the manifest lacks, then applies the server's edit of the manifest's hosts.
 * Returns the server's answer for tests; undefined when the admin cancels.
 */
export function addManifestHost(running: () => LanguageClient) {
  return async (args?: AddManifestHostArgs): Promise<AddManifestHostResult | undefined> => {
    if (!args?.manifestUri || !args.name) throw new Error('Add a host from the quick-fix on an unknown host name (BEX205) in a rule file.');
    const server = running();
    const manifest = vscode.workspace.asRelativePath(vscode.Uri.parse(args.manifestUri));
    const role = await vscode.window.showQuickPick(
      args.roles.map((r) => ({ label: r.id, description: r.name, detail: r.description, id: r.id })),
      { title: `Add host "${args.name}" to ${manifest}`, placeHolder: `The role of "${args.name}" in Backup Exec`, matchOnDescription: true },
    );
    if (!role) return undefined;
    const address = await vscode.window.showInputBox({
      title: `Add host "${args.name}" (${role.id}) to ${manifest}`,
      prompt: `The address of "${args.name}": an IPv4 or IPv6 address, a CIDR, or any`,
      // The manifest's own parser: what is accepted here reads back as the same host.
      validateInput: (text) => hostAddressProblem(text),
      ignoreFocusOut: true,
    });
    if (address === undefined) return undefined;
    const result = await server.sendRequest<AddManifestHostResult>(ADD_MANIFEST_HOST_REQUEST, { manifestUri: args.manifestUri, name: args.name, role: role.id, address });
    if ('error' in result) throw new Error(result.error);
    const applied = await vscode.workspace.applyEdit(await server.protocol2CodeConverter.asWorkspaceEdit(result.edit));
    if (!applied) throw new Error(`${manifest} changed meanwhile: run the quick-fix again.`);
    return result;
  };
}
