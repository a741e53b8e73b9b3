import { chainRuleFile } from '../chains/chainModel';
import { ScriptSyntaxCache } from '../scriptSyntaxCache';
import type { Dialect } from '../types';
import { isUfwDefaults, readUfwDefaults } from './defaults';
import { ufwEdits } from './edits';
import { renderUfwUserRules } from './render';
import { readUfwUserRules } from './userRules';

/** ufw's markers in user.rules (FORMATS.md 2d). */
const USER_RULES = /^### (tuple|RULES) ###/m;
const DEFAULTS_PATH = /\/default\/ufw([?#]|$)/i;

/** ufw: its rules (/etc/ufw/user.rules, user6.rules) and its default policies (/etc/default/ufw), listed together in `rules:`. */
export const ufwDialect: Dialect = {
  id: 'ufw',
  label: 'ufw rules (user.rules) or defaults (/etc/default/ufw)',
  extensions: ['user.rules', 'user6.rules', '/default/ufw'],
  recognise: (start) => USER_RULES.test(start) || isUfwDefaults(start),
  lineComment: '#',
  rejectsCommandOnBadPort: false,
  silentWithoutRules: false,
  completion: false,
  createCache: () => new ScriptSyntaxCache(),
  parse: (source, cache) => {
    const defaults = DEFAULTS_PATH.test(source.uri) || (!USER_RULES.test(source.text) && isUfwDefaults(source.text));
    return chainRuleFile(source, 'ufw', defaults ? readUfwDefaults(source.text) : readUfwUserRules(source.text), cache as ScriptSyntaxCache);
  },
  edits: ufwEdits,
  renderFile: renderUfwUserRules,
};
