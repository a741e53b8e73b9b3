import type { Catalog, Service } from '../catalog/catalog';
import { describeService, explain } from '../explain';
import { claimText } from '../knowledge/claims';
import { describeDynamicPorts } from '../knowledge/dynamicPorts';
import type { AgentKind } from '../knowledge/services';
import type { FlowEvaluation } from '../flows/evaluateFlow';
import type { HostModel, ManifestModel, OffsetRange, PortItem, RuleFileModel, RuleModel } from '../model/types';
import type { CheckReport } from '../service';
import { flowCounts, flowLabel, flowsOfRule, problemText } from './flowTable';
import { dialectOf } from '../dialects/registry';
import { chainVerdict, describeChain, describeChainRule } from './chainFacts';
import { md } from './markdown';
import { describePorts } from './portFacts';
import { probeHover } from './probeHover';
import { profileBasis } from '../flows/ruleSet';
import { defaultsLine, ruleSetsOf, ruleStanding } from './ruleSetFacts';
import { locateInManifest, locateInRuleFile, type SettingName, type Target } from './locate';

export interface HoverInput {
  readonly catalog: Catalog;
  /** The latest check of the file's manifest, for flows and hosts; absent for a lone rule file. */
  readonly report?: CheckReport;
  readonly file: { readonly kind: 'manifest'; readonly model: ManifestModel } | { readonly kind: 'rules'; readonly model: RuleFileModel } | ObservationsHoverFile;
  readonly offset: number;
}

/** A probe results file (`*.probe.jsonl`), with the time its observations' ages are measured from and the age setting. */
export interface ObservationsHoverFile {
  readonly kind: 'observations';
  readonly text: string;
  /** Milliseconds since 1970. */
  readonly now: number;
  /** Observations older than this many days are stale (BEX302); default 30. */
  readonly maxAgeDays?: number;
}

export interface HoverResult {
  readonly markdown: string;
  readonly range: OffsetRange;
}

/** What the token under the cursor means for Backup Exec, with the flows it takes part in and its sources. */
export function doHover(input: HoverInput): HoverResult | undefined {
  const { file, offset } = input;
  if (file.kind === 'observations') return probeHover({ catalog: input.catalog, report: input.report, text: file.text, offset, now: file.now, maxAgeDays: file.maxAgeDays });
  const target = file.kind === 'manifest' ? locateInManifest(file.model, offset) : locateInRuleFile(file.model, offset);
  if (!target) return undefined;
  const markdown = describeTarget(input, target);
  return markdown ? { markdown, range: target.range } : undefined;
}

function describeTarget(input: HoverInput, target: Target): string | undefined {
  const { catalog, report } = input;
  const evaluations = report?.evaluations ?? [];
  switch (target.kind) {
    case 'port':
      return join(describePort(input, target.rule, target.item), ruleFlows(input, target.rule), chainContext(input, target.rule));
    case 'protocol':
      return join(describeProtocol(catalog, target.rule.protocol), ruleFlows(input, target.rule));
    case 'action':
      return join(describeAction(input, target.rule), ruleFlows(input, target.rule));
    case 'ruleName':
      return join(`**Rule "${md(target.rule.name)}"**: ${ruleSummary(target.rule, chainVerdictOf(input, target.rule))}`, chainContext(input, target.rule), ruleStanding(target.rule, ruleSetsOf(evaluations)), ruleFlows(input, target.rule) ?? 'It takes part in no required Backup Exec flow.');
    case 'endpoint':
      return describeEndpoint(input, target.value);
    case 'windowsRule':
      return servicesMarkdown(catalog, catalog.services.filter((s) => 'windowsRules' in s.ports && s.ports.windowsRules.includes(target.value)));
    case 'host':
    case 'address':
      return describeHost(catalog, target.host, evaluations);
    case 'hostReference':
      return describeEndpoint(input, target.value);
    case 'role':
      return explain(catalog, target.host.role.value)?.markdown;
    case 'feature':
      return join(explain(catalog, target.value)?.markdown, servicesMarkdown(catalog, servicesOfFeature(catalog, target.value), 'Flows it needs'));
    case 'firewall':
      return describeFirewall(target.firewall.name.value, evaluations);
    case 'rulesPath': {
      const binding = report?.bindings.find((b) => b.firewall === target.firewall && b.rulesPath === target.path);
      if (!binding) return undefined;
      if (binding.loadError) return `Rule file ${md(binding.ruleFileUri)} cannot be read: ${md(binding.loadError)}`;
      return binding.ruleFile ? describeRuleFile(binding.ruleFile) : undefined;
    }
    case 'setting':
      return describeSetting(catalog, target.setting);
    case 'chain':
      return input.file.kind === 'rules' ? describeChain(input.file.model, target.chain, ruleSetFilesOf(input)) : undefined;
    case 'term':
      return explain(catalog, target.value)?.markdown;
  }
}

/** For a rule of a Linux chain: its chain, what reaches it and what it does. */
function chainContext(input: HoverInput, rule: RuleModel): string | undefined {
  return input.file.kind === 'rules' ? describeChainRule(input.file.model, rule, ruleSetFilesOf(input)) : undefined;
}

/** The files read with this one at a firewall (ufw's user.rules with /etc/default/ufw), whose policies its chains may take. */
function ruleSetFilesOf(input: HoverInput): readonly RuleFileModel[] {
  const file = (input.file as { readonly model: RuleFileModel }).model;
  return ruleSetsOf(input.report?.evaluations ?? []).find((set) => set.files.some((f) => f.uri === file.uri))?.files ?? [file];
}

/** A Linux chain rule's verdict word (jump, return…), which its rule model's allow/block does not say. */
function chainVerdictOf(input: HoverInput, rule: RuleModel): string | undefined {
  return input.file.kind === 'rules' ? chainVerdict(input.file.model, rule) : undefined;
}

function join(...parts: (string | undefined)[]): string | undefined {
  const present = parts.filter((p): p is string => !!p);
  return present.length > 0 ? present.join('\n\n---\n\n') : undefined;
}

function ruleSummary(rule: RuleModel, verdict: string = rule.action): string {
  const what = rule.windowsRules.length > 0 ? rule.windowsRules.map((r) => `"${md(r.value)}"`).join(', ') : `${rule.protocol.toUpperCase()} ${rule.ports.toString() || 'no port'}`;
  return `${verdict} ${what} from ${md(rule.sources.join(', '))} to ${md(rule.destinations.join(', '))}${rule.enabled ? '' : ' (disabled)'}.`;
}

/** Services whose ports, as this manifest configures them, the port item touches. */
function describePort(input: HoverInput, rule: RuleModel, item: PortItem): string | undefined {
  if (item.problem) return `${md(item.text)}: ${md(item.problem)}`;
  if (item.any) return '`any`: every port, 1-65535. Backup Exec needs far fewer; see the required flows below.';
  return describePorts(input.catalog, input.report, rule.protocol, item.text, item.interval!, agentOfRule(input, rule));
}

/** The agent type of the remote computers a rule connects, when they all share one; else both are described. */
function agentOfRule(input: HoverInput, rule: RuleModel): AgentKind | undefined {
  const hosts = input.report?.manifest?.hosts ?? [];
  // A host's own firewall speaks for that host's agent, whatever its rules name (Linux rules name addresses, or nothing).
  const owners = new Set((input.report?.bindings ?? []).filter((b) => b.ruleFile?.uri === rule.uri && b.firewall.host).map((b) => b.firewall.host!.value));
  const named = new Set([...rule.sources, ...rule.destinations, ...owners]);
  const agents = new Set(hosts.filter((h) => h.role.value === 'remote-computer' && (named.has(h.name.value) || named.has(h.address.value))).map((h) => h.agent));
  return agents.size === 1 ? [...agents][0] : undefined;
}

function describeProtocol(catalog: Catalog, protocol: string): string {
  const services = catalog.services.filter((s) => s.protocol !== 'none' && (protocol === 'any' || s.protocol === protocol));
  const names = services.map((s) => `- ${s.name}`).join('\n');
  return `**${protocol.toUpperCase()}**${protocol === 'any' ? ' (TCP and UDP)' : ''}: the documented Backup Exec services using it:\n\n${names || '- none'}`;
}

function describeAction(input: HoverInput, rule: RuleModel): string {
  if (input.file.kind === 'rules') {
    const inChain = describeChainRule(input.file.model, rule, ruleSetFilesOf(input));
    if (inChain) return inChain;
  }
  const evaluation = input.file.kind === 'rules' ? input.file.model.evaluation : 'first-match';
  const semantics =
    evaluation === 'block-wins'
      ? 'This file is evaluated block-wins (Windows Defender Firewall): a matching block rule overrides every allow rule.'
      : 'This file is evaluated first-match (network firewalls): the first matching rule decides.';
  return `**${rule.action}**: ${semantics}`;
}

function ruleFlows(input: HoverInput, rule: RuleModel): string | undefined {
  if (!input.report || input.file.kind !== 'rules') return undefined;
  const { allows, hinders } = flowsOfRule(input.report.evaluations, rule);
  const lines: string[] = [];
  if (allows.length > 0) lines.push(`Required flows this rule allows (${allows.length}):`, ...allows.slice(0, 20).map((e) => `- ✅ ${flowLabel(e.flow)}`));
  if (hinders.length > 0) lines.push(`Required flows that fail here and involve this rule (${hinders.length}):`, ...hinders.slice(0, 20).map((e) => `- ❌ ${flowLabel(e.flow)}: ${problemText(e.problem)}`));
  return lines.length > 0 ? lines.join('\n') : undefined;
}

function describeEndpoint(input: HoverInput, value: string): string | undefined {
  if (value.trim().toLowerCase() === 'any') return '`any`: every address. Restrict it to the Backup Exec hosts that need the connection (BEX203).';
  const host = input.report?.manifest?.hosts.find((h) => h.name.value === value);
  if (host) return describeHost(input.catalog, host, input.report?.evaluations ?? []);
  return `${md(value)}: an address or CIDR; no manifest host is named so.`;
}

function describeHost(catalog: Catalog, host: HostModel, evaluations: readonly FlowEvaluation[]): string {
  const role = catalog.role(host.role.value)?.name ?? host.role.value;
  const features = host.features.map((f) => catalog.feature(f.value)?.name ?? md(f.value));
  const flows = evaluations.filter((e) => e.flow.from.name.value === host.name.value || e.flow.to.name.value === host.name.value);
  const blocked = flows.filter((e) => e.problem);
  const agent = host.role.value === 'remote-computer' ? catalog.agent(host.agent) : undefined;
  const lines = [`**${md(host.name.value)}**: ${role}, ${md(host.address.value)}${agent ? `, ${agent.name} (${agent.tier})` : ''}`];
  if (features.length > 0) lines.push('', `Features: ${features.join(', ')}`);
  if (agent?.id === 'linux') lines.push('', ...linuxAgentLines(catalog));
  if (flows.length > 0) {
    lines.push('', `Required flows through firewalls: ${flows.length - blocked.length}/${flows.length} allowed`);
    lines.push(...blocked.slice(0, 20).map((e) => `- ❌ ${flowLabel(e.flow)} at "${md(e.firewall.name.value)}": ${problemText(e.problem)}`));
  }
  return lines.join('\n');
}

/** What befw knows, and does not, about each flow on an Agent for Linux. */
function linuxAgentLines(catalog: Catalog): string[] {
  const linux = catalog.agent('linux');
  const services = catalog.services.filter((s) => s.linuxAgent);
  return [...(linux?.text ? [linux.text] : []), '', ...services.map((s) => `- ${s.name}: ${claimText(catalog, s.linuxAgent!)}`)];
}

function describeFirewall(name: string, evaluations: readonly FlowEvaluation[]): string {
  const own = evaluations.filter((e) => e.firewall.name.value === name);
  const count = flowCounts(own).get(name) ?? { allowed: 0, total: 0 };
  const lines = [`**Firewall "${md(name)}"**: ${count.allowed}/${count.total} required flows allowed`];
  const set = own[0]?.ruleSet;
  if (set && set.files.some((file) => file.evaluation === 'block-wins')) lines.push('', `${set.profileMatters ? `Judged in ${profileBasis(set)}. ` : ''}${defaultsLine(set)}`, '');
  lines.push(...own.map((e) => `- ${e.problem ? '❌' : '✅'} ${flowLabel(e.flow)} (${e.direction}): ${problemText(e.problem)}`));
  return lines.join('\n');
}

function servicesOfFeature(catalog: Catalog, feature: string): Service[] {
  return catalog.services.filter((s) => (s.requiredWhen.kind === 'feature' && s.requiredWhen.feature === feature) || s.targetFeature === feature);
}

function servicesMarkdown(catalog: Catalog, services: readonly Service[], heading?: string): string | undefined {
  if (services.length === 0) return undefined;
  return [...(heading ? [`${heading}:`] : []), ...services.map((s) => describeService(catalog, s))].join('\n\n');
}

function describeSetting(catalog: Catalog, setting: SettingName): string | undefined {
  const { ndmpPort, dynamicPorts } = catalog.data.settings;
  switch (setting) {
    case 'ndmpPort':
      return `**${ndmpPort.name}** (default ${ndmpPort.default})\n\n${ndmpPort.description}\n\nSources: ${ndmpPort.sources.map((id) => catalog.cite(id)).join('; ')}`;
    case 'agentRange':
    case 'serverRange':
    case 'rangeEnabled':
      return describeDynamicPorts(catalog);
    case 'concurrentJobs':
      return `**Concurrent jobs**: ${claimText(catalog, dynamicPorts.portsPerJob)} So a range needs at least ${dynamicPorts.portsPerJob.count} × concurrent jobs ports (BEX012).`;
  }
}

/** A rule file named in the manifest: its dialect, its rules (how many disabled), its evaluation. */
function describeRuleFile(ruleFile: RuleFileModel): string {
  const disabled = ruleFile.rules.filter((rule) => !rule.enabled);
  const lines = [`Rule file ${md(ruleFile.uri)} (${dialectOf(ruleFile).label}): ${ruleFile.rules.length} rules${disabled.length > 0 ? `, ${disabled.length} disabled` : ''}, ${ruleFile.evaluation} evaluation.`];
  if (disabled.length > 0) lines.push('', 'Disabled (they never count):', ...disabled.slice(0, 10).map((rule) => `- ${md(rule.name)}`), ...(disabled.length > 10 ? [`- and ${disabled.length - 10} more`] : []));
  return lines.join('\n');
}
