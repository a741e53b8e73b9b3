import type { Located, ListSyntax, OffsetRange, RuleDialect, RuleFileModel, RuleModel, RuleSyntax, SourceText, SyntaxProblem } from '../model/types';
import { placeRule } from '../model/ruleModel';
import { excerpt } from '../util/excerpt';
import { withValues } from './yaml/ruleSyntax';
import { GROUP_PREFIX } from '../model/windowsRules';
import { ScriptSyntaxCache } from './scriptSyntaxCache';
import type { RuleSink, ScriptList, ScriptParse, ScriptRule } from './scriptRule';
import type { ScriptStyle } from '../model/scriptStyle';
import { isRuntimeAddress, portKind } from './windowsValues';
const PROTOCOL_NUMBERS: Record<string, string> = { '6': 'tcp', '17': 'udp' };

/** Reads a text into Windows rules, handing each to `each` as soon as it is read. */
export type WindowsRuleReader = (source: SourceText, each: RuleSink) => ScriptParse;

/**
 * Reads a Windows firewall file (a script, an export) into the rule model, with
 * Windows Defender Firewall semantics: block wins, inbound blocked and outbound
 * allowed unless the file itself says otherwise.
 */
export function parseWindowsRuleFile(source: SourceText, dialect: RuleDialect, read: WindowsRuleReader, cache = new ScriptSyntaxCache()): RuleFileModel {
  const rules: RuleModel[] = [];
  /** BEX018 notes made while rules are converted; they come after the parse's own. */
  const notes: SyntaxProblem[] = [];
  const seen: { first?: ScriptRule; last?: ScriptRule; commandStyle?: ScriptStyle } = {};
  // Each rule becomes a model rule as soon as it is read: the parse of a long script is never held whole beside its model.
  const each = (rule: ScriptRule) => {
    seen.first ??= rule;
    seen.last = rule;
    if (rule.kind === 'add') seen.commandStyle = rule.style;
    rules.push(placeRule(source.uri, cache.reuse(withValues(toSyntax(source.text, rule, notes))), rule.range[0], rules.length));
  };
  const parse = read(source, each);
  cache.finish();
  const { first, last } = seen;
  return {
    uri: source.uri,
    text: source.text,
    dialect,
    problems: parse.problems,
    unresolved: [...parse.unresolved, ...notes],
    evaluation: 'block-wins',
    defaults: { inbound: 'block', outbound: 'allow' },
    profileSettings: parse.profileSettings,
    activeProfiles: parse.activeProfiles,
    defaultsAssumed: !parse.profileSettings,
    rules,
    layout: {
      eol: parse.eol,
      rulesKeyRange: first ? commandRange(source.text, first) : [0, 0],
      rulesEnd: last ? lineEnd(source.text, last.range[1]) : source.text.length,
      commandStyle: seen.commandStyle,
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

/**
 * The rule's syntax, ranges relative to its start. Each kind is one object literal, every field in
 * the same order: spreading this many fields from object to object is slow at 50,000 rules. The
 * literal has a slot for the values withValues adds: V8 (Node 20) makes `{ ...syntax, values }` of
 * a literal without it several times slower, with an object shape of its own for every rule.
 */
function toSyntax(text: string, rule: ScriptRule, unresolved: SyntaxProblem[]): Omit<RuleSyntax, 'values'> & { values: undefined } {
  const base = rule.range[0];
  // Where a value the command leaves out (and so means "any") is shown: the command itself.
  const command = relative(commandRange(text, rule), base);
  const implicitAny: ListSyntax = { style: 'flow', range: command, items: [{ value: 'any', range: command }] };
  const ruleText = text.slice(rule.range[0], rule.range[1]);
  const itemRange = relative(rule.range, base);
  const enabled = located(rule.enabled, base);
  if (rule.kind === 'enable') {
    const windowsRules: ListSyntax | undefined = rule.predefined && {
      style: 'flow',
      range: relative(rule.predefined.range, base),
      items: rule.predefined.items.map((item) => ({ value: rule.predefined!.by === 'group' ? `${GROUP_PREFIX}${item.value}` : item.value, range: relative(item.range, base) })),
    };
    return {
      text: ruleText,
      issues: [],
      itemRange,
      keys: {},
      name: located(rule.name ?? rule.predefined?.items[0], base),
      enabled,
      dashColumn: -1,
      keyColumn: -1,
      flowMap: false,
      action: { value: 'allow', range: implicitAny.range },
      // An enable command names no addresses; a predefined rule read from an export may (inbound: the remote side is the source).
      from: listSyntax(rule.remoteAddresses, base, (item) => counted(item, 'address', unresolved)) ?? implicitAny,
      to: listSyntax(rule.localAddresses, base, (item) => counted(item, 'address', unresolved)) ?? implicitAny,
      windowsRules,
      profiles: located(rule.profiles, base),
      values: undefined,
    };
  }
  const inbound = rule.direction?.value !== 'outbound';
  const { from, to, ports } = sides(rule, inbound, command, implicitAny, unresolved);
  return {
    text: ruleText,
    issues: [],
    itemRange,
    keys: {},
    name: located(rule.name, base),
    enabled,
    dashColumn: -1,
    keyColumn: -1,
    flowMap: false,
    direction: inbound ? 'inbound' : 'outbound',
    action: rule.action && { value: rule.action.value === 'bypass' ? 'allow' : rule.action.value, range: relative(rule.action.range, base) },
    protocol: rule.protocol && { value: PROTOCOL_NUMBERS[rule.protocol.value] ?? rule.protocol.value, range: relative(rule.protocol.range, base) },
    from,
    to,
    ports,
    profiles: located(rule.profiles, base),
    values: undefined,
  };
}

/** The sources, destinations and ports an `add` rule allows, with BEX018 notes on what is not counted. */
function sides(rule: ScriptRule, inbound: boolean, command: OffsetRange, implicitAny: ListSyntax, unresolved: SyntaxProblem[]): Pick<RuleSyntax, 'from' | 'to' | 'ports'> {
  const base = rule.range[0];
  const flowPorts = inbound ? rule.localPorts : rule.remotePorts;
  const sourcePorts = inbound ? rule.remotePorts : rule.localPorts;
  const refused = [...(flowPorts?.items ?? []), ...(sourcePorts?.items ?? [])].filter((item) => portKind(item.value) === 'invalid' && !item.value.includes(','));
  if (refused.length > 0) {
    // Windows refuses a command with a bad port item (see portKind): it makes no rule. The bad items are reported (BEX200), nothing else of it.
    const none: ListSyntax = { style: 'flow', range: command, items: [] };
    return { from: none, to: none, ports: listSyntax({ range: (flowPorts ?? sourcePorts)!.range, items: refused }, base) };
  }
  const remote = listSyntax(rule.remoteAddresses, base, (item) => counted(item, 'address', unresolved)) ?? implicitAny;
  const local = listSyntax(rule.localAddresses, base, (item) => counted(item, 'address', unresolved)) ?? implicitAny;
  const ports = listSyntax(flowPorts, base, (item) => counted(item, 'port', unresolved)) ?? implicitAny;
  const restrictsSource = sourcePorts?.items.some((item) => item.value.toLowerCase() !== 'any');
  // An uncertain rule (its direction, say, is known only at run time) has no known source side to speak of.
  if (restrictsSource && !rule.uncertain) {
    unresolved.push({ message: 'this rule only matches connections from particular source ports; Backup Exec connects from dynamic source ports, so it is not counted for Backup Exec flows', range: sourcePorts!.range });
  }
  // A rule with parameters nobody can know without running the script allows nothing for certain.
  const unknown = restrictsSource || rule.uncertain;
  return { from: inbound ? remote : local, to: inbound ? local : remote, ports: unknown ? { style: ports.style, range: ports.range, items: [] } : ports };
}

/** Whether an item is counted; when it is not, BEX018 says why. */
function counted(item: Located<string>, kind: 'address' | 'port', unresolved: SyntaxProblem[]): boolean {
  const note = (message: string) => {
    unresolved.push({ message, range: item.range });
    return false;
  };
  if (item.value.includes(',')) {
    const example = kind === 'port' ? '-LocalPort 80, 443' : '-RemoteAddress 10.0.0.1, 10.0.0.2';
    return note(`"${excerpt(item.value)}" is one string holding a comma-separated list, and whether Windows splits it is not documented; write the items as a list (${example}) to have them counted`);
  }
  if (kind === 'address') return !isRuntimeAddress(item.value) || note(`${excerpt(item.value)} is resolved by Windows at run time, so this rule is not counted for Backup Exec flows`);
  return portKind(item.value) !== 'keyword' || note(`port ${excerpt(item.value)} is chosen by Windows at run time; it is not counted as any Backup Exec port`);
}

function relative(range: OffsetRange, base: number): OffsetRange {
  return [range[0] - base, range[1] - base];
}

function located<T>(item: Located<T> | undefined, base: number): Located<T> | undefined {
  return item && { value: item.value, range: relative(item.range, base) };
}

function listSyntax(value: ScriptList | undefined, base: number, keep: (item: Located<string>) => boolean = () => true): ListSyntax | undefined {
  return value && { style: 'flow', range: relative(value.range, base), items: value.items.filter(keep).map((item) => located(item, base)!) };
}
