import type { EndpointResolver } from '../model/endpoints';
import { resolvedRule } from '../model/resolvedRule';
import type { RuleFileModel, RuleModel } from '../model/types';
import { FirstMatchCoverage, holds, type FiledRule } from './firstMatchCoverage';
import { isActive, runsFor, unchangedEnds } from './ruleSignature';

/** Which rules of a first-match file earlier rules decide entirely, and by whom. */
export interface Shadowing {
  /** Positions (indexes in the file's rules) of the rules earlier rules decide entirely, in file order. */
  readonly decided: readonly number[];
  /** The first earlier rule that decides some of the traffic of the rule at `position`. */
  deciderOf(position: number): RuleModel | undefined;
}

/** The last answer for one rule file, kept so that the next check asks again only about what an edit can change. */
interface Run {
  readonly coverage: FirstMatchCoverage;
  rules: readonly RuleModel[];
  /** Per position: the rule as filed (undefined when it is disabled, unreadable or has no ports). */
  filed: (FiledRule | undefined)[];
  /** Per position: when earlier rules decide it entirely, the first of them that decides some of it (there is one); else undefined. */
  deciders: (FiledRule | undefined)[];
}

/** Per manifest (its endpoint resolver), per rule file URI: a new manifest resolves endpoints anew. */
const runs = new WeakMap<EndpointResolver, Map<string, Run>>();

/** Changed rules with more cells than this are not compared with each later rule: every later rule is asked again. */
const MAX_CHANGED_CELLS = 64;

/**
 * Shadowing in a first-match rule file. Between two checks of a file, the
 * rules before the first changed rule and after the last one are the same:
 * only the changed rules are filed again, and only they and the later rules
 * they may hold are asked about again.
 */
export function shadowing(ruleFile: RuleFileModel, endpoints: EndpointResolver): Shadowing {
  const run = runsFor(runs, endpoints, ruleFile, (): Run => ({ coverage: new FirstMatchCoverage(), rules: [], filed: [], deciders: [] }));
  update(run, ruleFile.rules, endpoints);
  const { deciders } = run;
  const rules = ruleFile.rules;
  return {
    decided: deciders.flatMap((decider, position) => (decider ? [position] : [])),
    deciderOf: (position) => {
      const decider = deciders[position];
      return decider && rules[decider.index];
    },
  };
}

function update(run: Run, rules: readonly RuleModel[], endpoints: EndpointResolver): void {
  const before = run.rules;
  const { prefix, suffix } = unchangedEnds(before, rules);

  const removed = run.filed.slice(prefix, before.length - suffix).filter((rule): rule is FiledRule => rule !== undefined);
  for (const rule of removed) run.coverage.remove(rule);
  const shift = rules.length - before.length;
  const later = run.filed.slice(before.length - suffix);
  if (shift !== 0) for (const rule of later) if (rule) rule.index += shift;
  const added = rules.slice(prefix, rules.length - suffix).map((rule, i) => file(rule, prefix + i, endpoints));
  for (const rule of added) if (rule) run.coverage.add(rule);

  run.filed = run.filed.slice(0, prefix).concat(added, later);
  run.deciders = run.deciders.slice(0, prefix).concat(added.map(() => undefined), run.deciders.slice(before.length - suffix));
  run.rules = rules;

  const changed = [...removed, ...added.filter((rule): rule is FiledRule => rule !== undefined)];
  const askAll = changed.reduce((cells, rule) => cells + rule.cells.length, 0) > MAX_CHANGED_CELLS;
  for (let position = prefix; position < rules.length; position++) {
    const rule = run.filed[position];
    if (!rule) continue;
    if (position < rules.length - suffix || askAll || changed.some((other) => mayDecide(other, rule))) run.deciders[position] = deciderOf(run.coverage, rule);
  }
}

function deciderOf(coverage: FirstMatchCoverage, rule: FiledRule): FiledRule | undefined {
  return coverage.decides(rule) ? coverage.firstDecider(rule) : undefined;
}

function file(rule: RuleModel, index: number, endpoints: EndpointResolver): FiledRule | undefined {
  if (!isActive(rule) || rule.ports.isEmpty) return undefined;
  return { index, direction: rule.syntax.direction, ports: rule.ports, cells: resolvedRule(rule, endpoints).cells };
}

/** Whether `earlier` can decide some of `rule`'s traffic: shared ports and a cell that holds one of the rule's (directions aside: asking again is never wrong). */
function mayDecide(earlier: FiledRule, rule: FiledRule): boolean {
  return earlier.ports.overlaps(rule.ports) && earlier.cells.some((filed) => rule.cells.some((cell) => holds(filed, cell)));
}
