import type { FixData, OffsetEdit } from '../checks/types';
import type { ManifestModel, RuleFileModel } from '../model/types';
import type { ScriptStyle } from '../model/scriptStyle';
import type { ScriptRuleSpec } from './scriptRule';
import type { NewRule } from '../fixes/ruleEdits';
import type { DialectEdits } from './types';

/** Writes one command of a script dialect, in the style given (or the dialect's own). */
export type CommandRenderer = (spec: ScriptRuleSpec, style?: ScriptStyle) => string;

/** How fixes edit a Windows firewall script: a new command after the last rule command, written like it. */
export function scriptEdits(render: CommandRenderer): DialectEdits {
  return {
    insertRule(ruleFile, { rule, data, manifest }) {
      if (endsInContinuation(ruleFile)) return undefined;
      const command = render(scriptSpecOf(rule, data, manifest), ruleFile.layout.commandStyle).replace(/\r?\n/g, ruleFile.layout.eol);
      return insertScriptRuleEdit(ruleFile, command);
    },
  };
}

/** A rule between two sides, as Windows writes it: a direction, a local and a remote side. */
export interface SidedRule {
  readonly name: string;
  readonly description?: string;
  readonly direction: 'inbound' | 'outbound';
  readonly action: 'allow' | 'block';
  readonly protocol?: string;
  readonly ports?: readonly string[];
  /** Addresses of the source and the destination ("any" is left out). */
  readonly from: readonly string[];
  readonly to: readonly string[];
  /** A host firewall's own side is the host itself, which the script does not name. */
  readonly hostFirewall: boolean;
  readonly windowsRules?: readonly string[];
}

/** The one mapping of a flow's sides onto a script rule, shared by quick-fixes and generation. */
export function scriptRuleOf(rule: SidedRule): ScriptRuleSpec {
  const named = (addresses: readonly string[]) => {
    const kept = addresses.filter((a) => a.trim().toLowerCase() !== 'any');
    return kept.length > 0 ? kept : undefined;
  };
  const base = { name: rule.name, description: rule.description, direction: rule.direction, action: rule.action };
  if (rule.windowsRules && rule.windowsRules.length > 0) return { ...base, enableDisplayNames: rule.windowsRules };
  const inbound = rule.direction === 'inbound';
  const localAddresses = rule.hostFirewall ? undefined : named(inbound ? rule.to : rule.from);
  const remoteAddresses = named(inbound ? rule.from : rule.to);
  const protocol = rule.protocol === 'tcp' || rule.protocol === 'udp' ? rule.protocol : undefined;
  const side = inbound ? { localPorts: rule.ports } : { remotePorts: rule.ports };
  return { ...base, protocol, ...side, localAddresses, remoteAddresses };
}

/** A fix's rule, written with manifest host names, with their addresses instead. */
export function scriptSpecOf(rule: NewRule, data: FixData, manifest: ManifestModel | undefined): ScriptRuleSpec {
  const addresses = (names: readonly string[]) => names.map((name) => manifest?.hosts.find((h) => h.name.value === name)?.address.value ?? name);
  return scriptRuleOf({
    ...rule,
    direction: data.direction === 'outbound' ? 'outbound' : 'inbound',
    from: addresses(rule.from),
    to: addresses(rule.to),
    hostFirewall: data.hostFirewall === true,
  });
}

/** Whether the script's last command ends by continuing onto the next line, which a new command would join. */
function endsInContinuation(ruleFile: RuleFileModel): boolean {
  return /[`^,|][ \t]*\r?\n?$/.test(ruleFile.text.slice(Math.max(0, ruleFile.layout.rulesEnd - 4), ruleFile.layout.rulesEnd));
}

/** Adds the command after the script's last rule command. */
function insertScriptRuleEdit(ruleFile: RuleFileModel, command: string): OffsetEdit {
  const at = ruleFile.layout.rulesEnd;
  const { eol } = ruleFile.layout;
  const needsBreak = at > 0 && ruleFile.text[at - 1] !== '\n';
  return { range: [at, at], newText: `${needsBreak ? eol : ''}${command}${eol}` };
}
