import type { OffsetRange } from '../model/types';
import type { CheckReport } from '../service';
import { flowCounts } from './flowTable';

export interface FlowLens {
  readonly range: OffsetRange;
  readonly title: string;
  readonly manifestUri: string;
  readonly firewall: string;
}

function title(count: { allowed: number; total: number } | undefined): string {
  if (!count || count.total === 0) return 'no required flows cross this firewall';
  return `${count.allowed}/${count.total} required flows allowed`;
}

/** "7/9 required flows allowed" above each firewall of a manifest, or above "rules:" in its rule file. */
export function flowLenses(report: CheckReport, uri: string): FlowLens[] {
  const manifest = report.manifest;
  if (!manifest) return [];
  const counts = flowCounts(report.evaluations);
  if (uri === manifest.uri) {
    return manifest.firewalls.map((f) => ({ range: f.name.range, title: title(counts.get(f.name.value)), manifestUri: manifest.uri, firewall: f.name.value }));
  }
  return report.bindings
    .filter((binding) => binding.ruleFile?.uri === uri)
    .map((binding) => ({
      range: binding.ruleFile!.layout.rulesKeyRange,
      title: `${binding.firewall.name.value}: ${title(counts.get(binding.firewall.name.value))}`,
      manifestUri: manifest.uri,
      firewall: binding.firewall.name.value,
    }));
}
