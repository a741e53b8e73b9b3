import type { ScriptRuleSpec } from '../scriptRule';
import type { CanonicalParameter, ScriptStyle } from '../../model/scriptStyle';
import { NETSH_KEYWORDS } from './parse';
import { layoutCommand, parameterSequence } from '../../model/scriptStyle';

const DEFAULT_PREFIX = 'netsh advfirewall firewall add rule';

/** netsh needs quotes around values with spaces; names are always quoted, as admins write them. */
function value(parameter: CanonicalParameter, text: string): string {
  return parameter === 'name' || parameter === 'description' || /\s/.test(text) ? `"${text.replace(/"/g, "'")}"` : text;
}

/**
 * One netsh command (or one per predefined rule to turn on), lines joined with "\n". A variable
 * reference (`%BESERVER%`) in the spec's addresses is written as it is, like any value without blanks.
 */
export function renderNetshCommand(spec: ScriptRuleSpec, style: ScriptStyle | undefined): string {
  const indent = style?.indent ?? '';
  const netsh = /^(.*?\bnetsh(?:\.exe)?\s+)/i.exec(style?.prefix ?? '')?.[1] ?? 'netsh ';
  if (spec.enableDisplayNames) {
    return spec.enableDisplayNames.map((name) => `${indent}${netsh}advfirewall firewall set rule name="${name}" new enable=yes`).join('\n');
  }
  const values: Partial<Record<CanonicalParameter, string>> = {
    name: spec.name,
    description: spec.description,
    direction: spec.direction === 'outbound' ? 'out' : 'in',
    action: spec.action,
    protocol: spec.protocol?.toUpperCase(),
    localport: spec.localPorts?.join(','),
    remoteport: spec.remotePorts?.join(','),
    localip: spec.localAddresses?.join(','),
    remoteip: spec.remoteAddresses?.join(','),
  };
  const parameters = parameterSequence(style).flatMap((p) => (values[p] !== undefined ? [{ name: p, text: `${NETSH_KEYWORDS[p]}=${value(p, values[p]!)}` }] : []));
  return layoutCommand(`${indent}${style?.prefix ?? DEFAULT_PREFIX}`, parameters, style);
}
