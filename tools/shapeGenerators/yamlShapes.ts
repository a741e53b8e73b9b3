import { Draw } from '../seededRandom';
import type { BenchSite } from '../shapes';
import { AddressPlan, IPV4, IPV6, ipv6Text, type Family } from './addressPlan';
import { drawRules, type RuleMix } from './drawnRules';
import { backupExecRules, host, manifest, ruleFile, yamlRule, type YamlRule } from './yamlFiles';

/**
 * The shapes of one network firewall with one YAML rule file (core.fwrules.yaml,
 * first-match) in front of 20 remote computers of one Backup Exec server:
 * the Backup Exec rules first, then the bulk.
 */

const AGENTS = 20;
const RULE_FILE = 'core.fwrules.yaml';
const agentNames = Array.from({ length: AGENTS }, (_, i) => `agent${i}`);

function coreSite(hostAddresses: { server: string; agent: (i: number) => string }, rules: readonly YamlRule[]): BenchSite {
  const hosts = [host('be01', 'backup-exec-server', hostAddresses.server), ...agentNames.map((name, i) => host(name, 'remote-computer', hostAddresses.agent(i)))];
  const firewalls = [`  - { name: core, rules: ${RULE_FILE}, protects: [${agentNames.join(', ')}] }`];
  return {
    files: { 'site.bexnet.yaml': manifest(hosts, firewalls), [RULE_FILE]: ruleFile('Generated core firewall', 'first-match', rules) },
    edited: RULE_FILE,
    languageId: 'befw-rules',
    yamlLanguageServer: true,
  };
}

const IPV4_HOSTS = { server: '10.0.1.10', agent: (i: number) => `10.1.${i >> 8}.${(i & 255) + 1}` };
const IPV6_HOSTS = { server: 'fd00:1:1::10', agent: (i: number) => ipv6Text((0xfd000001n << 96n) | (2n << 80n) | BigInt(i + 1)) };

/** The first bench's shape: every "subnet" a single address, one rule after another, nothing nested. */
export function singleAddresses(ruleCount: number): BenchSite {
  const rules = backupExecRules(['be01'], agentNames).slice(0, ruleCount);
  for (let i = 0; rules.length < ruleCount; i++) {
    const from = `10.${20 + (i % 200)}.${(i >> 8) & 255}.${(i & 255) + 1}`;
    rules.push({ name: `app-${i}`, action: i % 7 === 0 ? 'block' : 'allow', protocol: 'tcp', from: [from], to: [`10.30.${(i >> 8) & 255}.${(i & 255) + 1}`], ports: [String(1024 + (i % 60000))] });
  }
  return coreSite(IPV4_HOSTS, rules);
}

/** Sites of the address plan: enough that most rules of a large file are in different ones. */
export const siteCount = (ruleCount: number) => Math.max(16, Math.round(ruleCount / 50));

/** The Backup Exec rules, then rules drawn from an address plan of `family`. */
function drawnSite(ruleCount: number, seed: number, family: Family, mix: RuleMix, rangeShare = 0): BenchSite {
  const draw = new Draw(seed);
  const plan = new AddressPlan(draw, family, siteCount(ruleCount), rangeShare);
  const backupExec = backupExecRules(['be01'], agentNames).slice(0, ruleCount);
  const bulk = drawRules(draw, plan, ruleCount - backupExec.length, mix).map(yamlRule);
  return coreSite(family === IPV6 ? IPV6_HOSTS : IPV4_HOSTS, [...backupExec, ...bulk]);
}

const NO_ANY: RuleMix = { anySource: 0, anyDestination: 0 };

export const subnets = (ruleCount: number, seed: number) => drawnSite(ruleCount, seed, IPV4, NO_ANY);
export const anyEndpoints = (ruleCount: number, seed: number) => drawnSite(ruleCount, seed, IPV4, { anySource: 0.15, anyDestination: 0.15 });
export const ipv6Prefixes = (ruleCount: number, seed: number) => drawnSite(ruleCount, seed, IPV6, NO_ANY);
export const addressRanges = (ruleCount: number, seed: number) => drawnSite(ruleCount, seed, IPV4, NO_ANY, 0.4);
