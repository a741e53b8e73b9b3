import type { FixData, OffsetEdit } from '../checks/types';
import type { ManifestModel, RuleFileModel } from '../model/types';
import { renderNetshCommand } from '../parse/scripts/netshRender';
import { renderPowerShellCommand } from '../parse/scripts/powershellRender';
import type { ScriptRuleSpec } from '../parse/scripts/scriptRule';
import type { NewRule } from './ruleEdits';

/** The command for a rule, in the script's dialect and in the style of its last rule command. */
export function renderScriptRule(ruleFile: Pick<RuleFileModel, 'dialect' | 'layout'>, spec: ScriptRuleSpec): string {
  const style = ruleFile.layout.commandStyle;
  const text = ruleFile.dialect === 'powershell' ? renderPowerShellCommand(spec, style) : renderNetshCommand(spec, style);
  return text.replace(/\r?\n/g, ruleFile.layout.eol);
}

/** A rule written with manifest host names, as a script writes it: addresses, a direction, local and remote sides. */
export function scriptSpecOf(rule: NewRule, data: FixData, manifest: ManifestModel | undefined): ScriptRuleSpec {
  const addresses = (names: readonly string[]) => {
    const found = names.map((name) => manifest?.hosts.find((h) => h.name.value === name)?.address.value ?? name).filter((a) => a.toLowerCase() !== 'any');
    return found.length > 0 ? found : undefined;
  };
  const direction = data.direction === 'outbound' ? 'outbound' : 'inbound';
  if (rule.windowsRules) return { name: rule.name, direction, action: rule.action, enableDisplayNames: rule.windowsRules };
  // A host firewall's own side is the host itself, which the script does not name.
  const ownSide = data.hostFirewall ? undefined : addresses(direction === 'inbound' ? rule.to : rule.from);
  const remote = addresses(direction === 'inbound' ? rule.from : rule.to);
  const protocol = rule.protocol === 'tcp' || rule.protocol === 'udp' ? rule.protocol : undefined;
  return direction === 'inbound'
    ? { name: rule.name, direction, action: rule.action, protocol, localPorts: rule.ports, remoteAddresses: remote, localAddresses: ownSide }
    : { name: rule.name, direction, action: rule.action, protocol, remotePorts: rule.ports, remoteAddresses: remote, localAddresses: ownSide };
}

/** Whether the script's last command ends by continuing onto the next line, which a new command would join. */
export function endsInContinuation(ruleFile: RuleFileModel): boolean {
  return /[`^,|][ \t]*\r?\n?$/.test(ruleFile.text.slice(Math.max(0, ruleFile.layout.rulesEnd - 4), ruleFile.layout.rulesEnd));
}

/** Adds the command after the script's last rule command. */
export function insertScriptRuleEdit(ruleFile: RuleFileModel, command: string): OffsetEdit {
  const at = ruleFile.layout.rulesEnd;
  const { eol } = ruleFile.layout;
  const needsBreak = at > 0 && ruleFile.text[at - 1] !== '\n';
  return { range: [at, at], newText: `${needsBreak ? eol : ''}${command}${eol}` };
}
