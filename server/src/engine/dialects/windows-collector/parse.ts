import { FIREWALL_PROFILES, type Action, type FirewallProfile, type Located, type OffsetRange, type ProfileSettings, type SyntaxProblem } from '../../model/types';
import type { ScriptStyle } from '../../model/scriptStyle';
import { excerpt } from '../../util/excerpt';
import { found } from '../../parse/schemaMessages';
import { predefinedRule } from '../predefinedRules';
import type { RuleSink, ScriptDirection, ScriptList, ScriptParse, ScriptRule } from '../scriptRule';
import { COLLECTOR_FORMAT, COLLECTOR_VERSION } from './format';
import { entryOf, markedRange, parseJson, valueOf, type JsonNode, type JsonObject, type JsonString } from '../../parse/jsonTree';
import { SchemaChecker } from './schemaCheck';

/**
 * Reads the JSON a befw collector script wrote on a Windows host (docs/collector.md) into one
 * ScriptRule per rule of the policy in effect there, with the settings of each firewall profile
 * and the profiles active when it ran. Ranges: text values inside their quotes, so a diagnostic
 * marks the port or address itself. A file that is not JSON, or not a collector export, gives one
 * problem and no rule; a rule, profile or connection that breaks the schema is reported and not
 * counted, the rest of the file is.
 */

export interface CollectorParse extends ScriptParse {
  /** Where the "rules" key is written: where findings about the rules as a whole are shown. */
  readonly rulesKey?: OffsetRange;
}

const HOW_TO_COLLECT = 'befw reads the JSON file its collector script writes on a Windows host (befw collect --host <name> <manifest>)';

const DIRECTIONS: Readonly<Record<string, ScriptDirection>> = { Inbound: 'inbound', Outbound: 'outbound' };
/** As the script dialects write them (scriptRule.ts): AllowBypass is netsh's bypass; NotConfigured makes no decision. */
const ACTIONS: Readonly<Record<string, string>> = { Allow: 'allow', Block: 'block', AllowBypass: 'bypass', NotConfigured: 'notconfigured' };
const PROFILE_NAMES: Readonly<Record<string, FirewallProfile>> = { Domain: 'domain', Private: 'private', Public: 'public' };
const PROFILE_ACTIONS: Readonly<Record<string, Action>> = { Allow: 'allow', Block: 'block' };
/**
 * The firewall profile a network of each category gets, by their names. The categories are
 * Set-NetConnectionProfile's (Public, Private, DomainAuthenticated); that DomainAuthenticated
 * means the Domain profile is NOT VERIFIED in a retrieved source.
 */
const CATEGORY_PROFILES: Readonly<Record<string, FirewallProfile>> = { DomainAuthenticated: 'domain', Private: 'private', Public: 'public' };

/**
 * What a rule's command is for the shared Windows model (scriptModel.ts): the rule's opening
 * brace. Exports are never edited, so no fix writes in this style.
 */
const OBJECT_STYLE: ScriptStyle = { prefix: '{', parameterOrder: [], quote: '"', indent: '' };

/** `each` takes every rule as it is read; by default the rules go into the parse's `rules`. */
export function parseCollectorExport(text: string, each?: RuleSink): CollectorParse {
  const rules: ScriptRule[] = [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const unread = (problem: SyntaxProblem): CollectorParse => ({ rules, problems: [problem], unresolved: [], eol, hasFirewallCommands: true });
  if (!/\S/.test(text.replace(/^\ufeff/, ''))) return unread({ message: `the file is empty; ${HOW_TO_COLLECT}`, range: [0, 0] });
  // Rules are checked and read one by one as the JSON is read, their trees dropped; they are handed
  // on only once the whole document has read as an export.
  const checker = new SchemaChecker();
  const notes: SyntaxProblem[] = [];
  const read: ScriptRule[] = [];
  const parsed = parseJson(text, {
    key: 'rules',
    take: (item, index) => {
      const valid = checker.rule(item, index);
      if (item.kind === 'object') read.push(ruleOf(item, !valid, notes));
    },
  });
  if (parsed.problem) {
    const cutOff = parsed.problem.truncated ? '. The export looks cut off: copy the whole file again, or run the collector script on the host again' : '';
    return unread({ message: `JSON: ${parsed.problem.message}${cutOff}`, range: parsed.problem.range });
  }
  const root = parsed.root;
  const foreign = notAnExport(root);
  if (foreign || root.kind !== 'object') return unread(foreign!);

  const { problems, invalid } = checker.finish(root);
  const take = each ?? ((rule: ScriptRule) => rules.push(rule));
  const rulesEntry = entryOf(root, 'rules');
  if (rulesEntry?.value.kind === 'array' && !invalid.has('rules')) read.forEach(take);
  return {
    rules,
    problems,
    unresolved: notes,
    eol,
    hasFirewallCommands: true,
    profileSettings: profileSettingsOf(root, invalid),
    activeProfiles: activeProfilesOf(root, invalid),
    rulesKey: rulesEntry?.keyRange,
  };
}

/** Why the document is not a collector export this befw reads, if it is not. */
function notAnExport(root: JsonNode): SyntaxProblem | undefined {
  if (root.kind !== 'object') {
    return { message: `this is not a befw collector export: it holds ${found(valueOf(root), undefined)}, not an object with "format": "${COLLECTOR_FORMAT}"; ${HOW_TO_COLLECT}`, range: markedRange(root) };
  }
  const format = entryOf(root, 'format')?.value;
  if (!format) return { message: `this is not a befw collector export: it has no "format": "${COLLECTOR_FORMAT}"; ${HOW_TO_COLLECT}`, range: markedRange(root) };
  if (format.kind !== 'string' || format.value !== COLLECTOR_FORMAT) {
    return { message: `this is not a befw collector export: its format is ${found(valueOf(format), undefined)}, not "${COLLECTOR_FORMAT}"; ${HOW_TO_COLLECT}`, range: markedRange(format) };
  }
  const version = entryOf(root, 'version')?.value;
  // A version that is no number is the schema's to report.
  if (version?.kind === 'number' && version.value !== COLLECTOR_VERSION) {
    return {
      message: `this collector export is version ${excerpt(String(version.value))}; this befw reads version ${COLLECTOR_VERSION}: collect again with the script this befw writes (befw collect), or update befw`,
      range: markedRange(version),
    };
  }
  return undefined;
}

/** One rule; a predefined rule a Backup Exec flow may require by name is read as such (predefinedRules.ts). */
function ruleOf(node: JsonObject, invalid: boolean, notes: SyntaxProblem[]): ScriptRule {
  const field = (key: string) => entryOf(node, key)?.value;
  const displayName = text(field('displayName'));
  const rule: ScriptRule = {
    range: node.range,
    kind: 'add',
    name: displayName?.value.trim() ? displayName : text(field('name')),
    description: text(field('description')),
    direction: named(field('direction'), DIRECTIONS),
    action: named(field('action'), ACTIONS),
    protocol: lowerCased(field('protocol')),
    localPorts: list(field('localPorts')),
    remotePorts: list(field('remotePorts')),
    localAddresses: list(field('localAddresses')),
    remoteAddresses: list(field('remoteAddresses')),
    program: text(field('program')),
    profiles: ruleProfiles(field('profiles')),
    enabled: flag(field('enabled')),
    // A rule whose values break the schema (BEX001 says where) is not counted, whatever it would allow.
    uncertain: invalid || undefined,
    style: OBJECT_STYLE,
  };
  // A rule breaking the schema is not counted, not even as a predefined rule it names.
  // By the group's display name: the group as stored is a resource reference (@FirewallAPI.dll,-28502).
  return invalid ? rule : predefinedRule(rule, displayName, text(field('displayGroup')), notes);
}

/** A text value, inside its quotes. */
function text(node: JsonNode | undefined): Located<string> | undefined {
  return node?.kind === 'string' ? { value: node.value, range: markedRange(node) } : undefined;
}

function lowerCased(node: JsonNode | undefined): Located<string> | undefined {
  const value = text(node);
  return value && { value: value.value.toLowerCase(), range: value.range };
}

function named<T>(node: JsonNode | undefined, names: Readonly<Record<string, T>>): Located<T> | undefined {
  const value = text(node);
  return value && Object.prototype.hasOwnProperty.call(names, value.value) ? { value: names[value.value], range: value.range } : undefined;
}

function flag(node: JsonNode | undefined): Located<boolean> | undefined {
  return node?.kind === 'boolean' ? { value: node.value as boolean, range: node.range } : undefined;
}

/** A filter's string array; one text alone is read as a one-item list (PowerShell may write a one-item array so). */
function list(node: JsonNode | undefined): ScriptList | undefined {
  if (node?.kind === 'string') return { range: markedRange(node), items: [text(node)!] };
  if (node?.kind !== 'array') return undefined;
  const items = node.items.filter((item): item is JsonString => item.kind === 'string').map((item) => text(item)!);
  return { range: node.range, items };
}

/**
 * The profiles a rule applies in; absent when it applies in every one (Any, or all three). One
 * text is also read as Get-NetFirewallRule formats several, "Domain, Private" (FORMATS.md 1c).
 */
function ruleProfiles(node: JsonNode | undefined): Located<readonly FirewallProfile[]> | undefined {
  const written = list(node);
  if (!written) return undefined;
  const names = written.items.flatMap((item) => item.value.split(/, */));
  if (names.includes('Any')) return undefined;
  const profiles = FIREWALL_PROFILES.filter((profile) => names.some((name) => PROFILE_NAMES[name] === profile));
  return profiles.length === FIREWALL_PROFILES.length ? undefined : { value: profiles, range: markedRange(node!) };
}

/**
 * What each profile says: Enabled False turns the firewall off there; a default action of Allow
 * or Block replaces Windows' own (inbound Block, outbound Allow: Set-NetFirewallProfile docs).
 * NotConfigured says nothing, and leaves Windows' own.
 */
function profileSettingsOf(root: JsonObject, invalid: ReadonlySet<string>): Partial<Record<FirewallProfile, ProfileSettings>> | undefined {
  const profiles = entryOf(root, 'profiles')?.value;
  if (profiles?.kind !== 'array' || invalid.has('profiles')) return undefined;
  const settings: Partial<Record<FirewallProfile, ProfileSettings>> = {};
  profiles.items.forEach((item, index) => {
    if (item.kind !== 'object' || invalid.has(`profiles/${index}`)) return;
    const field = (key: string) => entryOf(item, key)?.value;
    const profile = named(field('name'), PROFILE_NAMES)?.value;
    if (!profile) return;
    const enabled = field('enabled');
    const inbound = named(field('defaultInboundAction'), PROFILE_ACTIONS)?.value;
    const outbound = named(field('defaultOutboundAction'), PROFILE_ACTIONS)?.value;
    const allowInbound = field('allowInboundRules');
    settings[profile] = {
      ...(allowInbound?.kind === 'boolean' && allowInbound.value === false && { inboundRulesIgnored: true }),
      ...(enabled?.kind === 'boolean' && { enabled: enabled.value as boolean }),
      ...(inbound && { inbound }),
      ...(outbound && { outbound }),
      range: item.range,
    };
  });
  return settings;
}

/** The profiles of the networks connected when the script ran, in FIREWALL_PROFILES order. */
function activeProfilesOf(root: JsonObject, invalid: ReadonlySet<string>): Located<readonly FirewallProfile[]> | undefined {
  const connections = entryOf(root, 'connections')?.value;
  if (connections?.kind !== 'array' || [...invalid].some((part) => part === 'connections' || part.startsWith('connections/'))) return undefined;
  const active = new Set(connections.items.flatMap((item) => (item.kind === 'object' ? [named(entryOf(item, 'networkCategory')?.value, CATEGORY_PROFILES)?.value] : [])));
  return { value: FIREWALL_PROFILES.filter((profile) => active.has(profile)), range: connections.range };
}
