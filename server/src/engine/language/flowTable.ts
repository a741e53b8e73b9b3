import type { FlowEvaluation, FlowProblem } from '../flows/evaluateFlow';
import type { RequiredFlow } from '../flows/requiredFlows';
import type { RuleModel } from '../model/types';
import { md } from './markdown';

/** "TCP 10000" or the predefined Windows rules a flow needs. */
export function flowPorts(flow: RequiredFlow): string {
  if (flow.windowsRules.length > 0) return flow.windowsRules.map((r) => `"${r}"`).join(', ');
  return `${flow.protocol.toUpperCase()} ${flow.ports.toString()}`;
}

/** "Remote Agent control connection (NDMP) be01 → sql01 (TCP 10000)", as Markdown. */
export function flowLabel(flow: RequiredFlow): string {
  return `${flow.service.name} ${md(flow.from.name.value)} → ${md(flow.to.name.value)} (${flowPorts(flow)})`;
}

const PROBLEM_TEXT: Record<FlowProblem, string> = {
  missing: 'blocked: no rule allows it',
  partial: 'partly blocked: some ports are not allowed',
  'wrong-protocol': 'blocked: a rule allows it with the wrong protocol',
  reversed: 'blocked: a rule allows it in the opposite direction',
  'block-precedence': 'blocked: a block rule overrides the allow rule',
};

export function problemText(problem: FlowProblem | undefined): string {
  return problem ? PROBLEM_TEXT[problem] : 'allowed';
}

/** One row of the "required flows" table: a flow at one firewall. */
export interface FlowRow {
  readonly firewall: string;
  readonly direction: string;
  readonly service: string;
  readonly from: string;
  readonly to: string;
  readonly ports: string;
  readonly allowed: boolean;
  readonly status: string;
  /** The rules that let it through, by name. */
  readonly allowedBy: readonly string[];
}

export function flowRows(evaluations: readonly FlowEvaluation[]): FlowRow[] {
  return evaluations.map((evaluation) => ({
    firewall: evaluation.firewall.name.value,
    direction: evaluation.direction,
    service: evaluation.flow.service.name,
    from: evaluation.flow.from.name.value,
    to: evaluation.flow.to.name.value,
    ports: flowPorts(evaluation.flow),
    allowed: evaluation.problem === undefined,
    status: problemText(evaluation.problem),
    allowedBy: evaluation.allowedBy.map((share) => share.rule.name),
  }));
}

/** The rows as a Markdown table, for the "Show required flows" view and the CLI. */
export function flowTableMarkdown(rows: readonly FlowRow[]): string {
  const lines = ['| Firewall | Flow | From → To | Ports | Status | Allowed by |', '|---|---|---|---|---|---|'];
  for (const row of rows) {
    const status = row.allowed ? '✅ allowed' : `❌ ${row.status}`;
    lines.push(`| ${[row.firewall + ` (${row.direction})`, row.service, `${row.from} → ${row.to}`, row.ports, status, row.allowedBy.join(', ') || '—'].map(md).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Flows a rule lets through, and failing flows it takes part in (opening too little, blocking, mismatching), at its firewall. */
export function flowsOfRule(evaluations: readonly FlowEvaluation[], rule: RuleModel): { allows: FlowEvaluation[]; hinders: FlowEvaluation[] } {
  const same = (other: RuleModel) => other.uri === rule.uri && other.index === rule.index;
  const allows: FlowEvaluation[] = [];
  const hinders: FlowEvaluation[] = [];
  for (const evaluation of evaluations) {
    if (!evaluation.ruleSet.files.some((file) => file.uri === rule.uri)) continue;
    const involved = [...evaluation.allowedBy.map((s) => s.rule), ...evaluation.blockedBy.map((s) => s.rule), ...evaluation.overriddenAllows, ...evaluation.wrongProtocol, ...evaluation.reversed];
    if (!involved.some(same)) continue;
    (evaluation.problem ? hinders : allows).push(evaluation);
  }
  return { allows, hinders };
}

/** Allowed and total required flows per firewall name: the code lens figures. */
export function flowCounts(evaluations: readonly FlowEvaluation[]): Map<string, { allowed: number; total: number }> {
  const counts = new Map<string, { allowed: number; total: number }>();
  for (const evaluation of evaluations) {
    const name = evaluation.firewall.name.value;
    const count = counts.get(name) ?? { allowed: 0, total: 0 };
    count.total++;
    if (!evaluation.problem) count.allowed++;
    counts.set(name, count);
  }
  return counts;
}
