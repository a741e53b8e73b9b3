import type { Catalog } from '../catalog/catalog';
import type { FlowEvaluation, FlowProblem } from '../flows/evaluateFlow';
import { flowRuleDescription, flowRuleName, portTexts } from '../generate/flowRule';
import { profileBasis, profileList } from '../flows/ruleSet';
import { dialectOf } from '../dialects/registry';
import { describeFlow, describeHost } from '../flows/requiredFlows';
import { listRange, writtenInRule, type NewRule } from '../fixes/ruleEdits';
import type { OffsetRange, RuleModel } from '../model/types';
import { excerpt } from '../util/excerpt';
import type { PortSet } from '../util/portSet';
import type { CheckContext, Finding, FixData, RelatedPlace } from './types';

/** Where and how one kind of flow problem is reported in the rule file. */
export interface FlowFindingSpec {
  /** The file of `range`, when it is a rule's and not the file fixes write into (a firewall's rule set may span several files). */
  readonly uri?: string;
  readonly range: OffsetRange;
  /** Why the flow does not get through, after "… at firewall X:". */
  readonly reason: string;
  readonly related?: RelatedPlace[];
  readonly data?: FixData;
}

/**
 * Reports each evaluation with `problem` twice: in the rule file (where the
 * spec says) and at the firewall's entry in the manifest, each pointing at the other.
 */
export function flowFindings(context: CheckContext, problem: FlowProblem, spec: (e: FlowEvaluation) => FlowFindingSpec): Finding[] {
  const manifest = context.manifest;
  if (!manifest) return [];
  const findings: Finding[] = [];
  for (const evaluation of context.evaluations()) {
    if (evaluation.problem !== problem) continue;
    const { firewall, ruleFile, flow } = evaluation;
    const detail = spec(evaluation);
    const direction = flow.service.direction;
    // A direction befw inferred is said so wherever it decides a finding.
    const inferred = direction?.basis === 'inferred' ? ` Note: ${direction.text}` : '';
    const idle = idleNote(evaluation);
    const message = `${describeFlow(flow)} does not get through firewall "${excerpt(firewall.name.value)}" (${evaluation.direction}): ${detail.reason}${idle}${inferred}`;
    const hosts: RelatedPlace[] = [
      { uri: manifest.uri, range: flow.from.name.range, message: `source: ${describeHost(flow.from)}` },
      { uri: manifest.uri, range: flow.to.name.range, message: `destination: ${describeHost(flow.to)}` },
    ];
    const uri = detail.uri ?? ruleFile.uri;
    findings.push({
      uri,
      range: detail.range,
      message,
      related: [
        { uri: manifest.uri, range: firewall.name.range, message: `firewall "${excerpt(firewall.name.value)}" in the manifest` },
        ...(detail.related ?? []),
        ...evaluation.idleAllows.slice(0, IDLE_SHOWN).map(({ rule, why }) => relatedRule(rule, IDLE_ROLES[why])),
        ...hosts,
      ],
      data: detail.data,
      evaluation,
    });
    findings.push({
      uri: manifest.uri,
      range: firewall.name.range,
      message,
      related: [{ uri, range: detail.range, message: `rule file of "${excerpt(firewall.name.value)}"` }, ...(detail.related ?? [])],
      data: detail.data,
    });
  }
  return findings;
}

const IDLE_ROLES = { disabled: 'disabled', profile: 'not in every profile the host may be in', 'inbound-ignored': 'inbound allow rules ignored in the host\'s profile' } as const;

/** How many rules that do not count a message names. */
const IDLE_SHOWN = 2;

/** Rules that would let the flow through but do not count, and why: what an admin reading an export needs first. */
function idleNote(evaluation: FlowEvaluation): string {
  const shown = evaluation.idleAllows.slice(0, IDLE_SHOWN).map(({ rule, why }) =>
    why === 'disabled'
      ? `rule "${excerpt(rule.name)}" would allow it but is disabled`
      : why === 'profile'
        ? `rule "${excerpt(rule.name)}" allows it only in profile ${profileList(rule.syntax.profiles!.value)}, and this host is judged in ${profileBasis(evaluation.ruleSet)}`
        : `rule "${excerpt(rule.name)}" would allow it, but the export says inbound allow rules are ignored in profile ${profileList(evaluation.ruleSet.inboundIgnoredIn)}`,
  );
  const more = evaluation.idleAllows.length - shown.length;
  return shown.length === 0 ? '' : ` Note: ${shown.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}.`;
}

export function ruleNameRange(rule: RuleModel): OffsetRange {
  const name = rule.syntax.name;
  return name ? [name.range[0] + rule.base, name.range[1] + rule.base] : rule.range;
}

/** Where a rule writes its ports; undefined when it takes them from elsewhere (an anchor it merges). */
export function rulePortsRange(rule: RuleModel): OffsetRange | undefined {
  const ports = rule.syntax.ports;
  return ports && writtenInRule(rule, ports.range) ? listRange(rule, ports) : undefined;
}

export function relatedRule(rule: RuleModel, role: string): RelatedPlace {
  return { uri: rule.uri, range: ruleNameRange(rule), message: `${role}: rule "${excerpt(rule.name)}"` };
}

/** The rule that lets `ports` of a flow through, named after the service it serves (and the ports it holds, when not all of the flow's) and described as `befw generate` describes it. */
export function ruleForFlow(catalog: Catalog, evaluation: FlowEvaluation, ports: PortSet, windowsRules: readonly string[] = []): NewRule {
  const { flow } = evaluation;
  const endpoints = { from: [flow.from.name.value], to: [flow.to.name.value] };
  const description = flowRuleDescription(catalog, flow);
  if (windowsRules.length > 0) return { name: flowRuleName(flow), description, action: 'allow', ...endpoints, windowsRules };
  return { name: flowRuleName(flow, ports), description, action: 'allow', protocol: flow.protocol, ...endpoints, ports: portTexts(ports) };
}

/**
 * Fix data for "add a rule": under first-match, above the first rule that denies the flow, in its
 * file when a fix can edit it (a rule set's files are read in order); else at the end of the file
 * fixes write into.
 */
export function insertRuleData(evaluation: FlowEvaluation, rule: NewRule): FixData {
  const inserts = evaluation.chains?.inserts;
  if (inserts && inserts.length > 0) {
    // Linux chains: in each base chain that denies the flow, where the packet reaches (flows/evaluateChains.ts).
    const common = { fix: 'insert-rule', firewall: evaluation.firewall.name.value, rule, direction: evaluation.direction, hostFirewall: evaluation.firewall.host !== undefined };
    return { ...common, ruleFileUri: inserts[0].uri, chainInserts: inserts.map((insert) => ({ ...insert, beforeRuleText: beforeText(evaluation, insert) })) };
  }
  const firstBlock = evaluation.ruleSet.evaluation === 'first-match' ? evaluation.blockedBy[0]?.rule : undefined;
  const above = firstBlock && evaluation.ruleSet.files.some((file) => file.uri === firstBlock.uri && dialectOf(file).edits) ? firstBlock : undefined;
  return {
    fix: 'insert-rule',
    ruleFileUri: above?.uri ?? evaluation.ruleFile.uri,
    firewall: evaluation.firewall.name.value,
    rule,
    direction: evaluation.direction,
    hostFirewall: evaluation.firewall.host !== undefined,
    beforeRule: above?.index,
    beforeRuleName: above?.name,
  };
}

/** The text of the chain rule an insert goes before, so a fix can tell the file has not changed under it. */
function beforeText(evaluation: FlowEvaluation, insert: { uri: string; chain: string; before?: number }): string | undefined {
  if (insert.before === undefined) return undefined;
  const file = evaluation.ruleSet.files.find((f) => f.uri === insert.uri);
  return file?.chains?.find((chain) => chain.id === insert.chain)?.rules[insert.before]?.rule.syntax.text;
}

/** Linux chains: the base chains whose policy dropped some of the flow, and whether befw assumed that policy: " (chain INPUT drops them by its policy)". */
export function chainPolicyNote(evaluation: FlowEvaluation): string {
  const decisions = evaluation.chains?.policyDenials ?? [];
  if (decisions.length === 0) return '';
  const said = decisions.map(({ chain, ports, written }) => `chain ${excerpt(chain.name.value)} drops ${ports} by its policy${written ? '' : `, assumed: ${chain.policyAssumed ?? 'not written'}`}`);
  return ` (${said.join('; ')})`;
}

/** The related place of each written policy that dropped part of a flow. */
export function chainPolicyPlaces(evaluation: FlowEvaluation): RelatedPlace[] {
  return (evaluation.chains?.policyDenials ?? []).flatMap(({ chain, written }) => (written ? [{ uri: written.uri, range: written.range, message: `policy of chain ${excerpt(chain.name.value)}` }] : []));
}
