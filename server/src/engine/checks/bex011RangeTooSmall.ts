import { rewriteRangeData, rewriteRangeFix } from '../fixes/rangeFix';
import { excerpt } from '../util/excerpt';
import { undersizedRanges } from './rangeRules';
import type { CheckDefinition } from './types';

export const bex011RangeTooSmall: CheckDefinition = {
  code: 'BEX011',
  severity: 'warning',
  title: 'Remote agent range has fewer than 25 ports',
  docs:
    'KB100017208: "keep at least 25 ports open for the remote system, so there is a pool of ports available for all applications needing them", because other applications can engage dynamic ports. ' +
    'This applies to the remote agent range; the media server range is checked against the jobs only (BEX012). ' +
    'The article adds: "If Symantec Endpoint Protection or another anti-virus software is being used as a firewall, free any 25 dynamic ports." ' +
    'An older technote (TECH43579) gives "49152 onwards" as an example of dynamic ports; the current article\'s default is 1025-65535. ' +
    'The quick-fix widens the range, keeping its start where possible and never overlapping the other range.',
  check: (context) => {
    const minimum = context.catalog.dynamicPorts.minimumOpenPorts.count;
    return undersizedRanges(context, minimum, ['agent']).map(({ label, setting, size, widened }) => ({
      uri: context.manifest!.uri,
      range: setting.text.range,
      message: `The ${label} ${excerpt(setting.text.value.trim())} has ${size} port(s); keep at least ${minimum} open for the remote system, because other applications can engage dynamic ports (KB100017208).`,
      data: widened ? rewriteRangeData(setting, widened) : undefined,
    }));
  },
  fix: rewriteRangeFix,
};
