import { dynamicRanges, rewriteRangeData, rewriteRangeFix } from '../fixes/rangeFix';
import { excerpt } from '../util/excerpt';
import type { CheckDefinition, Finding } from './types';

export const bex020RangeStartsAt1024: CheckDefinition = {
  code: 'BEX020',
  severity: 'warning',
  title: 'Dynamic range starts at 1024, where the sources disagree',
  docs:
    'KB100017208 disagrees with itself: its port table gives the Remote Agent a "Dynamic range between 1024 to 65535", while its connection table ("1025-65535 (Default Dynamic Ports (*1))") and its settings section ("The Dynamic or Private Ports are the ones from 1025 through 65535.") start at 1025. ' +
    'A range that starts at 1024 is checked as written, with this warning. The quick-fix starts it at 1025.',
  check: (context) => {
    const manifest = context.manifest;
    if (!manifest) return [];
    const { lowerBoundDisagreement, range } = context.catalog.dynamicPorts;
    const findings: Finding[] = [];
    for (const { label, setting } of dynamicRanges(manifest)) {
      const interval = setting.interval;
      if (!interval || interval.from !== lowerBoundDisagreement.port || interval.to < interval.from || interval.to > range.to) continue;
      const [table, ...text] = lowerBoundDisagreement.quotes;
      findings.push({
        uri: manifest.uri,
        range: setting.text.range,
        message: `The ${label} ${excerpt(setting.text.value.trim())} starts at ${interval.from}: KB100017208's port table says "${table.quote}", but its text says ${text.map((q) => `"${q.quote}"`).join(' and ')}. Start it at ${range.from} to be within both.`,
        data: interval.to >= range.from ? rewriteRangeData(setting, { from: range.from, to: interval.to }) : undefined,
      });
    }
    return findings;
  },
  fix: rewriteRangeFix,
};
