import { dynamicRanges, rewriteRangeData, rewriteRangeFix } from '../fixes/rangeFix';
import { excerpt } from '../util/excerpt';
import type { CheckDefinition, Finding } from './types';

export const bex010RangeBounds: CheckDefinition = {
  code: 'BEX010',
  severity: 'error',
  title: 'Dynamic range outside 1024-65535 or reversed',
  docs:
    'Backup Exec\'s dynamic port ranges must lie within the dynamic (private) ports and start before they end. KB100017208 says "The Dynamic or Private Ports are the ones from 1025 through 65535"; its port table says "between 1024 to 65535", so a range starting at 1024 gets the warning BEX020 instead. ' +
    'An older technote (TECH43579) gives "49152 onwards" as an example; the current default is 1025-65535. The quick-fix swaps a reversed range or clamps it into 1025-65535.',
  check: (context) => {
    const manifest = context.manifest;
    if (!manifest) return [];
    const accepted = context.catalog.acceptedRangeBounds;
    const dynamic = context.catalog.dynamicPorts.range;
    const findings: Finding[] = [];
    for (const { label, setting } of dynamicRanges(manifest)) {
      const interval = setting.interval;
      if (!interval) continue;
      const reversed = interval.from > interval.to;
      const low = Math.min(interval.from, interval.to);
      const high = Math.max(interval.from, interval.to);
      const outside = low < accepted.from || high > accepted.to;
      if (!reversed && !outside) continue;
      const replacement = { from: Math.max(low, dynamic.from), to: Math.min(high, dynamic.to) };
      const problems = [reversed ? 'starts after it ends' : '', outside ? `reaches outside ${dynamic.from}-${dynamic.to}` : ''].filter(Boolean);
      findings.push({
        uri: manifest.uri,
        range: setting.text.range,
        message: `The ${label} ${excerpt(setting.text.value.trim())} ${problems.join(' and ')}; Backup Exec's dynamic ports are ${dynamic.from}-${dynamic.to}.`,
        data: replacement.from <= replacement.to ? rewriteRangeData(setting, replacement) : undefined,
      });
    }
    return findings;
  },
  fix: rewriteRangeFix,
};
