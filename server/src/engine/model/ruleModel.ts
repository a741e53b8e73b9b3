import { PortSet, parsePortItem } from '../util/portSet';
import type { Action, ListSyntax, Located, OffsetRange, PortItem, Protocol, RuleModel, RuleSyntax, RuleValues } from './types';

/** What a rule means, independent of where it sits in the file; computed once per rule text. */
interface RuleMeaning {
  /** Facts that also depend on one other object (the manifest's endpoint resolver); see `resolvedWith`. Two fields, not an object: 50,000 rules. */
  resolvedOwner?: object;
  resolvedValue?: unknown;
  /** Made when first asked for (duplicate detection). */
  signature?: string;
  readonly action: Action;
  readonly protocol: Protocol;
  readonly ports: PortSet;
  readonly hasPortProblem: boolean;
  readonly sources: readonly string[];
  readonly destinations: readonly string[];
  readonly windowsRuleNames: readonly string[];
  readonly enabled: boolean;
  readonly usable: boolean;
}

const meanings = new WeakMap<RuleSyntax, RuleMeaning>();

function meaningOf(syntax: RuleSyntax): RuleMeaning {
  let meaning = meanings.get(syntax);
  if (!meaning) meanings.set(syntax, (meaning = computeMeaning(syntax.values)));
  return meaning;
}

const isName = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** Entries that name something: non-empty strings. The list itself when all do, as nearly always: no copy per rule. */
function named(values: readonly unknown[]): readonly string[] {
  return values.every(isName) ? (values as readonly string[]) : values.filter(isName);
}

function computeMeaning(values: RuleValues): RuleMeaning {
  const parsedPorts = values.ports.map(parsePortItem);
  const ports = parsedPorts.some((p) => p.kind === 'any') ? PortSet.ALL : PortSet.of(parsedPorts.flatMap((p) => (p.kind === 'interval' ? [p.interval] : [])));
  const action = values.action;
  const protocol = values.protocol ?? 'any';
  const validAction = action === 'allow' || action === 'block';
  const validProtocol = protocol === 'tcp' || protocol === 'udp' || protocol === 'any';
  const sources = named(values.from);
  const destinations = named(values.to);
  const windowsRuleNames = named(values.windowsRules);
  return {
    action: validAction ? action : 'allow',
    protocol: validProtocol ? protocol : 'any',
    ports,
    hasPortProblem: parsedPorts.some((p) => p.kind === 'malformed'),
    sources,
    destinations,
    windowsRuleNames,
    enabled: values.enabled ?? true,
    usable: validAction && validProtocol && sources.length > 0 && destinations.length > 0 && (!ports.isEmpty || windowsRuleNames.length > 0),
  };
}

/** Two rules with the same signature match and decide exactly alike. */
function signatureOf(rule: RuleModel): string {
  const sorted = (items: readonly string[]) => items.map((i) => i.trim()).sort().join(',');
  const windowsRules = rule.windowsRuleNames.length > 0 ? sorted(rule.windowsRuleNames) : '';
  return [rule.syntax.direction ?? 'both', rule.syntax.profiles?.value.join('+') ?? 'all', rule.action, rule.protocol, sorted(rule.sources), sorted(rule.destinations), rule.ports.toString(), windowsRules].join('|');
}

/**
 * A rule at its place in the file. The meaning is shared by every parse in
 * which the rule's text is unchanged; absolute ranges are made on demand, as
 * only the few rules that get a diagnostic or a fix ever need them.
 */
class PlacedRule implements RuleModel {
  private readonly meaning: RuleMeaning;
  private absolute?: Pick<RuleModel, 'from' | 'to' | 'portItems' | 'windowsRules'>;

  constructor(
    readonly uri: string,
    readonly syntax: RuleSyntax,
    readonly base: number,
    readonly index: number,
  ) {
    this.meaning = meaningOf(syntax);
  }

  get range(): OffsetRange {
    return this.shift(this.syntax.itemRange);
  }
  resolvedWith<O extends object, T>(owner: O, compute: (rule: RuleModel, owner: O) => T): T {
    // One slot, not a map: the manifest seldom changes while its rules are edited, and a slot costs no lookup.
    if (this.meaning.resolvedOwner === owner) return this.meaning.resolvedValue as T;
    const value = compute(this, owner);
    this.meaning.resolvedOwner = owner;
    this.meaning.resolvedValue = value;
    return value;
  }
  get signature(): string {
    return (this.meaning.signature ??= signatureOf(this));
  }
  get name(): string {
    return this.syntax.name?.value ?? `rule ${this.index + 1}`;
  }
  get action(): Action {
    return this.meaning.action;
  }
  get protocol(): Protocol {
    return this.meaning.protocol;
  }
  get ports(): PortSet {
    return this.meaning.ports;
  }
  get hasPortProblem(): boolean {
    return this.meaning.hasPortProblem;
  }
  get enabled(): boolean {
    return this.meaning.enabled;
  }
  get usable(): boolean {
    return this.meaning.usable;
  }
  get sources(): readonly string[] {
    return this.meaning.sources;
  }
  get destinations(): readonly string[] {
    return this.meaning.destinations;
  }
  get windowsRuleNames(): readonly string[] {
    return this.meaning.windowsRuleNames;
  }
  get from(): Located<string>[] {
    return this.placed().from;
  }
  get to(): Located<string>[] {
    return this.placed().to;
  }
  get portItems(): PortItem[] {
    return this.placed().portItems;
  }
  get windowsRules(): Located<string>[] {
    return this.placed().windowsRules;
  }

  private shift(range: OffsetRange): OffsetRange {
    return [range[0] + this.base, range[1] + this.base];
  }

  /** Ranges inside the rule: read from its syntax (a re-read for big files) only for the few rules that need them. */
  private placed() {
    if (!this.absolute) {
      const locate = (list: ListSyntax | undefined) =>
        (list?.items ?? []).filter((item): item is Located<string> => typeof item.value === 'string' && item.value.trim() !== '').map((item) => ({ value: item.value, range: this.shift(item.range) }));
      this.absolute = {
        from: locate(this.syntax.from),
        to: locate(this.syntax.to),
        windowsRules: locate(this.syntax.windowsRules),
        // A value of the wrong type is the schema's to report (BEX001): left out, as every part that cannot be read.
        portItems: (this.syntax.ports?.items ?? []).flatMap((item): PortItem[] => {
          const parsed = parsePortItem(item.value);
          const range = this.shift(item.range);
          const text = String(item.value);
          if (parsed.kind === 'interval') return [{ range, text, interval: parsed.interval }];
          if (parsed.kind === 'any') return [{ range, text, any: true }];
          return parsed.kind === 'malformed' ? [{ range, text, problem: parsed.reason }] : [];
        }),
      };
    }
    return this.absolute;
  }
}

export function placeRule(uri: string, syntax: RuleSyntax, base: number, index: number): RuleModel {
  return new PlacedRule(uri, syntax, base, index);
}
