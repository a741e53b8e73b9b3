import type { ScriptRuleSpec } from '../scriptRule';
import type { CanonicalParameter, ScriptStyle } from '../../model/scriptStyle';
import { POWERSHELL_PARAMETERS as PARAMETER } from './parameters';
import { layoutCommand, parameterSequence } from '../../model/scriptStyle';

const CMDLET = /^(.*?)((?:new|set|enable|disable|get)-netfirewallrule)$/i;
/** A value PowerShell reads as one literal argument without quotes: ports, ranges, addresses, CIDRs. */
const BARE = /^[A-Za-z0-9_.:/][A-Za-z0-9_.:/-]*$/;

/**
 * A value in quotes: inside '…' every single quote (PowerShell also counts ‘ ’ ‚ ‛) is doubled;
 * inside "…" a backtick escapes ` $ and the double quotes (" “ ” „), and line breaks become `r `n
 * (a value with a line break is always double-quoted, to keep the command on one line).
 */
export function quotePowerShell(value: string, quote: "'" | '"'): string {
  if (quote === "'" && !/[\r\n]/.test(value)) return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&')}'`;
  return `"${value.replace(/[`$"\u201c\u201d\u201e]/g, '`$&').replace(/\r/g, '`r').replace(/\n/g, '`n')}"`;
}

/** A list of values; `references` (variables such as `$sql02`) are written as they are. */
function list(values: readonly string[], quote: "'" | '"', references: ReadonlySet<string>): string {
  const bare = (v: string) => BARE.test(v) || references.has(v);
  return values.every(bare) ? values.join(',') : values.map((v) => (bare(v) ? v : quotePowerShell(v, quote))).join(', ');
}

/** The cmdlet to write, in the style's spelling: `new-netfirewallrule` stays lower case, a module qualifier stays. */
function cmdlet(wanted: string, style: ScriptStyle | undefined): string {
  const match = CMDLET.exec(style?.prefix.trim() ?? '');
  if (!match) return wanted;
  const written = match[2];
  if (written.toLowerCase() === wanted.toLowerCase()) return match[0];
  const spelled = written === written.toLowerCase() ? wanted.toLowerCase() : written === written.toUpperCase() ? wanted.toUpperCase() : wanted;
  return match[1] + spelled;
}

/**
 * One PowerShell command for `spec`, lines joined with "\n": `New-NetFirewallRule -DisplayName '…' …`,
 * or `Enable-NetFirewallRule -DisplayName '…', '…'` for predefined rules. With a style, its indent,
 * cmdlet spelling, parameter order, quote and continued lines are followed (see layoutCommand).
 * `references` are addresses of the spec that are variables of the script (`$sql02`), written unquoted.
 */
export function renderPowerShellCommand(spec: ScriptRuleSpec, style: ScriptStyle | undefined, references: ReadonlySet<string> = new Set()): string {
  const quote = style?.quote ?? "'";
  const indent = style?.indent ?? '';
  if (spec.enableDisplayNames && spec.enableDisplayNames.length > 0) {
    return `${indent}${cmdlet('Enable-NetFirewallRule', style)} -DisplayName ${spec.enableDisplayNames.map((name) => quotePowerShell(name, quote)).join(', ')}`;
  }
  const values: Partial<Record<CanonicalParameter, string>> = {
    name: quotePowerShell(spec.name, quote),
    description: spec.description === undefined ? undefined : quotePowerShell(spec.description, quote),
    direction: spec.direction === 'outbound' ? 'Outbound' : 'Inbound',
    action: spec.action === 'block' ? 'Block' : 'Allow',
    protocol: spec.protocol?.toUpperCase(),
    localport: spec.localPorts?.length ? list(spec.localPorts, quote, references) : undefined,
    remoteport: spec.remotePorts?.length ? list(spec.remotePorts, quote, references) : undefined,
    localip: spec.localAddresses?.length ? list(spec.localAddresses, quote, references) : undefined,
    remoteip: spec.remoteAddresses?.length ? list(spec.remoteAddresses, quote, references) : undefined,
  };
  const parameters = parameterSequence(style).flatMap((p) => (values[p] !== undefined ? [{ name: p, text: `-${PARAMETER[p]} ${values[p]}` }] : []));
  return layoutCommand(`${indent}${cmdlet('New-NetFirewallRule', style)}`, parameters, style);
}
