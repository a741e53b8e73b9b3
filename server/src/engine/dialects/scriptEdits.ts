import type { FixData } from '../checks/types';
import type { ManifestModel, OffsetRange, RuleFileModel, RuleModel } from '../model/types';
import type { CanonicalParameter, ScriptStyle } from '../model/scriptStyle';
import type { ScriptRule, ScriptRuleSpec } from './scriptRule';
import type { NewRule } from '../fixes/ruleEdits';
import type { DialectEdits } from './types';
import { insertCommandEdit, insertionPoint } from './scriptPlacement';
import { inside, reverseScriptRule, widenScriptPorts } from './scriptRuleEdits';

/**
 * Writes one command of a script dialect, in the style given (or the dialect's own). `references`
 * are values of the spec that name a variable of the script (`$sql02`, `%BESERVER%`), written as they are.
 */
export type CommandRenderer = (spec: ScriptRuleSpec, style?: ScriptStyle, references?: ReadonlySet<string>) => string;

/** What fixes need of a script beyond its rule model, read again from its text when a fix is asked for. */
export interface ScriptReading {
  /** The rules as the parser reads them, in the order of the model's rules. */
  readonly rules: readonly ScriptRule[];
  /** Whether a rule (by index) is written inside a block (if, loop, function, brackets): a command added after it would run only when it does. */
  nested(index: number): boolean;
  /** Variables that hold exactly one address where a command is inserted at `offset`: the address, and how a command names the variable. */
  referencesAt(offset: number): ReadonlyMap<string, string>;
}

/** How fixes write into one script dialect. */
export interface ScriptSyntax {
  readonly render: CommandRenderer;
  read(ruleFile: RuleFileModel): ScriptReading;
  /** Whether port items may be quoted one by one (PowerShell `'6101', '10000'`); netsh quotes a whole value. */
  readonly quotedItems: boolean;
  /** The parameter named right before a value starting at `offset`: where its name is written (no dash, no `=`) and which it is. */
  parameterBefore(text: string, offset: number): { readonly range: OffsetRange; readonly parameter?: CanonicalParameter } | undefined;
  /** How the dialect spells the parameters and words a turned-around rule changes, in mixed case. */
  readonly words: { readonly localport: string; readonly remoteport: string; readonly inbound: string; readonly outbound: string };
  /** The parameter that says a direction, for a command that leaves it out (`dir=out`). */
  directionParameter(direction: 'inbound' | 'outbound'): string;
  /** Whether a command's other parameters apply both ways (not edge traversal or authentication), so it can be turned around. */
  reversible(commandText: string): boolean;
}

/**
 * How fixes edit a Windows firewall script: a new command after the related rules, written like
 * them and naming the script's variables; a literal port list widened in place; a rule turned around.
 */
export function scriptEdits(syntax: ScriptSyntax): DialectEdits {
  return {
    insertRule(ruleFile, { rule, data, manifest }) {
      const spec = scriptSpecOf(rule, data, manifest);
      const reading = readingOf(ruleFile, syntax);
      const place = insertionPoint(ruleFile, reading, spec);
      if (!place) return undefined;
      const references = reading.referencesAt(place.at);
      const refer = (addresses: readonly string[] | undefined) => addresses?.map((address) => references.get(address) ?? address);
      const written = { ...spec, localAddresses: refer(spec.localAddresses), remoteAddresses: refer(spec.remoteAddresses) };
      const command = syntax.render(written, place.style ?? ruleFile.layout.commandStyle, new Set(references.values()));
      return insertCommandEdit(ruleFile, place.at, command.replace(/\r?\n/g, ruleFile.layout.eol));
    },
    addPorts(ruleFile, rule, ports) {
      const scriptRule = scriptRuleOfModel(ruleFile, rule, syntax);
      if (!scriptRule || scriptRule.kind !== 'add' || scriptRule.uncertain) return undefined;
      const list = scriptRule.direction?.value === 'outbound' ? scriptRule.remotePorts : scriptRule.localPorts;
      const edit = list && inside(scriptRule.range, list.range) ? widenScriptPorts(ruleFile.text, list, ports, syntax.quotedItems) : undefined;
      return edit && [edit];
    },
    reverseRule(ruleFile, rule) {
      const scriptRule = scriptRuleOfModel(ruleFile, rule, syntax);
      return scriptRule && reverseScriptRule(ruleFile.text, scriptRule, syntax);
    },
  };
}

/** A file's reading, made once per parse of it: a fix may be asked for several times in a row. */
const readings = new WeakMap<RuleFileModel, ScriptReading>();

function readingOf(ruleFile: RuleFileModel, syntax: ScriptSyntax): ScriptReading {
  let reading = readings.get(ruleFile);
  if (!reading) readings.set(ruleFile, (reading = syntax.read(ruleFile)));
  return reading;
}

/** The parser's rule behind a model rule: the model has one rule per command read, in order. */
function scriptRuleOfModel(ruleFile: RuleFileModel, rule: RuleModel, syntax: ScriptSyntax): ScriptRule | undefined {
  return readingOf(ruleFile, syntax).rules[rule.index];
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
