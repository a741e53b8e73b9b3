import type { ManifestModel, OffsetRange, RangeSetting, RuleFileModel } from '../model/types';

export type SymbolKind = 'group' | 'host' | 'firewall' | 'rule' | 'setting';

export interface SymbolEntry {
  readonly name: string;
  readonly detail?: string;
  readonly kind: SymbolKind;
  readonly range: OffsetRange;
  readonly selectionRange: OffsetRange;
  readonly children?: SymbolEntry[];
}

const span = (ranges: readonly OffsetRange[], fallback: OffsetRange): OffsetRange =>
  ranges.length > 0 ? [Math.min(fallback[0], ranges[0][0]), ranges[ranges.length - 1][1]] : fallback;

/** A dynamic range, said to be off unless its flag is on. */
const rangeSymbol = (name: string, setting: RangeSetting | undefined): SymbolEntry[] =>
  setting ? [{ name, detail: `${setting.text.value}${setting.enabled?.value === true ? '' : ' (off)'}`, kind: 'setting', range: setting.text.range, selectionRange: setting.text.range }] : [];

/** The outline of a manifest: settings, hosts and firewalls. */
export function manifestSymbols(manifest: ManifestModel): SymbolEntry[] {
  const symbols: SymbolEntry[] = [];
  const { settings } = manifest;
  const settingEntries: SymbolEntry[] = [
    ...(settings.ndmpPort ? [{ name: 'ndmpPort', detail: String(settings.ndmpPort.value), kind: 'setting' as const, range: settings.ndmpPort.range, selectionRange: settings.ndmpPort.range }] : []),
    ...rangeSymbol('server range', settings.serverRange),
    ...rangeSymbol('agent range', settings.agentRange),
  ];
  if (settingEntries.length > 0) {
    const range = span(settingEntries.map((s) => s.range), settingEntries[0].range);
    symbols.push({ name: 'settings', kind: 'group', range, selectionRange: settingEntries[0].range, children: settingEntries });
  }
  const hosts = manifest.hosts.map(
    (host): SymbolEntry => ({ name: host.name.value, detail: `${host.role.value}, ${host.address.value}`, kind: 'host', range: host.range, selectionRange: host.name.range }),
  );
  symbols.push({ name: 'hosts', kind: 'group', range: span(hosts.map((h) => h.range), manifest.hostsKeyRange), selectionRange: manifest.hostsKeyRange, children: hosts });
  const firewalls = manifest.firewalls.map(
    (firewall): SymbolEntry => ({ name: firewall.name.value, detail: firewall.rules.map((path) => path.value).join(', '), kind: 'firewall', range: firewall.range, selectionRange: firewall.name.range }),
  );
  if (firewalls.length > 0) symbols.push({ name: 'firewalls', kind: 'group', range: span(firewalls.map((f) => f.range), firewalls[0].range), selectionRange: firewalls[0].selectionRange, children: firewalls });
  return symbols;
}

/** The outline of a rule file: one entry per rule, named as written. */
export function ruleFileSymbols(ruleFile: RuleFileModel): SymbolEntry[] {
  return ruleFile.rules.map((rule) => {
    const name = rule.syntax.name;
    const selection: OffsetRange = name ? [name.range[0] + rule.base, name.range[1] + rule.base] : rule.range;
    const what = rule.windowsRuleNames.length > 0 ? 'Windows rules' : `${rule.protocol} ${rule.ports.toString()}`;
    return { name: rule.name, detail: `${rule.action} ${what}${rule.enabled ? '' : ' (disabled)'}`, kind: 'rule', range: rule.range, selectionRange: selection };
  });
}
