import { dynamicRanges, rewriteRangeData, rewriteRangeFix } from '../fixes/rangeFix';
import type { CheckDefinition, Finding } from './types';

export const bex010RangeBounds: CheckDefinition = {
  code: 'BEX010',
  severity: 'error',
  title: 'Dynamic range outside 1025-65535 or reversed',
  docs: 'Backup Exec\'s dynamic port ranges must lie within the dynamic (private) ports 1025-65535 and start before they end (KB100017208). The quick-fix swaps a reversed range or clamps it into 1025-65535.',
  check: (context) => {
    const manifest = context.manifest;
    if (!manifest) return [];
    const bounds = context.catalog.dynamicPorts.range;
    const findings: Finding[] = [];
    for (const { label, setting } of dynamicRanges(manifest)) {
      const interval = setting.interval;
      if (!interval) continue;
      const reversed = interval.from > interval.to;
      const low = Math.min(interval.from, interval.to);
      const high = Math.max(interval.from, interval.to);
      const outside = low < bounds.from || high > bounds.to;
      if (!reversed && !outside) continue;
      const replacement = { from: Math.max(low, bounds.from), to: Math.min(high, bounds.to) };
      const problems = [reversed ? 'starts after it ends' : '', outside ? `reaches outside ${bounds.from}-${bounds.to}` : ''].filter(Boolean);
      findings.push({
        uri: manifest.uri,
        range: setting.text.range,
        message: `The ${label} ${setting.text.value.trim()} ${problems.join(' and ')}; Backup Exec's dynamic ports are ${bounds.from}-${bounds.to}.`,
        data: replacement.from <= replacement.to ? rewriteRangeData(setting, replacement) : undefined,
      });
    }
    return findings;
  },
  fix: rewriteRangeFix,
};
