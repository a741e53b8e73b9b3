import type { EndpointResolver } from '../model/endpoints';
import { resolvedRule } from '../model/resolvedRule';
import type { RuleFileModel, RuleModel } from '../model/types';
import { FirstMatchCoverage } from './firstMatchCoverage';
import { isActive } from './ruleSignature';

/** Which rules of a first-match file earlier rules decide entirely, and by whom. */
export interface Shadowing {
  /** Positions (indexes in the file's rules) of the rules earlier rules decide entirely, in file order. */
  readonly decided: readonly number[];
  /** The first earlier rule that decides some of the traffic of the rule at `position`. */
  deciderOf(position: number): RuleModel | undefined;
}

/** The last answer for one rule file, kept to answer the next check from the first changed rule on. */
interface Run {
  readonly coverage: FirstMatchCoverage;
  rules: readonly RuleModel[];
  /** The coverage journal's length before each rule was filed. */
  marks: number[];
  /** Per position: whether earlier rules decide it entirely. */
  decided: boolean[];
}

/** Per manifest (its endpoint resolver), per rule file URI: a new manifest resolves endpoints anew. */
const runs = new WeakMap<EndpointResolver, Map<string, Run>>();

/**
 * Shadowing in a first-match rule file. An edit at rule k cannot change what
 * rules before k decide: the coverage is rolled back to rule k and only the
 * rules from k on are filed and asked about again.
 */
export function shadowing(ruleFile: RuleFileModel, endpoints: EndpointResolver): Shadowing {
  let byFile = runs.get(endpoints);
  if (!byFile) runs.set(endpoints, (byFile = new Map()));
  let run = byFile.get(ruleFile.uri);
  if (!run) byFile.set(ruleFile.uri, (run = { coverage: new FirstMatchCoverage(), rules: [], marks: [], decided: [] }));
  update(run, ruleFile.rules, endpoints);
  const { coverage, decided } = run;
  const rules = ruleFile.rules;
  return {
    decided: decided.flatMap((isDecided, position) => (isDecided ? [position] : [])),
    deciderOf: (position) => {
      const rule = rules[position];
      const found = coverage.firstDecider(resolvedRule(rule, endpoints).cells, rule.syntax.direction, rule.ports, position, (at) => rules[at].ports);
      return found === undefined ? undefined : rules[found];
    },
  };
}

function update(run: Run, rules: readonly RuleModel[], endpoints: EndpointResolver): void {
  let first = 0;
  const kept = Math.min(run.rules.length, rules.length);
  while (first < kept && sameForCoverage(run.rules[first], rules[first])) first++;
  if (first < run.marks.length) run.coverage.rollBack(run.marks[first]);
  run.marks.length = first;
  run.decided.length = first;
  for (let position = first; position < rules.length; position++) {
    const rule = rules[position];
    run.marks.push(run.coverage.mark);
    const active = isActive(rule) && !rule.ports.isEmpty;
    if (!active) {
      run.decided.push(false);
      continue;
    }
    const { cells } = resolvedRule(rule, endpoints);
    run.decided.push(run.coverage.decides(cells, rule.syntax.direction, rule.ports));
    run.coverage.add(position, cells, rule.syntax.direction, rule.ports);
  }
  run.rules = rules;
}

/** Rules that match and decide alike file the same coverage: a renamed or moved rule changes nothing. */
function sameForCoverage(before: RuleModel, now: RuleModel): boolean {
  if (before.syntax === now.syntax) return true;
  const active = isActive(now);
  return isActive(before) === active && (!active || before.signature === now.signature);
}
