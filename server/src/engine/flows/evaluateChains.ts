import type { EndpointResolver } from '../model/endpoints';
import { resolvedRule } from '../model/resolvedRule';
import type { Action, Chain, Located, OffsetRange, RuleFileModel, RuleModel } from '../model/types';
import { PortSet } from '../util/portSet';
import type { RequiredFlow } from './requiredFlows';
import type { Direction, RuleSet } from './ruleSet';

/** A rule's share of a flow: the ports it decided. */
export interface ChainShare {
  readonly rule: RuleModel;
  readonly ports: PortSet;
}

/** Where a fix writes the rule that lets a flow through one base chain: before a rule of `chain`, or appended to it. */
export interface ChainInsert {
  readonly uri: string;
  readonly chain: string;
  /** The position in the chain's rules to insert before; undefined appends. */
  readonly before?: number;
}

/** A base chain's policy that decided some of a flow's ports. */
export interface PolicyDecision {
  readonly chain: Chain;
  readonly policy: Action;
  /** Where the policy is written (the chain's file, or the file that states it for ufw), or undefined when assumed (chain.policyAssumed says why). */
  readonly written?: { readonly uri: string; readonly range: OffsetRange };
  readonly ports: PortSet;
}

export interface ChainEvaluation {
  readonly allowed: PortSet;
  readonly denied: PortSet;
  /** Accepts whose ports got through every base chain. */
  readonly allowedBy: ChainShare[];
  readonly blockedBy: ChainShare[];
  readonly policyDenials: PolicyDecision[];
  /** Rules known only on the host that would drop some of the flow's ports if they match there: said, not counted. */
  readonly mayBlockBy: (ChainShare & { readonly why: string })[];
  /** One per base chain that denies some of the flow: where its accept rule goes. */
  readonly inserts: ChainInsert[];
}

/**
 * Walks a flow through the base chains of its hook, the Linux way. Within a chain the first matching
 * rule decides; a jump runs the target and comes back on return or at its end, a goto does not come
 * back; a base chain's policy decides what falls off its end. Several base chains on one hook (nftables)
 * all run in ascending priority: a drop in any of them is final, an accept ends only its own chain.
 * Ports are followed as sets: each rule takes the share of the flow's ports it matches.
 */
export function evaluateChains(flow: RequiredFlow, ruleSet: RuleSet, direction: Direction, endpoints: EndpointResolver): ChainEvaluation {
  const family = flow.to.addressRange?.family ?? flow.from.addressRange?.family;
  const bases = ruleSet.files
    .flatMap((file) => (file.chains ?? []).filter((chain) => chain.hook === direction && (family === undefined || chain.family === undefined || chain.family === family)).map((chain) => ({ file, chain })))
    .sort((a, b) => a.chain.priority - b.chain.priority);
  const matches = (rule: RuleModel) => {
    if (!rule.usable || (rule.protocol !== 'any' && rule.protocol !== flow.protocol)) return false;
    const resolved = resolvedRule(rule, endpoints);
    return endpoints.matchesAny(resolved.sources, flow.from) && endpoints.matchesAny(resolved.destinations, flow.to);
  };
  const recorded = new Recorded();
  const policyDenials: PolicyDecision[] = [];
  const inserts: ChainInsert[] = [];
  let passing = flow.ports;
  let denied = PortSet.EMPTY;
  for (const { file, chain } of bases) {
    const policy = policyOf(chain, ruleSet.files);
    const walk = new ChainWalk(file, matches, recorded, policy.value);
    const outcome = walk.base(chain, passing);
    const fellOff = policy.value === 'block' ? outcome.returned : PortSet.EMPTY;
    if (!fellOff.isEmpty) policyDenials.push({ chain, policy: policy.value, written: policy.written ?? undefined, ports: fellOff });
    denied = denied.union(outcome.dropped).union(fellOff);
    // Where this chain's accept goes: found as if no earlier chain dropped anything, as after the fix none does.
    const probe = passing.equals(flow.ports) ? walk : new ChainWalk(file, matches, NOT_RECORDED, policy.value);
    const wouldDeny = probe === walk ? outcome.dropped.union(fellOff) : denial(probe.base(chain, flow.ports), policy.value);
    if (!wouldDeny.isEmpty) inserts.push(insertFor(file.uri, chain, probe.firstEvent, wouldDeny));
    passing = passing.subtract(outcome.dropped).subtract(fellOff);
  }
  // An accept only lets ports through its own chain: what a later base chain drops was not allowed by it.
  const allowedBy = recorded.allowedBy.map((share) => ({ rule: share.rule, ports: share.ports.intersect(passing) })).filter((share) => !share.ports.isEmpty);
  return { allowed: passing, denied, allowedBy, blockedBy: recorded.blockedBy, mayBlockBy: recorded.mayBlockBy, policyDenials, inserts };
}

const denial = (outcome: Outcome, policy: Action) => outcome.dropped.union(policy === 'block' ? outcome.returned : PortSet.EMPTY);

/** What unmatched traffic meets on a hook: blocked when a base chain there drops it by policy; allowed when none does, or none exists. */
export function chainDefault(files: readonly RuleFileModel[], direction: Direction): Action {
  const bases = files.flatMap((file) => (file.chains ?? []).filter((chain) => chain.hook === direction));
  return bases.some((chain) => policyOf(chain, files).value === 'block') ? 'block' : 'allow';
}

/** A chain's policy; an assumed one (ufw's user.rules) gives way to one another file of the set states (/etc/default/ufw). */
export function policyOf(chain: Chain, files: readonly RuleFileModel[]): { value: Action; written?: { uri: string; range: OffsetRange } } {
  const at = (uri: string, policy: Located<Action>) => ({ value: policy.value, written: { uri, range: policy.range } });
  if (chain.policyAssumed && chain.hook) {
    const stating = files.find((file) => file.statedPolicies?.[chain.hook!]);
    if (stating) return at(stating.uri, stating.statedPolicies![chain.hook]!);
    return { value: chain.policy?.value ?? 'allow' };
  }
  const owner = files.find((file) => file.chains?.includes(chain));
  return chain.policy && owner ? at(owner.uri, chain.policy) : { value: chain.policy?.value ?? 'allow' };
}

/**
 * The first place, in walk order, where some of the flow's ports were decided against: a drop (with
 * the ports that reached it), or ports leaving the base chain for its dropping policy (a return, a
 * goto's fall-off). `baseIndex` is the base chain's rule that led there.
 */
type FirstEvent = { readonly kind: 'drop'; readonly chain: Chain; readonly index: number; readonly reaching: PortSet; readonly baseIndex: number } | { readonly kind: 'leave'; readonly baseIndex: number };

/**
 * Inside the chain that dropped, before the dropping rule, when every port the base chain denies reaches
 * it; else in the base chain, before the rule that led to the first denial; appended when only the policy
 * denied ports that fell off the chain's end.
 */
function insertFor(uri: string, base: Chain, first: FirstEvent | undefined, denied: PortSet): ChainInsert {
  if (!first) return { uri, chain: base.id };
  if (first.kind === 'drop' && (first.chain === base || denied.subtract(first.reaching).isEmpty)) return { uri, chain: first.chain.id, before: first.index };
  return { uri, chain: base.id, before: first.baseIndex };
}

interface Outcome {
  readonly dropped: PortSet;
  /** Ports that came back (RETURN, or the end of the chain): for a base chain, what its policy decides. */
  readonly returned: PortSet;
  /** Ports a RETURN known only on the host may send back early: the caller walks them on, saying only what may drop them. */
  readonly mayReturn?: ChainShare & { readonly why: string };
}

/** Where a walk reports the rules that decided: the real walk records them, a probe for a fix's place does not. */
interface Recorder {
  accept(rule: RuleModel, ports: PortSet): void;
  drop(rule: RuleModel, ports: PortSet): void;
  mayDrop(rule: RuleModel, ports: PortSet, why: string): void;
}

class Recorded implements Recorder {
  readonly allowedBy: ChainShare[] = [];
  readonly blockedBy: ChainShare[] = [];
  readonly mayBlockBy: ChainEvaluation['mayBlockBy'] = [];
  accept(rule: RuleModel, ports: PortSet): void {
    this.allowedBy.push({ rule, ports });
  }
  drop(rule: RuleModel, ports: PortSet): void {
    this.blockedBy.push({ rule, ports });
  }
  mayDrop(rule: RuleModel, ports: PortSet, why: string): void {
    this.mayBlockBy.push({ rule, ports, why });
  }
}

const NOT_RECORDED: Recorder = { accept: () => undefined, drop: () => undefined, mayDrop: () => undefined };

/** A chain entered on a match known only on the host: the drops it would make are said as possible, nothing else. */
function mayDropsOf(into: Recorder, why: string): Recorder {
  return { accept: () => undefined, drop: (rule, ports) => into.mayDrop(rule, ports, why), mayDrop: (rule, ports, inner) => into.mayDrop(rule, ports, inner) };
}

class ChainWalk {
  firstEvent?: FirstEvent;
  private readonly chains: ReadonlyMap<string, Chain>;
  /** Chains being walked: a jump back into one is a loop (iptables and nft refuse them), not followed. */
  private readonly onPath = new Set<string>();
  /** A chain entered again with the same ports ends the same way: walked once, or nested jumps would cost 2^depth. */
  private readonly outcomes = new Map<string, Outcome>();

  constructor(
    file: RuleFileModel,
    private readonly matches: (rule: RuleModel) => boolean,
    private readonly recorder: Recorder,
    /** The base chain's policy: ports leaving the base chain are denied only when it drops. */
    private readonly policy: Action,
  ) {
    this.chains = chainsById(file);
  }

  base(chain: Chain, ports: PortSet): Outcome {
    return this.run(chain, ports, undefined, this.recorder);
  }

  private run(chain: Chain, entering: PortSet, baseIndex: number | undefined, recorder: Recorder, from = 0): Outcome {
    const key = `${chain.id}\u0000${from}\u0000${entering.toString()}`;
    const known = recorder === this.recorder ? this.outcomes.get(key) : undefined;
    if (known) return known;
    this.onPath.add(chain.id);
    let ports = entering;
    let dropped = PortSet.EMPTY;
    let returned = PortSet.EMPTY;
    let mayReturn: Outcome['mayReturn'];
    const inBase = baseIndex === undefined;
    const leave = (index: number, gone: PortSet) => {
      if (inBase && this.policy === 'block' && !gone.isEmpty && recorder === this.recorder) this.firstEvent ??= { kind: 'leave', baseIndex: index };
    };
    chain.rules.forEach((chainRule, index) => {
      if (index < from || ports.isEmpty || !chainRule.opensConnections || !this.matches(chainRule.rule)) return;
      const hit = ports.intersect(chainRule.rule.ports);
      if (hit.isEmpty) return;
      const { verdict, rule, hostOnly } = chainRule;
      const top = baseIndex ?? index;
      const target = verdict.kind === 'jump' || verdict.kind === 'goto' ? this.chains.get(verdict.chain) : undefined;
      if (hostOnly) {
        // Never counted as allowing; what it may drop is said: its own drop, a drop in the chain it enters, a return to a dropping policy.
        if (verdict.kind === 'drop' || verdict.kind === 'reject' || (verdict.kind === 'return' && inBase && this.policy === 'block')) recorder.mayDrop(rule, hit, hostOnly);
        else if (verdict.kind === 'return' && !inBase) mayReturn ??= { rule, ports: hit, why: hostOnly };
        else if (target && !this.onPath.has(target.id)) this.run(target, hit, top, mayDropsOf(recorder, hostOnly));
        return;
      }
      switch (verdict.kind) {
        case 'accept':
          recorder.accept(rule, hit);
          ports = ports.subtract(hit);
          break;
        case 'drop':
        case 'reject':
          recorder.drop(rule, hit);
          if (recorder === this.recorder) this.firstEvent ??= { kind: 'drop', chain, index, reaching: ports, baseIndex: top };
          dropped = dropped.union(hit);
          ports = ports.subtract(hit);
          break;
        case 'return':
          leave(index, hit);
          returned = returned.union(hit);
          ports = ports.subtract(hit);
          break;
        case 'jump':
        case 'goto': {
          // A missing target is the parser's problem to report; a loop is not followed.
          if (!target || this.onPath.has(target.id)) return;
          const inner = this.run(target, hit, top, recorder);
          dropped = dropped.union(inner.dropped);
          ports = ports.subtract(hit);
          // Back from a jump, the packet goes on here; back from a goto, it returns from this chain.
          if (inner.mayReturn) this.mayContinue(chain, index, top, inner.mayReturn, inBase);
          if (verdict.kind === 'jump') ports = ports.union(inner.returned);
          else {
            leave(index, inner.returned);
            returned = returned.union(inner.returned);
          }
          break;
        }
        case 'continue':
          break;
      }
    });
    this.onPath.delete(chain.id);
    const outcome = { dropped, returned: returned.union(ports), mayReturn };
    if (recorder === this.recorder) this.outcomes.set(key, outcome);
    return outcome;
  }

  /** Ports a host-only RETURN may send back to `chain` after its rule `index`: what may drop them there (or its policy) is said. */
  private mayContinue(chain: Chain, index: number, top: number, back: NonNullable<Outcome['mayReturn']>, inBase: boolean): void {
    const said = mayDropsOf(this.recorder, back.why);
    const rest = this.run(chain, back.ports, inBase ? undefined : top, said, index + 1);
    if (inBase && this.policy === 'block' && !rest.returned.isEmpty) said.drop(back.rule, rest.returned);
  }
}

/** The chain a rule sits in, for messages (a linear look: only the few rules a finding names are asked). */
export function chainHolding(files: readonly RuleFileModel[], rule: RuleModel): Chain | undefined {
  const file = files.find((f) => f.uri === rule.uri);
  return file?.chains?.find((chain) => chain.rules.some((chainRule) => chainRule.rule === rule));
}

const byFile = new WeakMap<RuleFileModel, ReadonlyMap<string, Chain>>();

function chainsById(file: RuleFileModel): ReadonlyMap<string, Chain> {
  let chains = byFile.get(file);
  if (!chains) byFile.set(file, (chains = new Map((file.chains ?? []).map((chain) => [chain.id, chain]))));
  return chains;
}
