import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { NEW_SITE_REQUEST, type NewSiteParams, type NewSiteResponse } from '../../server/src/lsp/protocol';

/** What "Backup Exec: New site…" asks, as typed; a test or a walkthrough link may give some of it. */
export interface SiteAnswers {
  server?: string;
  agents?: string;
  firewall?: 'host' | 'network';
  dialect?: string;
  linuxDialect?: string;
}

type Field = keyof SiteAnswers;
type Problem = { readonly field: Field; readonly error: string; readonly value: string | undefined };

const TITLE = 'Backup Exec: New site';
/**
 * Set once a site is written: the walkthrough's first step completes on it. Completing on the command
 * itself would mark the step while its questions are open, and the walkthrough moving on to the next step
 * takes the focus from the question being answered.
 */
const SITE_CREATED_CONTEXT = 'befw.siteCreated';

/**
 * Asks for the server, the agents, the firewall kind and the dialects, has the server write the site,
 * and writes it into the first workspace folder, which may be empty; an answer the server refuses is
 * asked again with its reason. Never overwrites a file. Returns the files written, for tests.
 */
export async function createNewSite(server: LanguageClient, given: SiteAnswers = {}): Promise<{ uri: string; text: string }[] | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('Open a folder first (File > Open Folder…): the new site is written into it.');
  const answers: SiteAnswers = { ...given };
  let problem: Problem | undefined;
  for (;;) {
    if (!(await askMissing(answers, problem))) return undefined;
    const result = await server.sendRequest<NewSiteResponse>(NEW_SITE_REQUEST, answers as NewSiteParams);
    if ('files' in result) return writeSite(folder.uri, result.files);
    const field = result.field as Field;
    // The same refusal of the same answer again (one the prompts fill in themselves): asking cannot help.
    if (problem && problem.field === field && problem.error === result.error && problem.value === answers[field]) throw new Error(`Cannot write the site: ${result.error}`);
    problem = { field, error: result.error, value: answers[field] };
    answers[field] = undefined;
  }
}

/** Asks each answer not given yet, in order; false when the admin cancels. */
async function askMissing(answers: SiteAnswers, problem: Problem | undefined): Promise<boolean> {
  const again = (field: Field) => (problem?.field === field ? problem : undefined);
  answers.server ??= await askText(again('server'), '1/4', 'The Backup Exec server, as name=address', 'be01=10.0.1.10');
  if (answers.server === undefined) return false;
  answers.agents ??= await askText(again('agents'), '2/4', 'The remote computers with an agent, as name=address separated by commas; "linux" after an Agent for Linux', 'fs01=10.0.2.20, sql01=10.0.2.21, web01=10.0.2.30 linux');
  if (answers.agents === undefined) return false;
  answers.firewall ??= await pick(again('firewall'), '3/4', 'Which firewalls stand between the server and its agents?', [
    { label: 'Host firewalls', detail: 'The own firewall of the server and of each agent: Windows Defender Firewall, or the Linux host\'s', value: 'host' as const },
    { label: 'One network firewall', detail: 'A firewall in front of the agents, its rules in a YAML rule file', value: 'network' as const },
  ]);
  if (answers.firewall === undefined) return false;
  // A network firewall's rules are our YAML only: nothing to ask.
  if (answers.firewall === 'network') answers.dialect ??= 'yaml';
  answers.dialect ??= await pick(again('dialect'), '4/4', 'How are the Windows hosts\' firewall rules written?', [
    { label: 'YAML rule files', description: '*.fwrules.yaml', detail: 'befw\'s own format, for rules kept apart from the hosts', value: 'yaml' },
    { label: 'netsh batch files', description: '*.cmd', detail: 'netsh advfirewall firewall add rule …, run on each host', value: 'netsh' },
    { label: 'PowerShell scripts', description: '*.ps1', detail: 'New-NetFirewallRule …, run on each host or pushed by GPO', value: 'powershell' },
  ]);
  if (answers.dialect === undefined) return false;
  // Whether an agent is said to be Linux decides only whether to ask; the server checks the answers.
  const linuxAgents = answers.firewall === 'host' && /\blinux\b/i.test(answers.agents);
  if (linuxAgents || again('linuxDialect')) {
    answers.linuxDialect ??= await pick(again('linuxDialect'), '4/4', 'How are the Linux agents\' firewall rules written?', [
      { label: 'YAML rule files', description: '*.fwrules.yaml', value: 'yaml' },
      { label: 'iptables', description: '*.iptables', detail: 'iptables-save output, loaded with iptables-restore', value: 'iptables' },
      { label: 'nftables', description: '*.nft', detail: 'an nft ruleset, loaded with nft -f', value: 'nftables' },
      { label: 'firewalld', description: '*.zone.xml', detail: 'a firewalld zone', value: 'firewalld' },
      { label: 'ufw', description: '*.user.rules', detail: 'ufw\'s /etc/ufw/user.rules', value: 'ufw' },
    ]);
    if (answers.linuxDialect === undefined) return false;
  }
  return true;
}

async function askText(problem: Problem | undefined, step: string, prompt: string, placeHolder: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: `${TITLE} (${step})`,
    prompt,
    placeHolder,
    value: problem?.value,
    ignoreFocusOut: true,
    // The server's reason shows until the answer changes.
    validateInput: (value) => (problem && value === problem.value ? { message: problem.error, severity: vscode.InputBoxValidationSeverity.Error } : undefined),
  });
}

async function pick<T extends string>(problem: Problem | undefined, step: string, placeHolder: string, items: (vscode.QuickPickItem & { value: T })[]): Promise<T | undefined> {
  const chosen = await vscode.window.showQuickPick(items, { title: `${TITLE} (${step})${problem ? `: ${problem.error}` : ''}`, placeHolder, ignoreFocusOut: true });
  return chosen?.value;
}

/** Writes the files unless one exists already (then nothing is written), and opens the manifest. */
async function writeSite(folder: vscode.Uri, files: readonly { relativePath: string; text: string }[]): Promise<{ uri: string; text: string }[]> {
  const targets = files.map((file) => ({ uri: vscode.Uri.joinPath(folder, file.relativePath), text: file.text }));
  const existing = [];
  for (const target of targets) {
    const found = await vscode.workspace.fs.stat(target.uri).then(() => true, () => false);
    if (found) existing.push(vscode.workspace.asRelativePath(target.uri));
  }
  if (existing.length > 0) throw new Error(`${existing.join(', ')} ${existing.length === 1 ? 'exists' : 'exist'} already: nothing was written. Remove ${existing.length === 1 ? 'it' : 'them'}, or open an empty folder for the new site.`);
  const encoder = new TextEncoder();
  for (const target of targets) await vscode.workspace.fs.writeFile(target.uri, encoder.encode(target.text));
  await vscode.window.showTextDocument(targets[0].uri);
  await vscode.commands.executeCommand('setContext', SITE_CREATED_CONTEXT, true);
  return targets.map((target) => ({ uri: target.uri.toString(), text: target.text }));
}
