import { chainNamedAt, chainRuleAt } from './chainFacts';
import type { Chain, FirewallModel, HostModel, Located, ManifestModel, OffsetRange, PortItem, RuleFileModel, RuleModel } from '../model/types';

/** What the cursor is on, in terms of the model: hovers, definitions and references start here. */
export type Target =
  | { readonly kind: 'port'; readonly range: OffsetRange; readonly rule: RuleModel; readonly item: PortItem }
  | { readonly kind: 'protocol' | 'action' | 'ruleName'; readonly range: OffsetRange; readonly rule: RuleModel }
  | { readonly kind: 'endpoint'; readonly range: OffsetRange; readonly rule: RuleModel; readonly side: 'from' | 'to'; readonly value: string }
  | { readonly kind: 'windowsRule'; readonly range: OffsetRange; readonly rule: RuleModel; readonly value: string }
  | { readonly kind: 'host' | 'role' | 'address'; readonly range: OffsetRange; readonly host: HostModel }
  | { readonly kind: 'feature'; readonly range: OffsetRange; readonly host: HostModel; readonly value: string }
  | { readonly kind: 'firewall'; readonly range: OffsetRange; readonly firewall: FirewallModel }
  | { readonly kind: 'rulesPath'; readonly range: OffsetRange; readonly firewall: FirewallModel; readonly path: Located<string> }
  | { readonly kind: 'hostReference'; readonly range: OffsetRange; readonly firewall: FirewallModel; readonly value: string }
  | { readonly kind: 'setting'; readonly range: OffsetRange; readonly setting: SettingName }
  | { readonly kind: 'chain'; readonly range: OffsetRange; readonly chain: Chain }
  | { readonly kind: 'term'; readonly range: OffsetRange; readonly value: string };

export type SettingName = 'ndmpPort' | 'agentRange' | 'serverRange' | 'concurrentJobs' | 'rangeEnabled';

/** Inclusive at both ends, so a cursor right after a word still finds it. */
const contains = (range: OffsetRange, offset: number) => range[0] <= offset && offset <= range[1];
const at = <T extends { readonly range: OffsetRange }>(items: readonly T[], offset: number) => items.find((item) => contains(item.range, offset));
const shifted = (rule: RuleModel, range: OffsetRange): OffsetRange => [range[0] + rule.base, range[1] + rule.base];

/** The rule whose list item holds `offset`, by binary search over the ordered rules. */
export function ruleAt(ruleFile: RuleFileModel, offset: number): RuleModel | undefined {
  const rules = ruleFile.rules;
  let low = 0;
  let high = rules.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = rules[middle].range;
    if (offset < range[0]) high = middle - 1;
    else if (offset > range[1]) low = middle + 1;
    else return rules[middle];
  }
  return undefined;
}

export function locateInRuleFile(ruleFile: RuleFileModel, offset: number): Target | undefined {
  // Linux chains: jumps and returns are not in `rules`, but their matches are read alike.
  const rule = ruleAt(ruleFile, offset) ?? chainRuleAt(ruleFile, offset)?.rule;
  if (rule) {
    const { syntax } = rule;
    // The protocol, action and name sit at their own words; an implicit "any" (a Linux rule without ports) spans the whole rule, so it comes last.
    for (const [kind, located] of [['protocol', syntax.protocol], ['action', syntax.action], ['ruleName', syntax.name]] as const) {
      if (located && contains(shifted(rule, located.range), offset)) return { kind, range: shifted(rule, located.range), rule };
    }
    const port = at(rule.portItems, offset);
    if (port) return { kind: 'port', range: port.range, rule, item: port };
    for (const side of ['from', 'to'] as const) {
      const endpoint = at(rule[side], offset);
      if (endpoint) return { kind: 'endpoint', range: endpoint.range, rule, side, value: endpoint.value };
    }
    const windowsRule = at(rule.windowsRules, offset);
    if (windowsRule) return { kind: 'windowsRule', range: windowsRule.range, rule, value: windowsRule.value };
  }
  const chain = chainNamedAt(ruleFile, offset);
  if (chain) return { kind: 'chain', range: chain.name.range, chain };
  return termAt(ruleFile.text, offset);
}

export function locateInManifest(manifest: ManifestModel, offset: number): Target | undefined {
  const host = manifest.hosts.find((h) => contains(h.range, offset));
  if (host) {
    if (contains(host.name.range, offset)) return { kind: 'host', range: host.name.range, host };
    if (contains(host.role.range, offset)) return { kind: 'role', range: host.role.range, host };
    if (contains(host.address.range, offset)) return { kind: 'address', range: host.address.range, host };
    const feature = at(host.features, offset);
    if (feature) return { kind: 'feature', range: feature.range, host, value: feature.value };
  }
  const firewall = manifest.firewalls.find((f) => contains(f.range, offset));
  if (firewall) {
    if (contains(firewall.name.range, offset)) return { kind: 'firewall', range: firewall.name.range, firewall };
    const path = firewall.rules.find((rules) => contains(rules.range, offset));
    if (path) return { kind: 'rulesPath', range: path.range, firewall, path };
    const reference = at([...firewall.protects, ...(firewall.host ? [firewall.host] : [])], offset);
    if (reference) return { kind: 'hostReference', range: reference.range, firewall, value: reference.value };
  }
  const { settings } = manifest;
  const settingRanges: [SettingName, OffsetRange | undefined][] = [
    ['ndmpPort', settings.ndmpPort?.range],
    ['agentRange', settings.agentRange?.text.range],
    ['serverRange', settings.serverRange?.text.range],
    ['concurrentJobs', settings.concurrentJobs?.range],
    // A range's own flag, or the shared one of the older form.
    ['rangeEnabled', settings.sharedEnabled?.range],
    ['rangeEnabled', settings.serverRange?.enabled?.range],
    ['rangeEnabled', settings.agentRange?.enabled?.range],
  ];
  for (const [setting, range] of settingRanges) if (range && contains(range, offset)) return { kind: 'setting', range, setting };
  return termAt(manifest.text, offset);
}

/** Error codes, UMIs and BEX codes are explained wherever they are written, comments included. */
const TERM = /0x[0-9A-Fa-f]{8}|V-\d+-\d+-\d+|BEX\d{3}/g;

function termAt(text: string, offset: number): Target | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
  for (const match of line.matchAll(TERM)) {
    const range: OffsetRange = [lineStart + match.index, lineStart + match.index + match[0].length];
    if (contains(range, offset)) return { kind: 'term', range, value: match[0] };
  }
  return undefined;
}
