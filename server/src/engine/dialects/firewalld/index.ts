import { chainRuleFile } from '../chains/chainModel';
import { ScriptSyntaxCache } from '../scriptSyntaxCache';
import type { Dialect } from '../types';
import { firewalldEdits } from './edits';
import { parseFirewalldZone } from './parse';
import { renderFirewalldZone } from './render';

/** `<zone` after an optional byte order mark, XML declaration, comments and DOCTYPE. */
const ZONE_START = /^\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)\s*)*<zone[\s>/]/;

/**
 * A firewalld zone file (/etc/firewalld/zones/<zone>.xml). XML has no line comment, and a suppression
 * directive written as `<!-- befw-disable-next-line … -->` would need a closing part the directive
 * writer does not add: lineComment stays undefined, so no suppression is offered in these files.
 */
export const firewalldDialect: Dialect = {
  id: 'firewalld-zone',
  label: 'firewalld zone XML',
  extensions: ['.zone.xml', '.firewalld.xml'],
  recognise: (start) => ZONE_START.test(start),
  rejectsCommandOnBadPort: false,
  silentWithoutRules: false,
  completion: false,
  createCache: () => new ScriptSyntaxCache(),
  parse: (source, cache) => chainRuleFile(source, 'firewalld-zone', parseFirewalldZone(source.text, source.uri), cache as ScriptSyntaxCache),
  edits: firewalldEdits,
  renderFile: renderFirewalldZone,
};
