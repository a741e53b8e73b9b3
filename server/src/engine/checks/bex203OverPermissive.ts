import { dialectOf } from '../dialects/registry';
import { ruleStillThere } from '../fixes/ruleEdits';
import { resolvedRule } from '../model/resolvedRule';
import type { HostModel, RuleModel } from '../model/types';
import { excerpt, excerptList } from '../util/excerpt';
import { PortSet, type PortInterval } from '../util/portSet';
import { intervalInEffect } from './rangeRules';
import { isActive } from './ruleSignature';
import type { CheckContext, CheckDefinition, CodeFix, Finding, FixInput } from './types';

export const bex203OverPermissive: CheckDefinition = {
  code: 'BEX203',
  severity: 'warning',
  title: 'Over-permissive allow',
  hardening: true,
  docs: 'An allow rule from any source opens a port range wider than the configured Backup Exec dynamic ranges, or all of 1025-65535. Only the Backup Exec servers (toward agents) and the agents (toward servers) need these ports. The quick-fix narrows the source to the manifest\'s addresses.',
  check: (context) => {
    const findings: Finding[] = [];
    const configured = configuredRanges(context);
    for (const ruleFile of context.ruleFiles) {
      for (const rule of ruleFile.rules) {
        if (!isActive(rule) || rule.action !== 'allow') continue;
        if (!resolvedRule(rule, context.endpoints).anySource) continue;
        const anySource = rule.from.find((f) => context.endpoints.resolve(f.value).kind === 'any')!;
        const wide = rule.portItems.find((item) => (item.any || item.interval) && tooWide(item.interval, context, configured));
        if (!wide) continue;
        const sources = narrowSources(context, rule);
        findings.push({
          uri: ruleFile.uri,
          range: anySource.range,
          message: `Rule "${excerpt(rule.name)}" allows any source to ${excerpt(wide.text)}, ${configured.isEmpty ? `which spans the whole dynamic range ${context.catalog.dynamicRange}` : `wider than the configured Backup Exec ranges (${configured})`}. Restrict the source${sources.length ? ` to ${sources.join(', ')}` : ''}.`,
          related: [{ uri: ruleFile.uri, range: wide.range, message: 'the wide port range' }],
          data: sources.length ? { fix: 'narrow-source', ruleFileUri: ruleFile.uri, ruleIndex: rule.index, ruleName: rule.name, sources } : undefined,
        });
      }
    }
    return findings;
  },
  fix: narrowSourceFix,
};

function configuredRanges(context: CheckContext): PortSet {
  const settings = context.manifest?.settings;
  const bounds = context.catalog.acceptedRangeBounds;
  const intervals = [intervalInEffect(settings?.serverRange, bounds), intervalInEffect(settings?.agentRange, bounds)];
  return PortSet.of(intervals.filter((i): i is PortInterval => i !== undefined));
}

function tooWide(interval: PortInterval | undefined, context: CheckContext, configured: PortSet): boolean {
  const ports = interval ? PortSet.range(interval.from, interval.to) : PortSet.ALL;
  if (ports.containsAll(context.catalog.dynamicRange)) return true;
  return ports.size > 1 && ports.overlaps(configured) && !configured.containsAll(ports);
}

/** Backup Exec servers for rules toward agents; the agents for rules toward a server. */
function narrowSources(context: CheckContext, rule: RuleModel): string[] {
  const hosts = context.manifest?.hosts ?? [];
  const toServer = rule.destinations.some((t) => {
    const endpoint = context.endpoints.resolve(t);
    return endpoint.kind === 'host' && endpoint.host.role.value === 'backup-exec-server';
  });
  const role = toServer ? 'remote-computer' : 'backup-exec-server';
  return hosts.filter((h: HostModel) => h.role.value === role && h.addressRange).map((h) => h.address.value);
}

function narrowSourceFix(input: FixInput): CodeFix[] {
  const uri = String(input.data.ruleFileUri);
  const ruleFile = input.ruleFile(uri);
  const rule = ruleStillThere(ruleFile, input.data.ruleIndex, input.data.ruleName);
  const sources = input.data.sources as string[];
  // Scripts name addresses, not manifest hosts: narrowing them is left to the admin.
  const edits = ruleFile && rule && dialectOf(ruleFile).edits?.narrowSource?.(ruleFile, rule, sources);
  if (!rule || !edits) return [];
  return [{ title: `Restrict the source of rule "${excerpt(rule.name)}" to ${excerptList(sources)}`, isPreferred: true, edits: [{ uri, edits }] }];
}
