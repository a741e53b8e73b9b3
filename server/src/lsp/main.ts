#!/usr/bin/env node
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { SERVER_NAME, startServer } from './server';

import { VERSION } from '../version';

const USAGE = `Usage: ${SERVER_NAME} --stdio | --node-ipc | --socket=<port>

The Backup Exec Firewall Assistant language server: diagnostics, quick-fixes,
hovers and completion for *.bexnet.yaml manifests and *.fwrules.yaml rule files.`;

const args = process.argv.slice(2);
if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${VERSION}\n`);
} else if (args.includes('--help') || args.includes('-h') || !args.some((a) => /^--(stdio|node-ipc|socket|pipe|clientProcessId)/.test(a))) {
  process.stdout.write(`${USAGE}\n`);
  process.exitCode = args.length === 0 || args.includes('--help') || args.includes('-h') ? 0 : 2;
} else {
  const connection = createConnection(ProposedFeatures.all);
  // A bug must not take the server down: log it and keep serving.
  process.on('uncaughtException', (error) => connection.console.error(`unexpected error: ${error.message}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`unexpected rejection: ${String(reason)}`));
  startServer(connection, VERSION);
}
