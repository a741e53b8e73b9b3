import { rewriteRangeData, rewriteRangeFix } from '../fixes/rangeFix';
import { undersizedRanges } from './rangeRules';
import type { CheckDefinition } from './types';

export const bex011RangeTooSmall: CheckDefinition = {
  code: 'BEX011',
  severity: 'warning',
  title: 'Dynamic range has fewer than 25 ports',
  docs: 'Keep at least 25 ports open for the remote system, because other applications can take dynamic ports (KB100017208). The quick-fix widens the range, keeping its start where possible and never overlapping the other range.',
  check: (context) => {
    const minimum = context.catalog.dynamicPorts.minimumOpenPorts;
    return undersizedRanges(context, minimum).map(({ label, setting, size, widened }) => ({
      uri: context.manifest!.uri,
      range: setting.text.range,
      message: `The ${label} ${setting.text.value.trim()} has ${size} port(s); keep at least ${minimum} open, because other applications can take dynamic ports.`,
      data: widened ? rewriteRangeData(setting, widened) : undefined,
    }));
  },
  fix: rewriteRangeFix,
};
