import { dynamicRanges, rewriteRangeData, rewriteRangeFix, widenedRange } from '../fixes/rangeFix';
import { requiredRangeSize, validInterval } from './rangeRules';
import type { CheckDefinition, Finding } from './types';

export const bex011RangeTooSmall: CheckDefinition = {
  code: 'BEX011',
  severity: 'warning',
  title: 'Dynamic range has fewer than 25 ports',
  docs: 'Keep at least 25 ports open for the remote system, because other applications can take dynamic ports (KB100017208). The quick-fix widens the range, keeping its start where possible and never overlapping the other range.',
  check: (context) => {
    const manifest = context.manifest;
    if (!manifest) return [];
    const { minimumOpenPorts, range: bounds } = context.catalog.dynamicPorts;
    const findings: Finding[] = [];
    for (const { label, setting, other } of dynamicRanges(manifest)) {
      const interval = validInterval(setting, bounds);
      if (!interval) continue;
      const size = interval.to - interval.from + 1;
      if (size >= minimumOpenPorts) continue;
      const widened = widenedRange(interval, requiredRangeSize(context), bounds, validInterval(other, bounds));
      findings.push({
        uri: manifest.uri,
        range: setting.text.range,
        message: `The ${label} ${setting.text.value.trim()} has ${size} port(s); keep at least ${minimumOpenPorts} open, because other applications can take dynamic ports.`,
        data: widened ? rewriteRangeData(setting, widened) : undefined,
      });
    }
    return findings;
  },
  fix: rewriteRangeFix,
};
