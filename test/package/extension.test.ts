import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { minimatch } from 'minimatch';
import { webviewHead } from '../../client/src/html';
import { LANGUAGE_KINDS } from '../../server/src/lsp/project';
import { DEFAULT_OBSERVATION_MAX_AGE_DAYS } from '../../server/src/engine';
import { OBSERVATION_FILES_WATCH_GLOB, RULE_FILES_WATCH_GLOB } from '../../server/src/lsp/server';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const clientSources = ['extension.ts', 'commands.ts', 'status.ts'].map((f) => readFileSync(join(root, 'client', 'src', f), 'utf8')).join('\n');
const protocol = readFileSync(join(root, 'server', 'src', 'lsp', 'protocol.ts'), 'utf8');

describe('the VS Code extension package', () => {
  it('contains only the bundles, grammars, snippets, language configuration and docs (.vscodeignore)', () => {
    const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    const listed = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' }).trim().split('\n').sort();
    // The README's images stay out: vsce links them to the repository. The walkthrough's pages are shown from the package.
    assert.deepEqual(listed, [
      'LICENSE',
      'README.md',
      'dist/extension.js',
      'dist/server.js',
      'docs/walkthrough/create-site.md',
      'docs/walkthrough/diagnostic.md',
      'docs/walkthrough/fix.md',
      'docs/walkthrough/flows.md',
      'docs/walkthrough/rule-file.md',
      'language-configuration-firewalld.json',
      'language-configuration-iptables.json',
      'language-configuration-nft.json',
      'language-configuration-plain.json',
      'language-configuration-probe.json',
      'language-configuration-reg.json',
      'language-configuration.json',
      'package.json',
      'snippets/befw-iptables.code-snippets',
      'snippets/befw-manifest.code-snippets',
      'snippets/befw-nft.code-snippets',
      'snippets/befw-rules.code-snippets',
      'syntaxes/befw-firewalld.tmLanguage.json',
      'syntaxes/befw-iptables.tmLanguage.json',
      'syntaxes/befw-manifest.tmLanguage.json',
      'syntaxes/befw-netsh-show.tmLanguage.json',
      'syntaxes/befw-nft.tmLanguage.json',
      'syntaxes/befw-probe.tmLanguage.json',
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

/** The Linux firewall languages, with the files VS Code gives them (issue 16) and a real first line of each kind. */
const LINUX_LANGUAGES = [
  {
    id: 'befw-iptables',
    name: 'iptables-save / ufw rules',
    files: { extensions: ['.iptables', '.iptables-save', '.ip6tables'], filenames: ['rules.v4', 'rules.v6', 'user.rules', 'user6.rules'], firstLine: '^(\\ufeff)?# Generated by ip6?tables-save' },
    firstLines: ['iptables/be-agent-host.iptables-save.rules', 'iptables/copied-from-windows.ip6tables-save.rules'],
    comments: { lineComment: '#' },
    snippets: 'snippets/befw-iptables.code-snippets',
  },
  {
    id: 'befw-nft',
    name: 'nftables ruleset',
    files: { extensions: ['.nft', '.nftables'], firstLine: '^#!/usr/sbin/nft' },
    firstLines: ['nftables/script-crlf.nft'],
    comments: { lineComment: '#' },
    snippets: 'snippets/befw-nft.code-snippets',
  },
  {
    id: 'befw-firewalld',
    name: 'firewalld zone XML',
    files: { filenamePatterns: ['**/firewalld/zones/*.xml', '*.zone.xml', '*.firewalld.xml'] },
    firstLines: [],
    comments: { blockComment: ['<!--', '-->'] },
    snippets: undefined,
  },
];

type Contributed = { language: string; path: string; scopeName?: string };
const json = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));

describe('the Linux firewall languages', () => {
  for (const { id, name, files, firstLines, comments, snippets } of LINUX_LANGUAGES) {
    it(`${id}: its files, first line, configuration, grammar${snippets ? ', snippets' : ''} and activation are contributed, and what they name exists`, () => {
      const language = manifest.contributes.languages.find((l: { id: string }) => l.id === id);
      assert.deepEqual(language, { id, aliases: [name, id], ...files, configuration: language.configuration });
      for (const fixture of firstLines) assert.match(readFileSync(join(root, 'test', 'dialects', fixture), 'utf8').split(/\r?\n/)[0], new RegExp(files.firstLine!), fixture);
      assert.deepEqual(json(language.configuration).comments, comments);
      const grammar = manifest.contributes.grammars.find((g: Contributed) => g.language === id) as Contributed;
      assert.equal(json(grammar.path).scopeName, grammar.scopeName, grammar.path);
      assert.ok(manifest.activationEvents.includes(`onLanguage:${id}`), id);
      const contributedSnippets = manifest.contributes.snippets.find((g: Contributed) => g.language === id) as Contributed | undefined;
      assert.equal(contributedSnippets?.path.replace(/^\.\//, ''), snippets);
      if (snippets) assert.ok(Object.keys(json(snippets)).length >= 3, snippets);
    });
  }

  it('befw-firewalld is highlighted by VS Code\'s XML grammar (text.xml), which its grammar includes', () => {
    const grammar = manifest.contributes.grammars.find((g: Contributed) => g.language === 'befw-firewalld') as Contributed;
    assert.deepEqual(json(grammar.path).patterns, [{ include: 'text.xml' }]);
  });

  it('the client sends their documents to the server, which checks them as rule files and watches their files on disk', () => {
    for (const { id, files } of LINUX_LANGUAGES) {
      assert.match(clientSources, new RegExp(`\\{ scheme: 'file', language: '${id}' \\}`), id);
      assert.equal(LANGUAGE_KINDS[id], 'rules', id);
      const examples = [
        ...(files.extensions ?? []).map((extension) => `srv/be01${extension}`),
        ...(files.filenames ?? []).map((name) => `etc/iptables/${name}`),
        ...(files.filenamePatterns ?? []).map((pattern) => (pattern.includes('/') ? pattern : `captures/${pattern}`).replace('**/', 'etc/').replace('*', 'public')),
      ];
      for (const example of examples) assert.ok(minimatch(example, RULE_FILES_WATCH_GLOB, { dot: true }), `${example} is watched by ${RULE_FILES_WATCH_GLOB}`);
    }
  });
});

describe('probe results (issue 19)', () => {
  it('*.probe.jsonl files are the language befw-probe, highlighted by VS Code\'s JSON grammar, activating the extension', () => {
    const language = manifest.contributes.languages.find((l: { id: string }) => l.id === 'befw-probe');
    assert.deepEqual(language, { id: 'befw-probe', aliases: ['Backup Exec probe results', 'befw-probe'], filenamePatterns: ['*.probe.jsonl'], configuration: './language-configuration-probe.json' });
    assert.equal(json(language.configuration).comments, undefined, 'JSON Lines have no comments');
    const grammar = manifest.contributes.grammars.find((g: Contributed) => g.language === 'befw-probe') as Contributed;
    assert.equal(json(grammar.path).scopeName, grammar.scopeName);
    assert.deepEqual(json(grammar.path).patterns, [{ include: 'source.json' }]);
    assert.ok(manifest.activationEvents.includes('onLanguage:befw-probe'));
  });

  it('the client sends them to the server, which re-checks their manifests as they change, in the editor or on disk', () => {
    assert.match(clientSources, /\{ scheme: 'file', language: 'befw-probe' \}/);
    assert.equal(LANGUAGE_KINDS['befw-probe'], 'observations');
    for (const path of ['be01.probe.jsonl', 'sites/tokyo/be 01.probe.jsonl']) assert.ok(minimatch(path, OBSERVATION_FILES_WATCH_GLOB, { dot: true }), path);
    assert.ok(!minimatch('be01.jsonl', OBSERVATION_FILES_WATCH_GLOB, { dot: true }));
    assert.match(readFileSync(join(root, 'server', 'src', 'lsp', 'server.ts'), 'utf8'), /watchers = \[[^\]]*\{ globPattern: OBSERVATION_FILES_WATCH_GLOB \}/);
  });

  it('befw.probe.maxAgeDays: days, 30 by default as in the engine, at least 1, saying what BEX302 does; the client passes it on', () => {
    const setting = manifest.contributes.configuration.properties['befw.probe.maxAgeDays'];
    assert.deepEqual({ type: setting.type, default: setting.default, minimum: setting.minimum }, { type: 'number', default: DEFAULT_OBSERVATION_MAX_AGE_DAYS, minimum: 1 });
    assert.match(setting.markdownDescription, /stale: BEX302 \(information\)[^.]*, and they no longer decide BEX300/);
    assert.match(clientSources, /probe: \{ maxAgeDays: config\.get\('probe\.maxAgeDays'\) \}/);
  });
});

describe('the editor around befw\'s own languages (issue 17)', () => {
  it('manifests and rule files indent with 2 spaces, as every snippet does; indentation detection stays on for files indented otherwise', () => {
    const defaults = manifest.contributes.configurationDefaults;
    for (const id of ['befw-manifest', 'befw-rules']) assert.deepEqual(defaults[`[${id}]`], { 'editor.tabSize': 2, 'editor.insertSpaces': true }, id);
    assert.doesNotMatch(JSON.stringify(defaults), /detectIndentation/);
    for (const path of ['snippets/befw-manifest.code-snippets', 'snippets/befw-rules.code-snippets']) {
      const bodies = Object.values(JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, { body: string[] }>).flatMap((s) => s.body);
      assert.deepEqual(bodies.filter((line) => /^ *\t/.test(line) || /^ */.exec(line)![0].length % 2 === 1), [], path);
    }
  });

  it('the explanation panel runs no script and loads nothing: a strict Content-Security-Policy, its one style allowed by a nonce', () => {
    const view = readFileSync(join(root, 'client', 'src', 'explainView.ts'), 'utf8');
    // Its head is webviewHead's without a script: the CSP allows its own style only.
    assert.deepEqual([...view.matchAll(/webviewHead\(([^)]*)\)/g)].map((m) => m[1]), ['nonce, false']);
    const head = webviewHead('N', false);
    assert.deepEqual([...head.matchAll(/http-equiv="Content-Security-Policy" content="([^"]*)"/g)].map((m) => m[1]), ["default-src 'none'; style-src 'nonce-N';"]);
    assert.ok(head.endsWith('<style nonce="N">'), head);
    assert.match(view, /enableScripts: false, enableCommandUris: false/);
    assert.doesNotMatch(view, /<script|https?:\/\//);
  });
});

type Step = { id: string; title: string; description: string; media: { markdown?: string }; completionEvents?: string[] };

describe('the first-run walkthrough', () => {
  const [walkthrough] = manifest.contributes.walkthroughs as { id: string; steps: Step[] }[];

  it('walks from a new site to the flow view: create, rule file, diagnostic, fix, flows', () => {
    assert.deepEqual(walkthrough.steps.map((step) => step.id), ['createSite', 'ruleFile', 'seeDiagnostic', 'applyFix', 'showFlows']);
    const step = (id: string) => walkthrough.steps.find((s) => s.id === id)!;
    assert.match(step('createSite').description, /\n\[Create a site\]\(command:befw\.newSite\)$/);
    // Done once the site is written (the command sets the context key), not when its questions open.
    assert.deepEqual(step('createSite').completionEvents, ['onContext:befw.siteCreated']);
    assert.match(readFileSync(join(root, 'client', 'src', 'newSite.ts'), 'utf8'), /SITE_CREATED_CONTEXT = 'befw\.siteCreated'[\s\S]*executeCommand\('setContext', SITE_CREATED_CONTEXT, true\)/);
    assert.match(step('showFlows').description, /\n\[Show flow map\]\(command:befw\.showFlowMap\)\n\[Show required flows\]\(command:befw\.showRequiredFlows\)$/);
    assert.deepEqual(step('showFlows').completionEvents, ['onCommand:befw.showFlowMap', 'onCommand:befw.showRequiredFlows']);
    // The new site runs before any manifest exists: the command activates the extension in an empty folder.
    assert.ok(manifest.activationEvents.includes('onCommand:befw.newSite'));
  });

  it('every step has its Markdown page, packaged, and completes on an event', () => {
    const packaged = readFileSync(join(root, '.vscodeignore'), 'utf8');
    for (const step of walkthrough.steps) {
      assert.match(step.media.markdown ?? '', /^docs\/walkthrough\/[\w-]+\.md$/, step.id);
      assert.match(readFileSync(join(root, step.media.markdown!), 'utf8'), /^# \S/, step.media.markdown);
      assert.ok(packaged.includes(`!${step.media.markdown!.replace(/[\w-]+\.md$/, '*.md')}`), `${step.media.markdown} is packaged`);
      assert.ok((step.completionEvents ?? []).length > 0, `${step.id} completes on an event`);
    }
  });

  it('every command a step links or waits for is contributed (or built in), and every rule-file language it waits for is one the client checks', () => {
    const contributed = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
    const builtIn = new Set(['workbench.actions.view.problems', 'editor.action.quickFix']);
    for (const step of walkthrough.steps) {
      for (const [, command] of step.description.matchAll(/\(command:([\w.]+)/g)) assert.ok(contributed.has(command), `${step.id} links ${command}`);
      for (const event of step.completionEvents ?? []) {
        const command = /^onCommand:(.+)$/.exec(event)?.[1];
        if (command) assert.ok(contributed.has(command) || builtIn.has(command), `${step.id} waits for ${command}`);
      }
    }
    const languages = [...(walkthrough.steps.find((s) => s.id === 'ruleFile')!.completionEvents![0].matchAll(/resourceLangId == ([\w-]+)/g))].map((m) => m[1]);
    assert.deepEqual(languages, ['befw-rules', 'powershell', 'bat', 'befw-iptables', 'befw-nft', 'befw-firewalld']);
    for (const language of languages) assert.match(clientSources, new RegExp(`language: '${language}'`), language);
  });
});
