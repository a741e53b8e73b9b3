import { rewriteRangeData, rewriteRangeFix } from '../fixes/rangeFix';
import { undersizedRanges } from './rangeRules';
import type { CheckDefinition } from './types';

export const bex012RangeTooSmallForJobs: CheckDefinition = {
  code: 'BEX012',
  severity: 'warning',
  title: 'Dynamic range smaller than 2 × concurrentJobs',
  docs: 'A minimum of two ports is required per backup job through a firewall, and simultaneous jobs need more (KB100017208; TN255831 counts two per resource). The quick-fix widens the range to 2 × concurrentJobs (and at least 25).',
  check: (context) => {
    const manifest = context.manifest;
    const jobs = manifest?.settings.concurrentJobs;
    if (!manifest || !jobs) return [];
    const portsPerJob = context.catalog.dynamicPorts.portsPerJob;
    const needed = portsPerJob * jobs.value;
    return undersizedRanges(context, needed).map(({ label, setting, size, widened }) => ({
      uri: manifest.uri,
      range: setting.text.range,
      message: `The ${label} ${setting.text.value.trim()} has ${size} port(s), fewer than the ${needed} that ${jobs.value} concurrent job(s) need at ${portsPerJob} ports each.`,
      related: [{ uri: manifest.uri, range: jobs.range, message: `concurrentJobs: ${jobs.value}` }],
      data: widened ? rewriteRangeData(setting, widened) : undefined,
    }));
  },
  fix: rewriteRangeFix,
};
