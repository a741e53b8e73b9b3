import type { EndpointResolver } from '../model/endpoints';
import { resolvedRule } from '../model/resolvedRule';
import type { Action, Chain, ChainRule, Located, RuleFileModel, RuleModel } from '../model/types';
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
  readonly uri: string;
  readonly chain: Chain;
  readonly policy: Action;
  /** Where the policy is written, or undefined when assumed (chain.policyAssumed says why). */
  readonly range?: Located<Action>['range'];
  readonly ports: PortSet;
}

export interface ChainEvaluation {
  readonly allowed: PortSet;
  readonly denied: PortSet;
  readonly allowedBy: ChainShare[];
  readonly blockedBy: ChainShare[];
  readonly policyDenials: PolicyDecision[];
  /** Rules known only on the host that would drop some of the flow's ports if they match there: said, not counted. */
  readonly mayBlockBy: (ChainShare & { readonly why: string })[];
  /** One per base chain that denies some of the flow: where its accept rule goes. */
  readonly inserts: ChainInsert[];
}

/** How deep jumps are followed: iptables refuses loops, and nftables limits its jump stack; a file that loops is still not followed forever. */
const MAX_DEPTH = 32;

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
  const result = { allowedBy: [] as ChainShare[], blockedBy: [] as ChainShare[], mayBlockBy: [] as ChainEvaluation['mayBlockBy'], policyDenials: [] as PolicyDecision[], inserts: [] as ChainInsert[] };
  let passing = flow.ports;
  let denied = PortSet.EMPTY;
  for (const { file, chain } of bases) {
    if (passing.isEmpty) break;
    const walk = new ChainWalk(file, matches, result);
    const outcome = walk.run(chain, passing, 0, undefined);
    const policy = policyOf(chain, ruleSet.files);
    const fellOff = outcome.returned;
    const droppedHere = outcome.dropped.union(policy.value === 'block' ? fellOff : PortSet.EMPTY);
    if (policy.value === 'block' && !fellOff.isEmpty) result.policyDenials.push({ uri: file.uri, chain, policy: policy.value, range: policy.range, ports: fellOff });
    if (!droppedHere.isEmpty) result.inserts.push(insertFor(file.uri, chain, walk.firstDenial, droppedHere));
    denied = denied.union(droppedHere);
    passing = passing.subtract(droppedHere);
  }
  return { ...result, allowed: passing, denied };
}

/** What unmatched traffic meets on a hook: blocked when a base chain there drops it by policy; allowed when none does, or none exists. */
export function chainDefault(files: readonly RuleFileModel[], direction: Direction): Action {
  const bases = files.flatMap((file) => (file.chains ?? []).filter((chain) => chain.hook === direction));
  return bases.some((chain) => policyOf(chain, files).value === 'block') ? 'block' : 'allow';
}

/** A chain's policy; an assumed one (ufw's user.rules) gives way to one another file of the set states (/etc/default/ufw). */
export function policyOf(chain: Chain, files: readonly RuleFileModel[]): { value: Action; range?: Located<Action>['range'] } {
  if (chain.policyAssumed && chain.hook) {
    const stated = files.find((file) => file.statedPolicies?.[chain.hook!])?.statedPolicies?.[chain.hook];
    if (stated) return stated;
  }
  return { value: chain.policy?.value ?? 'allow', range: chain.policyAssumed ? undefined : chain.policy?.range };
}

/** The first rule that dropped ports, in the chain it sits in, with the ports that entered that chain and the base chain's rule that led there. */
interface Denial {
  readonly chain: Chain;
  readonly index: number;
  readonly entered: PortSet;
  readonly baseIndex: number;
}

/**
 * Inside the chain that dropped, before the dropping rule, when every port the base chain denies passes
 * there; else in the base chain, before the rule that led to the drop; appended when only the policy denied.
 */
function insertFor(uri: string, base: Chain, first: Denial | undefined, denied: PortSet): ChainInsert {
  if (!first) return { uri, chain: base.id };
  if (first.chain === base || denied.subtract(first.entered).isEmpty) return { uri, chain: first.chain.id, before: first.index };
  return { uri, chain: base.id, before: first.baseIndex };
}

interface Outcome {
  readonly accepted: PortSet;
  readonly dropped: PortSet;
  /** Ports that came back (RETURN, or the end of the chain): for a base chain, what its policy decides. */
  readonly returned: PortSet;
}

class ChainWalk {
  firstDenial?: Denial;
  private readonly chains: ReadonlyMap<string, Chain>;

  constructor(
    file: RuleFileModel,
    private readonly matches: (rule: RuleModel) => boolean,
    private readonly found: Pick<ChainEvaluation, 'allowedBy' | 'blockedBy' | 'mayBlockBy'>,
  ) {
    this.chains = chainsById(file);
  }

  run(chain: Chain, entering: PortSet, depth: number, baseIndex: number | undefined): Outcome {
    let ports = entering;
    let accepted = PortSet.EMPTY;
    let dropped = PortSet.EMPTY;
    let returned = PortSet.EMPTY;
    chain.rules.forEach((chainRule: ChainRule, index) => {
      if (ports.isEmpty || !chainRule.opensConnections || !this.matches(chainRule.rule)) return;
      const hit = ports.intersect(chainRule.rule.ports);
      if (hit.isEmpty) return;
      const verdict = chainRule.verdict;
      if (chainRule.hostOnly) {
        // Never counted as allowing; a drop it may cause is said.
        if (verdict.kind === 'drop' || verdict.kind === 'reject') this.found.mayBlockBy.push({ rule: chainRule.rule, ports: hit, why: chainRule.hostOnly });
        return;
      }
      const top = baseIndex ?? index;
      switch (verdict.kind) {
        case 'accept':
          this.found.allowedBy.push({ rule: chainRule.rule, ports: hit });
          accepted = accepted.union(hit);
          ports = ports.subtract(hit);
          break;
        case 'drop':
        case 'reject':
          this.found.blockedBy.push({ rule: chainRule.rule, ports: hit });
          this.firstDenial ??= { chain, index, entered: entering, baseIndex: top };
          dropped = dropped.union(hit);
          ports = ports.subtract(hit);
          break;
        case 'return':
          returned = returned.union(hit);
          ports = ports.subtract(hit);
          break;
        case 'jump':
        case 'goto': {
          const target = this.chains.get(verdict.chain);
          // A missing target is the parser's problem to report; a loop too deep is not followed.
          if (!target || depth >= MAX_DEPTH) return;
          const inner = this.run(target, hit, depth + 1, top);
          accepted = accepted.union(inner.accepted);
          dropped = dropped.union(inner.dropped);
          ports = ports.subtract(hit);
          // Back from a jump, the packet goes on here; back from a goto, it returns from this chain.
          if (verdict.kind === 'jump') ports = ports.union(inner.returned);
          else returned = returned.union(inner.returned);
          break;
        }
        case 'continue':
          break;
      }
    });
    return { accepted, dropped, returned: returned.union(ports) };
  }
}

const byFile = new WeakMap<RuleFileModel, ReadonlyMap<string, Chain>>();

function chainsById(file: RuleFileModel): ReadonlyMap<string, Chain> {
  let chains = byFile.get(file);
  if (!chains) byFile.set(file, (chains = new Map((file.chains ?? []).map((chain) => [chain.id, chain]))));
  return chains;
}
