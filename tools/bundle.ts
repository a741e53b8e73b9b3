import { build, type BuildOptions } from 'esbuild';
import { join } from 'node:path';

/**
 * Bundles the extension client, the language server and the CLI into dist/:
 * one file each, no node_modules needed at run time. `--dev` keeps them
 * readable with source maps.
 */
const root = join(__dirname, '..', '..');
const dev = process.argv.includes('--dev');

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: !dev,
  sourcemap: dev ? 'linked' : false,
  logLevel: 'warning',
  absWorkingDir: root,
};

async function main(): Promise<void> {
  await Promise.all([
    build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
    build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
    build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' }),
  ]);
}

main().catch((error: Error) => {
  console.error(`bundle failed: ${error.message}`);
  process.exitCode = 1;
});
