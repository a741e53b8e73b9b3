import type { Action, Located, SyntaxProblem } from '../../model/types';
import type { ChainFileParse } from '../chains/chainText';

/**
 * /etc/default/ufw, read as ufw 0.36.2 reads it (backend.py, `_get_defaults`): each line matching
 * `^\w+="?\w+"?` sets the key before the first `=` (any case) to what follows it, lower-cased, quotes
 * stripped from its ends; a later line wins. Its DEFAULT_INPUT_POLICY and DEFAULT_OUTPUT_POLICY are the
 * policies of ufw-user-input and ufw-user-output when this file is listed beside user.rules. The three
 * policies must be accept, drop or reject, else ufw refuses to start ("Missing policy", "Invalid policy").
 */

const SETTING = /^\w+="?\w+"?/;
const POLICIES: Readonly<Record<string, Action>> = { accept: 'allow', drop: 'block', reject: 'block' };
const KEYS = { DEFAULT_INPUT_POLICY: 'input', DEFAULT_OUTPUT_POLICY: 'output', DEFAULT_FORWARD_POLICY: 'forward' } as const;

/** Whether a text is ufw's defaults file: it sets ufw's incoming policy. */
export const isUfwDefaults = (text: string) => /^DEFAULT_INPUT_POLICY=/m.test(text);

export function readUfwDefaults(text: string): ChainFileParse {
  const found = new Map<string, { value: string; range: [number, number] }>();
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end);
    if (SETTING.test(line)) {
      const trimmed = line.trimEnd();
      const equals = trimmed.indexOf('=');
      const next = trimmed.indexOf('=', equals + 1);
      let from = equals + 1;
      let to = next === -1 ? trimmed.length : next;
      while (from < to && (trimmed[from] === '"' || trimmed[from] === "'")) from++;
      while (to > from && (trimmed[to - 1] === '"' || trimmed[to - 1] === "'")) to--;
      found.set(trimmed.slice(0, equals).toUpperCase(), { value: trimmed.slice(from, to), range: [start + from, start + to] });
    }
    start = end + 1;
  }
  const problems: SyntaxProblem[] = [];
  const policies: Partial<Record<'input' | 'output' | 'forward', Located<Action>>> = {};
  for (const [key, chain] of Object.entries(KEYS)) {
    const setting = found.get(key);
    const action = setting && POLICIES[setting.value.toLowerCase()];
    if (setting && action) policies[chain] = { value: action, range: setting.range };
    else if (setting) problems.push({ message: `${key} "${setting.value}" is not ACCEPT, DROP or REJECT: ufw refuses to start ("Invalid policy")`, range: setting.range });
    else problems.push({ message: `no ${key}="…" line: ufw refuses to start ("Missing policy for '${chain}'")`, range: [0, 0] });
  }
  return {
    chains: [],
    problems,
    unresolved: [],
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    statedPolicies: { inbound: policies.input, outbound: policies.output },
    recognised: found.size > 0,
  };
}
