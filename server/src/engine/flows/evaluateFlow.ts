import type { EndpointResolver } from '../model/endpoints';
import { resolvedRule } from '../model/resolvedRule';
import type { Action, FirewallModel, HostModel, RuleFileModel, RuleModel } from '../model/types';
import { windowsRuleMatches } from '../model/windowsRules';
import { PortSet } from '../util/portSet';
import { evaluateChains, type ChainEvaluation } from './evaluateChains';
import type { RequiredFlow } from './requiredFlows';
import type { Direction, RuleSet } from './ruleSet';

export type { Direction } from './ruleSet';

/** Why a required flow does not get through, most specific first. */
export type FlowProblem = 'block-precedence' | 'wrong-protocol' | 'reversed' | 'partial' | 'missing';

export interface IdleAllow {
  readonly rule: RuleModel;
  readonly why: 'disabled' | 'profile' | 'inbound-ignored';
}

export interface RuleShare {
  readonly rule: RuleModel;
  readonly ports: PortSet;
}

export interface FlowEvaluation {
  readonly flow: RequiredFlow;
  readonly firewall: FirewallModel;
  /** Every rule file the firewall names, and what they say of its profiles and defaults. */
  readonly ruleSet: RuleSet;
  /** The file a fix writes the missing rule into (ruleSet.target). */
  readonly ruleFile: RuleFileModel;
  readonly direction: Direction;
  readonly defaultAction: Action;
  readonly allowed: PortSet;
  readonly denied: PortSet;
  readonly allowedBy: RuleShare[];
  readonly blockedBy: RuleShare[];
  /** Allow rules that would let denied ports through but lose to a block rule. */
  readonly overriddenAllows: RuleModel[];
  readonly wrongProtocol: RuleModel[];
  readonly reversed: RuleModel[];
  /** Predefined Windows rules the flow needs that no enabled allow rule turns on. */
  readonly missingWindowsRules: string[];
  /** Allow rules that would let denied ports through but do not count here: disabled, or not in every profile the host may be in. */
  readonly idleAllows: readonly IdleAllow[];
  /** Linux chains: policies that denied, rules known only on the host that may drop, and where fixes insert. */
  readonly chains?: ChainEvaluation;
  readonly problem?: FlowProblem;
}

/**
 * Which way a flow crosses a firewall, or undefined when it does not cross it
 * or the sources document its requirement for other firewalls only. Checks and
 * generated rules both start here, so they require the same flows.
 */
export function crossing(flow: RequiredFlow, firewall: FirewallModel): Direction | undefined {
  // The sources name inbound rules on the managed server's own firewall only: no other firewall is judged for them.
  if (flow.service.hostFirewallOnly && firewall.host?.value !== flow.to.name.value) return undefined;
  if (firewall.host) {
    if (flow.to.name.value === firewall.host.value) return 'inbound';
    if (flow.from.name.value === firewall.host.value) return 'outbound';
    return undefined;
  }
  const names = protectedNames(firewall);
  const into = names.has(flow.to.name.value);
  const outOf = names.has(flow.from.name.value);
  if (into === outOf) return undefined;
  return into ? 'inbound' : 'outbound';
}

/** The names of the hosts a network firewall protects, once per firewall: every required flow of a site is asked about each firewall. */
const protectedByFirewall = new WeakMap<FirewallModel, ReadonlySet<string>>();

function protectedNames(firewall: FirewallModel): ReadonlySet<string> {
  let names = protectedByFirewall.get(firewall);
  if (!names) protectedByFirewall.set(firewall, (names = new Set(firewall.protects.map((p) => p.value))));
  return names;
}

function protocolMatches(rule: RuleModel, protocol: string): boolean {
  return rule.protocol === 'any' || rule.protocol === protocol;
}

/** Evaluates one required flow at one firewall with the firewall's own semantics. */
export function evaluateFlow(flow: RequiredFlow, ruleSet: RuleSet, direction: Direction, endpoints: EndpointResolver): FlowEvaluation {
  const { firewall, target: ruleFile } = ruleSet;
  const defaultAction = ruleSet.defaultAction(direction);
  const index = { rulesTo: (host: HostModel) => (ruleSet.off ? [] : ruleSet.rulesTo(host, endpoints)) };
  // Script rules apply one way (dir=in/out); YAML rules both. A rule counts only in the profiles the firewall may be in.
  const fromSource = (rule: RuleModel) =>
    (!rule.syntax.direction || rule.syntax.direction === direction) && ruleSet.applies(rule) && endpoints.matchesAny(resolvedRule(rule, endpoints).sources, flow.from);
  // The rules from the flow's source to its destination on every protocol: listed only when a flow is denied (or for block-wins),
  // as a first-match file whose early rules decide the flow is not read further.
  let sourceRules: RuleModel[] | undefined;
  const candidates = () => (sourceRules ??= [...index.rulesTo(flow.to)].filter(fromSource));
  let matchingRules: RuleModel[] | undefined;
  const matching = () => (matchingRules ??= candidates().filter((rule) => protocolMatches(rule, flow.protocol)));
  const base = { flow, firewall, ruleSet, ruleFile, direction, defaultAction };
  if (flow.windowsRules.length > 0) return evaluateWindowsRules(base, matching());

  const allowedBy: RuleShare[] = [];
  const blockedBy: RuleShare[] = [];
  let allowed = PortSet.EMPTY;
  let blocked = PortSet.EMPTY;
  let remaining = flow.ports;
  let chains: ChainEvaluation | undefined;
  if (ruleSet.evaluation === 'chains') {
    chains = evaluateChains(flow, ruleSet, direction, endpoints);
    allowedBy.push(...chains.allowedBy);
    blockedBy.push(...chains.blockedBy);
    allowed = chains.allowed;
    // What base chains denied by a rule; what their policies denied is `remaining`, decided below by the default.
    const byPolicy = chains.policyDenials.reduce((ports, decision) => ports.union(decision.ports), PortSet.EMPTY);
    blocked = chains.denied.subtract(byPolicy);
    remaining = byPolicy;
  } else if (ruleSet.evaluation === 'first-match') {
    for (const rule of index.rulesTo(flow.to)) {
      if (!protocolMatches(rule, flow.protocol) || !fromSource(rule)) continue;
      const hit = remaining.intersect(rule.ports);
      if (hit.isEmpty) continue;
      (rule.action === 'allow' ? allowedBy : blockedBy).push({ rule, ports: hit });
      if (rule.action === 'allow') allowed = allowed.union(hit);
      else blocked = blocked.union(hit);
      remaining = remaining.subtract(hit);
      if (remaining.isEmpty) break;
    }
  } else {
    for (const rule of matching()) {
      const hit = flow.ports.intersect(rule.ports);
      if (hit.isEmpty || rule.action !== 'block') continue;
      blockedBy.push({ rule, ports: hit });
      blocked = blocked.union(hit);
    }
    for (const rule of matching()) {
      const hit = flow.ports.intersect(rule.ports).subtract(blocked);
      if (hit.isEmpty || rule.action !== 'allow') continue;
      allowedBy.push({ rule, ports: hit });
      allowed = allowed.union(hit);
    }
    remaining = flow.ports.subtract(blocked).subtract(allowed);
  }
  // Chains apply each base chain's own policy; other files the one default.
  if (defaultAction === 'allow' && !chains) allowed = allowed.union(remaining);
  const denied = defaultAction === 'allow' && !chains ? blocked : blocked.union(remaining);

  const coversDenied = (rule: RuleModel) => rule.action === 'allow' && rule.ports.overlaps(denied);
  const overriddenAllows = blocked.isEmpty ? [] : matching().filter((rule) => rule.action === 'allow' && rule.ports.overlaps(blocked));
  const wrongProtocol = denied.isEmpty ? [] : candidates().filter((rule) => !protocolMatches(rule, flow.protocol) && coversDenied(rule));
  const reversed = denied.isEmpty
    ? []
    : [...index.rulesTo(flow.from)].filter(
        (rule) =>
          protocolMatches(rule, flow.protocol) &&
          // A rule that says its direction is reversed only if it applies the other way.
          rule.syntax.direction !== direction &&
          ruleSet.applies(rule) &&
          coversDenied(rule) &&
          endpoints.matchesAny(resolvedRule(rule, endpoints).sources, flow.to) &&
          endpoints.matchesAny(resolvedRule(rule, endpoints).destinations, flow.from),
      );
  // Only said when a flow is denied: a rule there that does not count is what the admin most needs to see.
  const idleAllows = denied.isEmpty ? [] : idleAllowsOf(flow, ruleSet, direction, endpoints, index, denied);
  const evaluation = { ...base, allowed, denied, allowedBy, blockedBy, overriddenAllows, wrongProtocol, reversed, missingWindowsRules: [], idleAllows, chains };
  return { ...evaluation, problem: denied.isEmpty ? undefined : classify(evaluation) };
}

function classify(e: Omit<FlowEvaluation, 'problem'>): FlowProblem {
  if (e.blockedBy.length > 0 && e.overriddenAllows.length > 0) return 'block-precedence';
  if (e.wrongProtocol.length > 0) return 'wrong-protocol';
  if (e.reversed.length > 0) return 'reversed';
  if (!e.allowed.isEmpty) return 'partial';
  return 'missing';
}

/** Remote Administration Console: the named Windows rules must be enabled and not blocked. */
function evaluateWindowsRules(
  base: Pick<FlowEvaluation, 'flow' | 'firewall' | 'ruleSet' | 'ruleFile' | 'direction' | 'defaultAction'>,
  matching: RuleModel[],
): FlowEvaluation {
  const turnsOn = (rule: RuleModel, required: string) => rule.windowsRuleNames.some((name) => windowsRuleMatches(name, required));
  const allowedBy: RuleShare[] = [];
  const blockedBy: RuleShare[] = [];
  const missingWindowsRules: string[] = [];
  for (const required of base.flow.windowsRules) {
    const allow = matching.find((rule) => rule.action === 'allow' && turnsOn(rule, required));
    const block = matching.find((rule) => rule.action === 'block' && turnsOn(rule, required));
    if (block) blockedBy.push({ rule: block, ports: PortSet.EMPTY });
    if (allow && !block) allowedBy.push({ rule: allow, ports: PortSet.EMPTY });
    else missingWindowsRules.push(required);
  }
  const overriddenAllows = blockedBy.length > 0 ? matching.filter((rule) => rule.action === 'allow' && rule.windowsRuleNames.length > 0) : [];
  // A firewall that is off, or allows unmatched traffic, needs no rule turned on: only a block stops the flow.
  const passesByDefault = base.defaultAction === 'allow' && blockedBy.length === 0;
  const problem: FlowProblem | undefined =
    missingWindowsRules.length === 0 || passesByDefault ? undefined : overriddenAllows.length > 0 ? 'block-precedence' : allowedBy.length > 0 ? 'partial' : 'missing';
  return {
    ...base,
    allowed: PortSet.EMPTY,
    denied: PortSet.EMPTY,
    allowedBy,
    blockedBy,
    overriddenAllows,
    wrongProtocol: [],
    reversed: [],
    missingWindowsRules,
    idleAllows: [],
    problem,
  };
}

/** Allow rules that match the flow and its denied ports in everything but being enabled or applying in the host's profiles. */
function idleAllowsOf(flow: RequiredFlow, ruleSet: RuleSet, direction: Direction, endpoints: EndpointResolver, index: { rulesTo(host: HostModel): Iterable<RuleModel> }, denied: PortSet): IdleAllow[] {
  const matches = (rule: RuleModel) =>
    rule.action === 'allow' &&
    (!rule.syntax.direction || rule.syntax.direction === direction) &&
    protocolMatches(rule, flow.protocol) &&
    rule.ports.overlaps(denied) &&
    endpoints.matchesAny(resolvedRule(rule, endpoints).sources, flow.from) &&
    endpoints.matchesAny(resolvedRule(rule, endpoints).destinations, flow.to);
  const outOfProfile = [...index.rulesTo(flow.to)].flatMap((rule): IdleAllow[] => {
    const why = ruleSet.whyNot(rule);
    return why && matches(rule) ? [{ rule, why }] : [];
  });
  const disabled = ruleSet.disabledRules.filter(matches).map((rule): IdleAllow => ({ rule, why: 'disabled' }));
  return [...outOfProfile, ...disabled];
}
