import type { Connection } from 'vscode-languageserver';
import type { Command } from 'vscode-languageserver-types';
import { addManifestHost, excerpt, LineIndex, type FixQuestion } from '../engine';
import type { ClientUris } from './clientUris';
import type { Lifecycle } from './lifecycle';
import type { Project } from './project';
import { ADD_MANIFEST_HOST_COMMAND, ADD_MANIFEST_HOST_REQUEST, type AddManifestHostArgs, type AddManifestHostParams, type AddManifestHostResult } from './protocol';

/**
 * BEX205's fix: a rule names a host the manifest lacks. Which role and address
 * it has only the admin knows, so the quick-fix is a client command that asks
 * them and then sends ADD_MANIFEST_HOST_REQUEST for the edit.
 */

/** The client command that asks what a fix needs (the role and address of a host) and then sends ADD_MANIFEST_HOST_REQUEST. */
export function askingCommand(title: string, question: FixQuestion): Command {
  const args: AddManifestHostArgs = { manifestUri: question.manifestUri, name: question.name, roles: question.roles };
  return { title, command: ADD_MANIFEST_HOST_COMMAND, arguments: [args] };
}

/** Answers ADD_MANIFEST_HOST_REQUEST with the edit of the manifest as it is now, or why there is none. */
export function registerAddHostRequest(connection: Connection, project: Project, uris: ClientUris, serve: Lifecycle['serve']): void {
  connection.onRequest(ADD_MANIFEST_HOST_REQUEST, serve(async (params: AddManifestHostParams | undefined): Promise<AddManifestHostResult> => {
    await project.idle();
    const uri = uris.fromClient(String(params?.manifestUri));
    const manifest = project.reportFor(uri)?.manifest;
    if (manifest?.uri !== uri) return { error: `no manifest is known at ${excerpt(String(params?.manifestUri))}` };
    const added = addManifestHost(manifest, { name: String(params?.name ?? ''), role: String(params?.role ?? ''), address: String(params?.address ?? '') });
    if ('error' in added) return { error: `Cannot add the host: ${added.error}.` };
    const lines = new LineIndex(manifest.text);
    const [start, end] = added.edit.range;
    const range = { start: lines.positionAt(start), end: lines.positionAt(end) };
    return { edit: { changes: { [uris.toClient(uri)]: [{ range, newText: added.edit.newText }] } } };
  }));
}
