import type { RuleSet } from '../flows/ruleSet';
import { requiredFlowCount, type UncheckedFirewall } from '../flows/uncheckedFlows';
import type { FirewallModel, OffsetRange } from '../model/types';
import type { CheckReport } from '../service';
import { flowCounts } from './flowTable';

export interface FlowLens {
  readonly range: OffsetRange;
  readonly title: string;
  readonly manifestUri: string;
  readonly firewall: string;
}

function title(count: { allowed: number; total: number } | undefined, set: RuleSet | undefined, unchecked: UncheckedFirewall | undefined): string {
  // A firewall whose rules were not read has no verdicts: its flows are counted, not judged.
  if (unchecked) return `rule file ${unchecked.failure}: ${requiredFlowCount(unchecked.flows.length)} unchecked`;
  if (!count || count.total === 0) return 'no required flows cross this firewall';
  return `${count.allowed}/${count.total} required flows allowed${set ? assumptions(set) : ''}`;
}

/** What a Windows firewall's verdicts rest on that the files do not say: the profile, the default actions. */
function assumptions(set: RuleSet): string {
  if (set.evaluation === 'chains') return chainAssumptions(set);
  if (!set.files.some((file) => file.evaluation === 'block-wins')) return '';
  const notes = [set.profileSource === 'unknown' && set.profileMatters ? 'profile unknown' : '', set.off ? 'firewall off' : !set.settingsFile && set.files[0].defaultsAssumed ? "Windows' default actions assumed" : ''];
  const said = notes.filter(Boolean);
  return said.length > 0 ? ` (${said.join('; ')})` : '';
}

/** "7/9 required flows allowed" above each firewall of a manifest, or above "rules:" in its rule file. */
export function flowLenses(report: CheckReport, uri: string): FlowLens[] {
  const manifest = report.manifest;
  if (!manifest) return [];
  const counts = flowCounts(report.evaluations);
  const sets = new Map(report.evaluations.map((e) => [e.firewall.name.value, e.ruleSet]));
  const unchecked = new Map(report.unchecked.map((u) => [u.firewall, u]));
  const titleOf = (firewall: FirewallModel) => title(counts.get(firewall.name.value), sets.get(firewall.name.value), unchecked.get(firewall));
  if (uri === manifest.uri) {
    return manifest.firewalls.map((f) => ({ range: f.name.range, title: titleOf(f), manifestUri: manifest.uri, firewall: f.name.value }));
  }
  return report.bindings
    .filter((binding) => binding.ruleFile?.uri === uri)
    .map((binding) => ({
      range: binding.ruleFile!.layout.rulesKeyRange,
      title: `${binding.firewall.name.value}: ${titleOf(binding.firewall)}`,
      manifestUri: manifest.uri,
      firewall: binding.firewall.name.value,
    }));
}

/** Linux chains: base chains whose policy befw assumes because no file of the set states it (ufw without /etc/default/ufw). */
function chainAssumptions(set: RuleSet): string {
  const assumed = set.files.flatMap((file) =>
    (file.chains ?? []).filter((chain) => chain.hook && chain.policyAssumed && !set.files.some((other) => other.statedPolicies?.[chain.hook!])),
  );
  return assumed.length > 0 ? ` (policy assumed: ${assumed.map((chain) => `${chain.name.value} ${chain.policy?.value === 'block' ? 'deny' : 'allow'}`).join(', ')})` : '';
}
