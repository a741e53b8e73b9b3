import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const clientSources = ['extension.ts', 'commands.ts', 'status.ts'].map((f) => readFileSync(join(root, 'client', 'src', f), 'utf8')).join('\n');
const protocol = readFileSync(join(root, 'server', 'src', 'lsp', 'protocol.ts'), 'utf8');

describe('the VS Code extension package', () => {
  it('contains only the bundles, grammars, snippets, language configuration and docs (.vscodeignore)', () => {
    const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    const listed = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' }).trim().split('\n').sort();
    // The README's images stay out: vsce links them to the repository.
    assert.deepEqual(listed, [
      'LICENSE',
      'README.md',
      'dist/extension.js',
      'dist/server.js',
      'language-configuration-plain.json',
      'language-configuration-reg.json',
      'language-configuration.json',
      'package.json',
      'snippets/befw-manifest.code-snippets',
      'snippets/befw-rules.code-snippets',
      'syntaxes/befw-manifest.tmLanguage.json',
      'syntaxes/befw-netsh-show.tmLanguage.json',
      'syntaxes/befw-reg.tmLanguage.json',
      'syntaxes/befw-rules.tmLanguage.json',
    ]);
  });

  it('every contributed command is registered by the client, and every registered one is contributed', () => {
    const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    const registered = [...clientSources.matchAll(/registerCommand\(\s*'([\w.]+)'/g)].map((m) => m[1]);
    if (clientSources.includes('registerCommand(SHOW_REQUIRED_FLOWS_COMMAND')) registered.push(/SHOW_REQUIRED_FLOWS_COMMAND = '([\w.]+)'/.exec(protocol)![1]);
    assert.deepEqual(registered.sort(), contributed);
    for (const command of manifest.contributes.commands) assert.equal(command.category, 'Backup Exec');
  });

  it('both languages have a file pattern, a grammar, snippets and the language configuration', () => {
    for (const id of ['befw-manifest', 'befw-rules']) {
      const language = manifest.contributes.languages.find((l: { id: string }) => l.id === id);
      assert.ok(language.filenamePatterns.length > 0 && existsSync(join(root, language.configuration)), id);
      const grammar = manifest.contributes.grammars.find((g: { language: string }) => g.language === id);
      assert.ok(existsSync(join(root, grammar.path)), grammar.path);
      const snippets = manifest.contributes.snippets.find((s: { language: string }) => s.language === id);
      assert.ok(Object.keys(JSON.parse(readFileSync(join(root, snippets.path), 'utf8'))).length > 0, snippets.path);
    }
  });

  it('declares limited support for untrusted workspaces, the settings a workspace may not set then, and a bin for the language server', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    // A repository's .vscode/settings.json must not choose what is read, nor lift the size limit, in Restricted Mode.
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['befw.files.manifests', 'befw.files.rules', 'befw.maxFileSize']);
    for (const key of manifest.capabilities.untrustedWorkspaces.restrictedConfigurations) assert.ok(manifest.contributes.configuration.properties[key], key);
    assert.equal(manifest.bin['befw-language-server'], 'dist/server.js');
    assert.equal(manifest.main, './dist/extension.js');
    assert.match(readFileSync(join(root, manifest.bin['befw-language-server']), 'utf8').slice(0, 30), /^#!\/usr\/bin\/env node/);
  });

  it('the settings the server reads are the ones the extension contributes', () => {
    const settings = readFileSync(join(root, 'server', 'src', 'lsp', 'settings.ts'), 'utf8');
    for (const key of Object.keys(manifest.contributes.configuration.properties).filter((k) => k !== 'befw.trace.server')) {
      const last = key.split('.').pop()!;
      assert.ok(settings.includes(last), `${key} is read by the server`);
    }
  });
});
