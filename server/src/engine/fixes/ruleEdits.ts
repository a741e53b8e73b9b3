import type { ListSyntax, OffsetRange, RuleFileModel, RuleModel } from '../model/types';
import { parsePortItem, type PortInterval } from '../util/portSet';

/** A rule a fix writes. */
export interface NewRule {
  readonly name: string;
  /** The service, its ports and its sources, as `befw generate` describes a rule ("Backup Exec: … ; source: KB100017208"). */
  readonly description?: string;
  readonly action: 'allow' | 'block';
  readonly protocol?: 'tcp' | 'udp' | 'any';
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly ports?: readonly string[];
  readonly windowsRules?: readonly string[];
}

/**
 * Whether a range of a rule's syntax lies in the rule's own text: a value it
 * merges from an anchor (`<<: *base`) does not, and an edit there would
 * change every rule that merges it.
 */
export function writtenInRule(rule: RuleModel, range: OffsetRange): boolean {
  const item = rule.syntax.itemRange;
  return range[0] >= item[0] && range[1] <= item[1];
}

/** Where a list of a rule is written, in the file: a block list ends at its last item, not at the line break and comment lines after it. */
export function listRange(rule: RuleModel, list: ListSyntax): OffsetRange {
  const last = list.items[list.items.length - 1];
  const end = list.style === 'block' && last ? last.range[1] : list.range[1];
  return [list.range[0] + rule.base, end + rule.base];
}

/** Confirms that a fix's target rule is still the one the finding named. */
export function ruleStillThere(ruleFile: RuleFileModel | undefined, index: unknown, name: unknown): RuleModel | undefined {
  const rule = typeof index === 'number' ? ruleFile?.rules[index] : undefined;
  return rule && rule.name === name ? rule : undefined;
}

/** The intervals of a fix's port texts ("6101", "50121-50149"); anything else is left out. */
export function portIntervals(ports: readonly string[]): PortInterval[] {
  return ports.flatMap((port) => {
    const parsed = parsePortItem(port);
    return parsed.kind === 'interval' ? [parsed.interval] : [];
  });
}
