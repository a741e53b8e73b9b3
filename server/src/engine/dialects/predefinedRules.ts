import type { Located, SyntaxProblem } from '../model/types';
import type { ScriptRule } from './scriptRule';
import { portKind } from './windowsValues';

/**
 * Predefined Windows rules that Backup Exec flows require by display name
 * (the Remote Administration Console's "Remote Service Management
 * (RPC-EPMAP)", "… (WMI-In)") open ports Windows chooses at run time (LPort=RPC,
 * RPC-EPMap), which no port check can count. An export (a .reg, netsh show
 * rule output, the collector's JSON) writes such a rule out whole: an inbound
 * allow rule on those ports only is read the way scripts read `set rule … new
 * enable=yes`, by its display name or its group. A registry export names both
 * with resource references (`@FirewallAPI.dll,-28775`, FORMATS.md 1b), which
 * only Windows resolves: such a rule is noted, not guessed.
 */
export function predefinedRule(rule: ScriptRule, displayName: Located<string> | undefined, group: Located<string> | undefined, notes: SyntaxProblem[]): ScriptRule {
  const ports = rule.localPorts?.items ?? [];
  const runtimePortsOnly = ports.length > 0 && ports.every((port) => portKind(port.value) === 'keyword');
  const allows = rule.action !== undefined && rule.action.value !== 'block';
  if (!runtimePortsOnly || !allows || rule.direction?.value === 'outbound') return rule;
  const literal = (text: Located<string> | undefined) => (text && text.value.trim() !== '' && !text.value.startsWith('@') ? text : undefined);
  const by = literal(displayName) ? 'name' : literal(group) ? 'group' : undefined;
  if (!by) {
    const reference = displayName ?? group;
    if (reference) notes.push({ message: `"${reference.value}" is a reference to a text inside a Windows file, which only Windows resolves: befw cannot tell whether this is a predefined rule a Backup Exec flow requires by name`, range: reference.range });
    return rule;
  }
  const named = by === 'name' ? displayName! : group!;
  // The rule keeps what it says of addresses: an export's predefined rule may admit only some remote addresses.
  return { ...rule, kind: 'enable', name: displayName, predefined: { range: named.range, items: [named], by } };
}
