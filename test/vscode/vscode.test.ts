import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';

/**
 * `npm test` runs the VS Code extension-host suite when a VS Code is at hand:
 * VSCODE_EXECUTABLE, or a download from update.code.visualstudio.com. When
 * neither is possible it says so and skips, rather than passing silently.
 */
const runner = join(__dirname, 'runTest.js');

async function downloadBlocker(): Promise<string | undefined> {
  try {
    const response = await fetch('https://update.code.visualstudio.com/api/releases/stable', { signal: AbortSignal.timeout(5_000) });
    return response.ok ? undefined : `update.code.visualstudio.com answered ${response.status}`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return `VS Code cannot be downloaded (update.code.visualstudio.com: ${cause})`;
  }
}

function displayBlocker(): string | undefined {
  if (process.platform !== 'linux' || process.env.DISPLAY) return undefined;
  return spawnSync('which', ['xvfb-run']).status === 0 ? undefined : 'there is no X display (DISPLAY is unset and xvfb-run is not installed)';
}

it('VS Code extension-host suite (npm run test:vscode)', async (t) => {
  const executable = process.env.VSCODE_EXECUTABLE;
  if (executable && !existsSync(executable)) assert.fail(`VSCODE_EXECUTABLE=${executable} does not exist`);
  const blocker = (executable ? undefined : await downloadBlocker()) ?? displayBlocker();
  if (blocker) {
    const reason = `skipped: ${blocker}. Set VSCODE_EXECUTABLE=/path/to/code or run npm run test:vscode where VS Code can be downloaded.`;
    console.log(`VS Code suite ${reason}`);
    t.skip(reason);
    return;
  }
  const command = process.platform === 'linux' && !process.env.DISPLAY ? ['xvfb-run', '-a', process.execPath, runner] : [process.execPath, runner];
  const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit', timeout: 10 * 60_000 });
  assert.equal(result.status, 0, 'the VS Code suite passes');
});
