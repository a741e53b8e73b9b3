import type { Located, OffsetRange, SyntaxProblem } from '../../model/types';
import type { ChainRuleText } from '../chains/chainText';
import type { ScriptList } from '../scriptRule';
import { excerpt } from '../../util/excerpt';

/** What reading one zone file collects, shared by the readers of its elements. */
export interface ZoneReading {
  readonly problems: SyntaxProblem[];
  readonly unresolved: SyntaxProblem[];
  /** The addresses the zone binds with <source address=…/>, when it binds any: its rules see traffic from those only. */
  readonly zoneSources?: ScriptList;
}

/**
 * Where a rule runs in the zone's chain. firewalld walks a zone's rules in five sub-chains, in this
 * order: rich rules of priority below 0 (`pre`, by ascending priority), then of priority 0 their log
 * parts (`log`), their reject and drop rules (`deny`), their accept rules together with the zone's
 * services, ports and protocols (`allow`), then rich rules of priority above 0 (`post`); what falls
 * off the end meets the zone's target. Sources: firewalld src/firewall/core/nftables.py and
 * ipXtables.py build_policy_chain_rules (chain suffixes pre, log, deny, allow, post, then the target)
 * and _rich_rule_chain_suffix; build_policy_ports_rules puts a zone's <port> in `allow`;
 * firewalld.richlanguage(5) "Information about logging and actions"; Red Hat, "Prioritizing rich
 * rules" (RHEL 8/9/10): "rules are sorted first by their priority values in ascending order ... if the
 * action is also the same, the order might be undefined" (befw keeps file order there).
 */
export type Group = 'pre' | 'log' | 'deny' | 'allow' | 'post';

export const GROUP_ORDER: readonly Group[] = ['pre', 'log', 'deny', 'allow', 'post'];

export interface OrderedRule {
  readonly rule: ChainRuleText;
  readonly group: Group;
  readonly priority: number;
}

/** The group of a rich rule of `priority` with this verdict (firewalld _rich_rule_chain_suffix). */
export function groupOf(priority: number, verdict: ChainRuleText['verdict']['value']['kind']): Group {
  if (priority < 0) return 'pre';
  if (priority > 0) return 'post';
  return verdict === 'accept' ? 'allow' : verdict === 'drop' || verdict === 'reject' ? 'deny' : 'log';
}

/** A match befw cannot evaluate: the rule's `hostOnly`, said as a BEX018 note at the text. */
export function hostOnly(reading: ZoneReading, range: OffsetRange, why: string): Located<string> {
  reading.unresolved.push({ message: `${why}; befw cannot evaluate it, so this rule is not counted as allowing Backup Exec flows`, range });
  return { value: why, range };
}

/** A rich rule firewalld skips (firewalld 1.3.3 logs "Invalid rule … ignoring" and goes on; src/firewall/core/io/policy.py). */
export function ruleIgnored(reading: ZoneReading, range: OffsetRange, why: string): undefined {
  reading.problems.push({ message: `firewalld does not apply this rule: ${why} (firewalld 1.3.3 skips it with a warning); befw does not count it`, range });
  return undefined;
}

/** A value for which firewalld refuses the whole file (firewall-offline-cmd 1.3.3 --check-config, NOTES.md). */
export function fileRefused(reading: ZoneReading, range: OffsetRange, what: string, code: string): undefined {
  reading.problems.push({ message: `${what}: firewalld refuses the zone file (${code}) and falls back to its stock configuration`, range });
  return undefined;
}

/** The note on a <service>: firewalld resolves it from service files on the host (firewalld.service(5), FORMATS.md 2c). */
export function serviceNote(written: string): string {
  const name = excerpt(written);
  return (
    `service "${name}" is defined on the host (/etc/firewalld/services/${name}.xml, else /usr/lib/firewalld/services/${name}.xml) and befw does not ship firewalld's service definitions; ` +
    'firewalld ships no Backup Exec or NDMP service, so allow Backup Exec\'s ports with <port port="…" protocol="tcp"/>'
  );
}
