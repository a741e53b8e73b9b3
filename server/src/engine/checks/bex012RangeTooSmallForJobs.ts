import { rewriteRangeData, rewriteRangeFix } from '../fixes/rangeFix';
import { excerpt } from '../util/excerpt';
import { undersizedRanges } from './rangeRules';
import type { CheckDefinition } from './types';

export const bex012RangeTooSmallForJobs: CheckDefinition = {
  code: 'BEX012',
  severity: 'warning',
  title: 'Dynamic range smaller than 2 × concurrentJobs',
  docs: 'KB100017208: "A minimum of two ports is required per backup job through a firewall. If backups are run at the same time through the firewall, then more ports will need to be opened." (TN255831 counts two per resource in the job.) The quick-fix widens the range to at least 2 × concurrentJobs (and, for the remote agent range, at least 25).',
  check: (context) => {
    const manifest = context.manifest;
    const jobs = manifest?.settings.concurrentJobs;
    if (!manifest || !jobs) return [];
    const portsPerJob = context.catalog.dynamicPorts.portsPerJob.count;
    const needed = portsPerJob * jobs.value;
    return undersizedRanges(context, needed, ['server', 'agent']).map(({ label, setting, size, widened }) => ({
      uri: manifest.uri,
      range: setting.text.range,
      message: `The ${label} ${excerpt(setting.text.value.trim())} has ${size} port(s), fewer than the ${needed} that ${jobs.value} concurrent job(s) need at a minimum of ${portsPerJob} ports per job.`,
      related: [{ uri: manifest.uri, range: jobs.range, message: `concurrentJobs: ${jobs.value}` }],
      data: widened ? rewriteRangeData(setting, widened) : undefined,
    }));
  },
  fix: rewriteRangeFix,
};
