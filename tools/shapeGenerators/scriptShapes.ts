import { Draw } from '../seededRandom';
import type { BenchSite } from '../shapes';
import { ANY, AddressPlan, IPV4, type Block } from './addressPlan';
import { drawRules, portText, type DrawnRule } from './drawnRules';
import { host, manifest } from './yamlFiles';
import { siteCount } from './yamlShapes';

/**
 * Windows Defender Firewall scripts bound as the host firewall of sql01, the
 * remote computer be01 backs up: a batch file of netsh commands and a
 * PowerShell script of New-NetFirewallRule, each written as admins write them
 * (variables for the sites, continuation lines, address lists mixing subnets,
 * ranges and LocalSubnet). Every command is read without running the script;
 * LocalSubnet alone is resolved by Windows at run time (BEX018, information).
 */

/** Variables naming sites: one per 25 rules, 40 at most. */
const MAX_VARIABLES = 40;
const RANGE_SHARE = 0.2;

interface FirewallCommand {
  readonly name: string;
  readonly inbound: boolean;
  readonly action: string;
  readonly protocol: string;
  /** Addresses of the other side, as written (a variable, a literal, LocalSubnet); empty for any. */
  readonly remote: readonly string[];
  readonly ports: readonly string[];
}

/** A script of `ruleCount` firewall commands: Backup Exec's first, then the bulk; `variable` names a site as the dialect writes it. */
function scriptRules(ruleCount: number, seed: number, variable: (i: number) => string, quote: (address: string) => string) {
  const draw = new Draw(seed);
  const plan = new AddressPlan(draw, IPV4, siteCount(ruleCount), RANGE_SHARE);
  const sites = Array.from({ length: Math.min(MAX_VARIABLES, Math.ceil(ruleCount / 25)) }, () => plan.site());
  const addresses = (blocks: readonly Block[]) => {
    if (blocks[0] === ANY) return [];
    const written = blocks.map((block) => quote(block.text));
    if (draw.chance(0.25)) written.unshift(variable(draw.int(0, sites.length - 1)));
    if (draw.chance(0.02)) written.push('LocalSubnet');
    return written;
  };
  const backupExec: FirewallCommand = { name: 'Backup Exec control and data', inbound: true, action: 'allow', protocol: 'TCP', remote: ['10.0.1.10'], ports: ['10000', '50100-50149'] };
  const bulk = drawRules(draw, plan, ruleCount - 1, { anySource: 0.05, anyDestination: 0 }).map((rule: DrawnRule): FirewallCommand => {
    const inbound = !draw.chance(0.1);
    // Windows refuses ports on a rule of any protocol: TCP or UDP.
    const protocol = rule.protocol === 'udp' ? 'UDP' : 'TCP';
    return { name: rule.name, inbound, action: rule.action, protocol, remote: addresses(inbound ? rule.from : rule.to), ports: rule.ports.map(portText) };
  });
  return { draw, sites, rules: [backupExec, ...bulk].slice(0, ruleCount) };
}

function hostFirewallSite(script: string, text: string, languageId: string): BenchSite {
  const hosts = [host('be01', 'backup-exec-server', '10.0.1.10'), host('sql01', 'remote-computer', '10.0.2.20')];
  return {
    files: { 'site.bexnet.yaml': manifest(hosts, [`  - { name: sql01-host, rules: ${script}, host: sql01 }`]), [script]: text },
    edited: script,
    languageId,
    yamlLanguageServer: false,
  };
}

/** netsh commands in a batch file: `set SITEn=…` used as %SITEn%, `^` continuations, comma lists. */
export function netshScript(ruleCount: number, seed: number): BenchSite {
  const { draw, sites, rules } = scriptRules(ruleCount, seed, (i) => `%SITE${i}%`, (address) => address);
  const lines = ['@echo off', `REM Generated host firewall of sql01: ${ruleCount} rules.`, ...sites.map((site, i) => `set SITE${i}=${site.text}`)];
  for (const rule of rules) {
    const head = `netsh advfirewall firewall add rule name="${rule.name}" dir=${rule.inbound ? 'in' : 'out'} action=${rule.action}`;
    const body = `protocol=${rule.protocol} ${rule.inbound ? 'localport' : 'remoteport'}=${rule.ports.join(',')} remoteip=${rule.remote.join(',') || 'any'}`;
    lines.push(draw.chance(0.25) ? `${head} ^\n    ${body}` : `${head} ${body}`);
  }
  // Batch files are written with Windows line ends.
  return hostFirewallSite('sql01.cmd', `${lines.join('\n')}\n`.replace(/\n/g, '\r\n'), 'bat');
}

/** New-NetFirewallRule commands: `$siteN = '…'` variables, backtick continuations, array arguments. */
export function powershellScript(ruleCount: number, seed: number): BenchSite {
  const { draw, sites, rules } = scriptRules(ruleCount, seed, (i) => `$site${i}`, (address) => `'${address}'`);
  const lines = [`# Generated host firewall of sql01: ${ruleCount} rules.`, ...sites.map((site, i) => `$site${i} = '${site.text}'`)];
  for (const rule of rules) {
    const head = `New-NetFirewallRule -DisplayName '${rule.name}' -Direction ${rule.inbound ? 'Inbound' : 'Outbound'} -Action ${rule.action === 'allow' ? 'Allow' : 'Block'} -Protocol ${rule.protocol}`;
    const remote = rule.remote.length > 0 ? ` -RemoteAddress ${rule.remote.join(', ')}` : '';
    const body = `${rule.inbound ? '-LocalPort' : '-RemotePort'} ${rule.ports.join(', ')}${remote}`;
    lines.push(draw.chance(0.3) ? `${head} \`\n    ${body}` : `${head} ${body}`);
  }
  return hostFirewallSite('sql01.ps1', `${lines.join('\n')}\n`, 'powershell');
}
