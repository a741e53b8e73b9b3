#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
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
  // V8 lets the heap grow to about twice what is live before collecting it fully; a server holding a
  // 50,000-rule file would sit at twice its size. 1.2 times keeps it near what it needs, for a few ms per edit.
  setFlagsFromString('--heap-growing-percent=20');
  const connection = createConnection(ProposedFeatures.all);
  // A bug must not take the server down: log it and keep serving.
  process.on('uncaughtException', (error) => connection.console.error(`unexpected error: ${error.message}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`unexpected rejection: ${String(reason)}`));
  startServer(connection, VERSION);
}
