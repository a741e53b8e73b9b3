import type { Located, ListSyntax, OffsetRange, RuleDialect, RuleFileModel, RuleSyntax, SourceText, SyntaxProblem } from '../../model/types';
import { placeRule } from '../../model/ruleModel';
import { withValues } from '../ruleSyntax';
import { GROUP_PREFIX } from '../../model/windowsRules';
import { parseNetsh } from './netshParser';
import { parsePowerShell } from './powershellParser';
import type { ScriptList, ScriptParse, ScriptRule } from './scriptRule';

/** Address keywords Windows resolves on the machine at run time. */
const RUNTIME_ADDRESSES = new Set(['localsubnet', 'dns', 'dhcp', 'wins', 'defaultgateway', 'intranet', 'internet', 'remotecorpnetwork', 'playtodevice']);
const PROTOCOL_NUMBERS: Record<string, string> = { '6': 'tcp', '17': 'udp' };

/** Which dialect a rule file is written in, by its name. */
export function dialectOf(uri: string): RuleDialect {
  const lower = uri.toLowerCase();
  const query = lower.search(/[?#]/);
  const path = query === -1 ? lower : lower.slice(0, query);
  if (/\.(ps1|psm1)$/.test(path)) return 'powershell';
  if (/\.(cmd|bat|netsh)$/.test(path)) return 'netsh';
  return 'yaml';
}

/** Parses a Windows firewall script into the rule model; Windows Defender Firewall semantics. */
export function parseScriptRuleFile(source: SourceText, dialect: Exclude<RuleDialect, 'yaml'>): RuleFileModel {
  const parse: ScriptParse = dialect === 'netsh' ? parseNetsh(source.text) : parsePowerShell(source.text);
  const unresolved = [...parse.unresolved];
  const rules = parse.rules.map((rule, index) => placeRule(withValues(toSyntax(source.text, rule, unresolved)), rule.range[0], index));
  const first = parse.rules[0];
  const last = parse.rules[parse.rules.length - 1];
  return {
    uri: source.uri,
    text: source.text,
    dialect,
    problems: parse.problems,
    unresolved,
    evaluation: 'block-wins',
    defaults: { inbound: 'block', outbound: 'allow' },
    rules,
    layout: {
      eol: parse.eol,
      rulesKeyRange: first ? commandRange(source.text, first) : [0, 0],
      rulesEnd: last ? lineEnd(source.text, last.range[1]) : source.text.length,
      commandStyle: parse.rules.filter((r) => r.kind === 'add').at(-1)?.style,
    },
  };
}

/** Where a command's cmdlet (or netsh prefix) is written. */
function commandRange(text: string, rule: ScriptRule): OffsetRange {
  const start = rule.range[0] + /^[ \t]*/.exec(text.slice(rule.range[0], rule.range[0] + 200))![0].length;
  return [start, start + rule.style.prefix.length];
}

/** Just after the line break ending the line at `offset`, or the end of the text. */
function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

function toSyntax(text: string, rule: ScriptRule, unresolved: SyntaxProblem[]): Omit<RuleSyntax, 'values'> {
  const base = rule.range[0];
  const relative = (range: OffsetRange): OffsetRange => [range[0] - base, range[1] - base];
  const located = <T>(item: Located<T> | undefined): Located<T> | undefined => item && { value: item.value, range: relative(item.range) };
  // Where a value the command leaves out (and so means "any") is shown: the command itself.
  const command = relative(commandRange(text, rule));
  const implicitAny: ListSyntax = { style: 'flow', range: command, items: [{ value: 'any', range: command }] };
  const list = (value: ScriptList | undefined, keep: (item: Located<string>) => boolean = () => true): ListSyntax | undefined =>
    value && { style: 'flow', range: relative(value.range), items: value.items.filter(keep).map((item) => ({ value: item.value, range: relative(item.range) })) };
  const knownAddress = (item: Located<string>) => {
    if (!RUNTIME_ADDRESSES.has(item.value.toLowerCase())) return true;
    unresolved.push({ message: `${item.value} is resolved by Windows at run time, so this rule is not counted for Backup Exec flows`, range: item.range });
    return false;
  };
  const knownPort = (item: Located<string>) => {
    if (/^(any|\d+|\d+\s*-\s*\d+)$/i.test(item.value.trim())) return true;
    unresolved.push({ message: `port ${item.value} is chosen by Windows at run time; it is not counted as any Backup Exec port`, range: item.range });
    return false;
  };
  const common = {
    text: text.slice(rule.range[0], rule.range[1]),
    issues: [],
    itemRange: relative(rule.range),
    keys: {},
    name: located(rule.name),
    enabled: located(rule.enabled),
    dashColumn: -1,
    keyColumn: -1,
    flowMap: false,
  };
  if (rule.kind === 'enable') {
    const windowsRules: ListSyntax | undefined = rule.predefined && {
      style: 'flow',
      range: relative(rule.predefined.range),
      items: rule.predefined.items.map((item) => ({ value: rule.predefined!.by === 'group' ? `${GROUP_PREFIX}${item.value}` : item.value, range: relative(item.range) })),
    };
    return { ...common, name: common.name ?? located(rule.predefined?.items[0]), action: { value: 'allow', range: implicitAny.range }, from: implicitAny, to: implicitAny, windowsRules };
  }
  const inbound = rule.direction?.value !== 'outbound';
  const remote = list(rule.remoteAddresses, knownAddress) ?? implicitAny;
  const local = list(rule.localAddresses, knownAddress) ?? implicitAny;
  const ports = list(inbound ? rule.localPorts : rule.remotePorts, knownPort) ?? implicitAny;
  const sourcePorts = inbound ? rule.remotePorts : rule.localPorts;
  const restrictsSource = sourcePorts?.items.some((item) => item.value.toLowerCase() !== 'any');
  // A rule with parameters nobody can know without running the script allows nothing for certain.
  const unknown = restrictsSource || rule.uncertain;
  if (restrictsSource) {
    unresolved.push({ message: 'this rule only matches connections from particular source ports; Backup Exec connects from dynamic source ports, so it is not counted for Backup Exec flows', range: sourcePorts!.range });
  }
  const action = located(rule.action);
  const protocol = located(rule.protocol);
  return {
    ...common,
    direction: inbound ? 'inbound' : 'outbound',
    action: action && { ...action, value: action.value === 'bypass' ? 'allow' : action.value },
    protocol: protocol && { ...protocol, value: PROTOCOL_NUMBERS[protocol.value] ?? protocol.value },
    from: inbound ? remote : local,
    to: inbound ? local : remote,
    ports: unknown ? { ...ports, items: [] } : ports,
  };
}
