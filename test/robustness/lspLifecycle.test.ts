import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { ErrorCodes, StreamMessageReader, StreamMessageWriter, createProtocolConnection } from 'vscode-languageserver-protocol/node';
import { SERVER } from '../support/lspSession';

/**
 * The LSP lifecycle over stdio, as the specification words it: a request
 * before `initialize` gets ServerNotInitialized, `initialize` is accepted once,
 * a request after `shutdown` gets InvalidRequest, and `exit` ends the process.
 */

/** The error code a request is answered with, or "answered" when it succeeds. */
async function outcome(pending: Promise<unknown>): Promise<number | 'answered'> {
  try {
    await pending;
    return 'answered';
  } catch (error) {
    return (error as { code: number }).code;
  }
}

describe('LSP over stdio: the lifecycle', () => {
  it('ServerNotInitialized before initialize, one initialize only, InvalidRequest after shutdown, exit code 0', { timeout: 30_000 }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'befw-lifecycle-'));
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.onRequest('workspace/configuration', () => [{}]);
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    const hover = () => connection.sendRequest('textDocument/hover', { textDocument: { uri: pathToFileURL(join(folder, 'a.bexnet.yaml')).toString() }, position: { line: 0, character: 0 } });
    const initialize = () => connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(folder).toString(), capabilities: {} });
    try {
      assert.equal(await outcome(hover()), ErrorCodes.ServerNotInitialized, 'a hover before initialize');
      assert.equal(await outcome(connection.sendRequest('befw/requiredFlows', {})), ErrorCodes.ServerNotInitialized, 'a custom request before initialize');
      assert.equal(await outcome(initialize()), 'answered');
      await connection.sendNotification('initialized', {});
      assert.equal(await outcome(hover()), 'answered');
      assert.equal(await outcome(initialize()), ErrorCodes.InvalidRequest, 'a second initialize');
      assert.equal(await outcome(connection.sendRequest('shutdown')), 'answered');
      assert.equal(await outcome(hover()), ErrorCodes.InvalidRequest, 'a hover after shutdown');
      assert.equal(await outcome(connection.sendRequest('befw/requiredFlows', {})), ErrorCodes.InvalidRequest, 'a custom request after shutdown');
      assert.equal(await outcome(connection.sendRequest('shutdown')), ErrorCodes.InvalidRequest, 'a second shutdown');
      await connection.sendNotification('exit');
      const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 5_000))]);
      assert.equal(code, 0);
    } finally {
      connection.dispose();
      child.kill('SIGKILL');
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
