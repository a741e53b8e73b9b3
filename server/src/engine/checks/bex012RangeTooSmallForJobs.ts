import { dynamicRanges, rewriteRangeData, rewriteRangeFix, widenedRange } from '../fixes/rangeFix';
import { requiredRangeSize, validInterval } from './rangeRules';
import type { CheckDefinition, Finding, RelatedPlace } from './types';

export const bex012RangeTooSmallForJobs: CheckDefinition = {
  code: 'BEX012',
  severity: 'warning',
  title: 'Dynamic range smaller than 2 × concurrentJobs',
  docs: 'A minimum of two ports is required per backup job through a firewall, and simultaneous jobs need more (KB100017208; TN255831 counts two per resource). The quick-fix widens the range to 2 × concurrentJobs (and at least 25).',
  check: (context) => {
    const manifest = context.manifest;
    const jobs = manifest?.settings.concurrentJobs;
    if (!manifest || !jobs) return [];
    const { portsPerJob, range: bounds } = context.catalog.dynamicPorts;
    const needed = portsPerJob * jobs.value;
    const findings: Finding[] = [];
    for (const { label, setting, other } of dynamicRanges(manifest)) {
      const interval = validInterval(setting, bounds);
      if (!interval) continue;
      const size = interval.to - interval.from + 1;
      if (size >= needed) continue;
      const widened = widenedRange(interval, requiredRangeSize(context), bounds, validInterval(other, bounds));
      const related: RelatedPlace[] = [{ uri: manifest.uri, range: jobs.range, message: `concurrentJobs: ${jobs.value}` }];
      findings.push({
        uri: manifest.uri,
        range: setting.text.range,
        message: `The ${label} ${setting.text.value.trim()} has ${size} port(s), fewer than the ${needed} that ${jobs.value} concurrent job(s) need at ${portsPerJob} ports each.`,
        related,
        data: widened ? rewriteRangeData(setting, widened) : undefined,
      });
    }
    return findings;
  },
  fix: rewriteRangeFix,
};
