import type { EndpointResolver } from '../model/endpoints';
import type { RuleFileModel, RuleModel } from '../model/types';
import { isActive, runsFor, unchangedEnds } from './ruleSignature';

/** An active rule under its signature; its place is kept current as rules are added or removed before it. */
interface Signed {
  index: number;
  readonly signature: string;
}

/** What was known of a rule file at its last check. */
interface Run {
  rules: readonly RuleModel[];
  signed: (Signed | undefined)[];
  /** Active rules by signature, in file order; a signature of one rule (nearly all) holds it without a list. */
  readonly bySignature: Map<string, Signed | Signed[]>;
  /** Each rule that repeats an earlier one, to the first of them. */
  readonly firstOf: Map<Signed, Signed>;
}

const runs = new WeakMap<EndpointResolver, Map<string, Run>>();

/** BEX201 and BEX202 both need the duplicates of a rule list: found once per list. */
const byList = new WeakMap<readonly RuleModel[], Map<RuleModel, RuleModel>>();

/**
 * The earlier active rule each active rule of the file repeats (same
 * signature). Between two checks of a file only the signatures of the
 * changed rules are looked at again.
 */
export function duplicates(ruleFile: RuleFileModel, endpoints: EndpointResolver): Map<RuleModel, RuleModel> {
  const rules = ruleFile.rules;
  let found = byList.get(rules);
  if (found) return found;
  const run = runsFor(runs, endpoints, ruleFile, (): Run => ({ rules: [], signed: [], bySignature: new Map(), firstOf: new Map() }));
  update(run, rules);
  found = new Map();
  for (const [repeat, first] of run.firstOf) found.set(rules[repeat.index], rules[first.index]);
  byList.set(rules, found);
  return found;
}

function update(run: Run, rules: readonly RuleModel[]): void {
  const { prefix, suffix } = unchangedEnds(run.rules, rules);
  const touched = new Set<string>();
  for (const gone of run.signed.slice(prefix, run.rules.length - suffix)) {
    if (!gone) continue;
    const list = listOf(run, gone.signature);
    list.splice(list.indexOf(gone), 1);
    run.firstOf.delete(gone);
    touched.add(gone.signature);
  }
  const later = run.signed.slice(run.rules.length - suffix);
  const shift = rules.length - run.rules.length;
  if (shift !== 0) for (const signed of later) if (signed) signed.index += shift;
  const added = rules.slice(prefix, rules.length - suffix).map((rule, i): Signed | undefined => (isActive(rule) ? { index: prefix + i, signature: rule.signature } : undefined));
  for (const signed of added) {
    if (!signed) continue;
    if (!run.bySignature.has(signed.signature)) {
      run.bySignature.set(signed.signature, signed);
      continue;
    }
    const list = listOf(run, signed.signature);
    let at = list.length;
    while (at > 0 && list[at - 1].index > signed.index) at--;
    list.splice(at, 0, signed);
    touched.add(signed.signature);
  }
  for (const signature of touched) {
    const list = listOf(run, signature);
    run.firstOf.delete(list[0]);
    for (const repeat of list.slice(1)) run.firstOf.set(repeat, list[0]);
    if (list.length <= 1) run.bySignature.delete(signature);
    if (list.length === 1) run.bySignature.set(signature, list[0]);
  }
  run.signed = run.signed.slice(0, prefix).concat(added, later);
  run.rules = rules;
}

/** The rules under `signature` as a list (made one when it held a single rule). */
function listOf(run: Run, signature: string): Signed[] {
  const held = run.bySignature.get(signature)!;
  if (Array.isArray(held)) return held;
  const list = [held];
  run.bySignature.set(signature, list);
  return list;
}
