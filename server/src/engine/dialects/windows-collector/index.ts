import type { OffsetRange } from '../../model/types';
import { parseWindowsRuleFile } from '../scriptModel';
import { ScriptSyntaxCache } from '../scriptSyntaxCache';
import type { Dialect } from '../types';
import { COLLECTOR_EXTENSION, COLLECTOR_FORMAT } from './format';
import { parseCollectorExport } from './parse';

/** Whitespace as ConvertTo-Json writes it: Windows PowerShell 5.1 puts two blanks after the colon, PowerShell 7 one. */
const MARKER = new RegExp(`"format"\\s*:\\s*"${COLLECTOR_FORMAT}"`);

/** The JSON a befw collector script writes on a Windows host: the firewall policy in effect there (docs/collector.md). */
export const collectorDialect: Dialect = {
  id: 'windows-collector',
  label: 'befw collector export (JSON)',
  extensions: [COLLECTOR_EXTENSION],
  recognise: (start) => MARKER.test(start),
  // No lineComment: JSON has none, so no befw-disable-next-line directive applies, and none is offered.
  rejectsCommandOnBadPort: false,
  silentWithoutRules: false,
  completion: false,
  createCache: () => new ScriptSyntaxCache(),
  parse: (source, cache) => {
    let rulesKey: OffsetRange | undefined;
    const model = parseWindowsRuleFile(
      source,
      'windows-collector',
      ({ text }, each) => {
        const parsed = parseCollectorExport(text, each);
        rulesKey = parsed.rulesKey;
        return parsed;
      },
      cache as ScriptSyntaxCache,
    );
    // Findings about the rules as a whole go where "rules" is written, as in a YAML rule file.
    return rulesKey ? { ...model, layout: { ...model.layout, rulesKeyRange: rulesKey } } : model;
  },
};
