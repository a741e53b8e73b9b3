import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';

/**
 * Runs the extension-host suite in a real VS Code: the one at
 * VSCODE_EXECUTABLE, or one @vscode/test-electron downloads (VSCODE_VERSION,
 * default stable). `npm run test:vscode`.
 */
const root = join(__dirname, '..', '..', '..');

async function main(): Promise<number> {
  const workspace = mkdtempSync(join(tmpdir(), 'befw-vscode-'));
  cpSync(join(root, 'examples', 'site'), workspace, { recursive: true });
  try {
    await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      version: process.env.VSCODE_VERSION || undefined,
      extensionDevelopmentPath: root,
      extensionTestsPath: join(__dirname, 'suite', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
    return 0;
  } catch (error) {
    console.error(`VS Code extension tests failed: ${(error as Error).message}`);
    return 1;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

void main().then((code) => (process.exitCode = code));
