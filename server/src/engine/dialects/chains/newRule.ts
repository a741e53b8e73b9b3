import type { FixData } from '../../checks/types';
import type { NewRule } from '../../fixes/ruleEdits';
import type { ManifestModel } from '../../model/types';
import type { GeneratedRule } from '../types';

/**
 * A fix's rule (written with manifest host names) as a Linux dialect writes it: addresses instead of
 * names, "any" left out, one protocol. The one mapping fixes share, so every Linux dialect writes the
 * same rule a generated file would.
 */
export function linuxRuleOf(rule: NewRule, data: FixData, manifest: ManifestModel | undefined): GeneratedRule {
  const addresses = (names: readonly string[]) =>
    names.map((name) => manifest?.hosts.find((host) => host.name.value === name)?.address.value ?? name).filter((address) => address.trim().toLowerCase() !== 'any');
  const direction = data.direction === 'outbound' ? 'outbound' : 'inbound';
  // On a host's own firewall, the host's side of the rule is the host itself: left out, as admins write it.
  const own = data.hostFirewall === true;
  return {
    name: rule.name,
    description: rule.name,
    direction,
    protocol: rule.protocol === 'udp' ? 'udp' : 'tcp',
    ports: rule.ports ?? [],
    sources: own && direction === 'outbound' ? [] : addresses(rule.from),
    destinations: own && direction === 'inbound' ? [] : addresses(rule.to),
  };
}
