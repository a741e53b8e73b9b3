import assert from 'node:assert/strict';
import { getDefaultCatalog } from '../../server/src/engine/catalog/catalog';
import { chainRuleFile } from '../../server/src/engine/dialects/chains/chainModel';
import type { ChainFileParse, ChainRuleText, ChainText } from '../../server/src/engine/dialects/chains/chainText';
import type { ScriptList } from '../../server/src/engine/dialects/scriptRule';
import { crossing, evaluateFlow, type FlowEvaluation } from '../../server/src/engine/flows/evaluateFlow';
import { deriveRequiredFlows } from '../../server/src/engine/flows/requiredFlows';
import { RuleSet } from '../../server/src/engine/flows/ruleSet';
import { EndpointResolver } from '../../server/src/engine/model/endpoints';
import type { Action, ChainVerdict, Located, RuleDialect, RuleFileModel, RuleModel } from '../../server/src/engine/model/types';
import { memoryService, uriOf } from './engine';

/**
 * Linux chain files built without a dialect: the shape every Linux dialect reads into (chainText.ts),
 * written as a small made-up text so that every range points at real characters. One line per chain
 * (`chain INPUT hook inbound priority 0 family 4 policy drop`) and one per rule
 * (`  tcp saddr 10.1.1.0/24 dport 10000,50100-50149 accept comment "name"`).
 */

export type VerdictSpec = 'accept' | 'drop' | 'reject' | 'return' | 'continue' | { readonly jump: string } | { readonly goto: string };

export interface RuleSpec {
  readonly verdict: VerdictSpec;
  readonly protocol?: string;
  readonly sources?: readonly string[];
  readonly destinations?: readonly string[];
  readonly ports?: readonly string[];
  /** Written as is before the verdict; the rule is known only on the host. */
  readonly hostOnly?: string;
  readonly establishedOnly?: boolean;
  readonly loopbackOnly?: boolean;
  readonly name?: string;
}

export interface ChainSpec {
  readonly id: string;
  readonly hook?: 'inbound' | 'outbound';
  readonly priority?: number;
  readonly family?: 4 | 6;
  readonly policy?: Action;
  /** The policy is not in the file: `policy` is assumed, for this reason (nothing is written). */
  readonly policyAssumed?: string;
  readonly rules: readonly RuleSpec[];
}

export interface FileSpec {
  readonly chains?: readonly ChainSpec[];
  /** Written as `default inbound drop` lines (ufw's /etc/default/ufw). */
  readonly statedPolicies?: { readonly inbound?: Action; readonly outbound?: Action };
  readonly dialect?: RuleDialect;
}

const WORD: Record<Action, string> = { allow: 'accept', block: 'drop' };

/** Writes the text and the parse a dialect would have read from it. */
export function chainParse(spec: FileSpec): { text: string; parse: ChainFileParse } {
  let text = '';
  const write = (piece: string): [number, number] => {
    const start = text.length;
    text += piece;
    return [start, text.length];
  };
  const chains = (spec.chains ?? []).map((chain): ChainText => {
    write('chain ');
    const name = { value: chain.id, range: write(chain.id) };
    if (chain.hook) write(` hook ${chain.hook}`);
    if (chain.priority !== undefined) write(` priority ${chain.priority}`);
    if (chain.family) write(` family ${chain.family}`);
    let policy: Located<Action> | undefined;
    // An assumed policy is written nowhere: its range is the chain's name, which policyOf() never reports.
    if (chain.policy && chain.policyAssumed) policy = { value: chain.policy, range: name.range };
    else if (chain.policy) {
      write(' policy ');
      policy = { value: chain.policy, range: write(WORD[chain.policy]) };
    }
    write('\n');
    const rules = chain.rules.map((rule): ChainRuleText => {
      write('  ');
      const start = text.length;
      /** Writes one part of the rule, after a blank unless it is the first. */
      const part = (piece: string): [number, number] => {
        if (text.length > start) write(' ');
        return write(piece);
      };
      const list = (keyword: string, items: readonly string[] | undefined): ScriptList | undefined => {
        if (!items) return undefined;
        part(keyword);
        write(' ');
        const located = items.map((item, i): Located<string> => {
          if (i > 0) write(',');
          return { value: item, range: write(item) };
        });
        return { range: [located[0].range[0], located[located.length - 1].range[1]], items: located };
      };
      const protocol = rule.protocol === undefined ? undefined : { value: rule.protocol, range: part(rule.protocol) };
      const sources = list('saddr', rule.sources);
      const destinations = list('daddr', rule.destinations);
      const ports = list('dport', rule.ports);
      const hostOnly = rule.hostOnly === undefined ? undefined : { value: rule.hostOnly, range: part(rule.hostOnly) };
      if (rule.establishedOnly) part('ct state established,related');
      if (rule.loopbackOnly) part('iif lo');
      const verdict = { value: verdictOf(rule.verdict), range: part(verdictText(rule.verdict)) };
      let name: Located<string> | undefined;
      if (rule.name !== undefined) {
        part('comment "');
        name = { value: rule.name, range: write(rule.name) };
        write('"');
      }
      const range: [number, number] = [start, text.length];
      write('\n');
      return { range, name, protocol, sources, destinations, ports, verdict, hostOnly, establishedOnly: rule.establishedOnly, loopbackOnly: rule.loopbackOnly };
    });
    return { id: chain.id, name, family: chain.family, hook: chain.hook, priority: chain.priority, policy, policyAssumed: chain.policyAssumed, rules, appendAt: text.length };
  });
  const statedPolicy = (hook: 'inbound' | 'outbound'): Located<Action> | undefined => {
    const value = spec.statedPolicies?.[hook];
    if (!value) return undefined;
    write(`default ${hook} `);
    const range = write(WORD[value]);
    write('\n');
    return { value, range };
  };
  const statedPolicies = spec.statedPolicies && { inbound: statedPolicy('inbound'), outbound: statedPolicy('outbound') };
  return { text, parse: { chains, problems: [], unresolved: [], eol: '\n', statedPolicies, recognised: true } };
}

function verdictOf(verdict: VerdictSpec): ChainVerdict {
  if (typeof verdict === 'string') return { kind: verdict };
  return 'jump' in verdict ? { kind: 'jump', chain: verdict.jump } : { kind: 'goto', chain: verdict.goto };
}

function verdictText(verdict: VerdictSpec): string {
  if (typeof verdict === 'string') return verdict;
  return 'jump' in verdict ? `jump ${verdict.jump}` : `goto ${verdict.goto}`;
}

/** The rule file model of `spec`, served as file:///fixture/<name>. */
export function chainFile(name: string, spec: FileSpec): RuleFileModel {
  const { text, parse } = chainParse(spec);
  return chainRuleFile({ uri: uriOf(name), text }, spec.dialect ?? 'iptables-save', parse);
}

/** A Backup Exec server and a Linux agent host whose own firewall is judged; no dynamic range set, so data needs 1025-65535. */
export function site(addresses: { server: string; agent: string } = { server: '10.1.1.10', agent: '10.1.2.20' }): string {
  return `version: 1
settings:
  ndmpPort: 10000
hosts:
  - { name: be02, role: backup-exec-server, address: ${addresses.server} }
  - { name: web02, role: remote-computer, address: ${addresses.agent}, agent: linux }
firewalls:
  - name: web02-host
    host: web02
    rules: [web02.rules]
`;
}

/** The flows the agent's firewall sees: control (be02 → web02, TCP 10000), data (be02 → web02, 1025-65535), browser (web02 → be02, 6101). */
export const FLOWS = { control: 'remote-agent-control', data: 'remote-agent-data', browser: 'agent-browser' } as const;
export type FlowName = keyof typeof FLOWS;

/** Evaluates one of the site's flows at the agent's firewall, whose rule set is `files`. */
export function evaluate(files: readonly RuleFileModel[], flow: FlowName, manifestText = site()): FlowEvaluation {
  const manifest = memoryService({}).parseManifest({ uri: uriOf('site.bexnet.yaml'), text: manifestText });
  assert.deepEqual(manifest.problems, []);
  const required = deriveRequiredFlows(manifest, getDefaultCatalog()).filter((f) => f.service.id === FLOWS[flow]);
  assert.equal(required.length, 1, `one ${flow} flow`);
  const firewall = manifest.firewalls[0];
  const direction = crossing(required[0], firewall);
  assert.ok(direction, `the ${flow} flow crosses the agent's firewall`);
  return evaluateFlow(required[0], new RuleSet(firewall, files), direction, new EndpointResolver(manifest));
}

/** Where a rule model sits: `CHAIN#index` (its chain's id and its position there). */
export function placeOf(files: readonly RuleFileModel[], rule: RuleModel): string {
  for (const file of files) {
    for (const chain of file.chains ?? []) {
      const index = chain.rules.findIndex((chainRule) => chainRule.rule === rule);
      if (index >= 0) return `${chain.id}#${index}`;
    }
  }
  return `not a chain rule: ${rule.name}`;
}

/** Everything the walk decided, in a form one deepEqual pins: ports as text, rules by place. */
export function outcome(files: readonly RuleFileModel[], evaluation: FlowEvaluation) {
  const chains = evaluation.chains;
  assert.ok(chains, 'evaluated as chains');
  const shares = (list: readonly { rule: RuleModel; ports: { toString(): string } }[]) => list.map((share) => `${placeOf(files, share.rule)} ${share.ports}`);
  return {
    allowed: String(evaluation.allowed),
    denied: String(evaluation.denied),
    allowedBy: shares(evaluation.allowedBy),
    blockedBy: shares(evaluation.blockedBy),
    mayBlockBy: shares(chains.mayBlockBy),
    policyDenials: chains.policyDenials.map((decision) => `${decision.chain.id} ${decision.policy} ${decision.ports}`),
    inserts: chains.inserts.map((insert) => `${insert.uri.slice(uriOf('').length)} ${insert.chain}${insert.before === undefined ? ' end' : `#${insert.before}`}`),
    problem: evaluation.problem,
  };
}

/** The outcome of `flow` at the agent's firewall whose one rule file (web02.rules) has `chains`. */
export function walk(chains: readonly ChainSpec[], flow: FlowName) {
  const files = [chainFile('web02.rules', { chains })];
  return outcome(files, evaluate(files, flow));
}
