import { PortSet, parsePortItem } from '../util/portSet';
import type { Action, Located, OffsetRange, PortItem, Protocol, RuleModel, RuleSyntax } from './types';

/** What a rule means, independent of where it sits in the file; computed once per rule text. */
interface RuleMeaning {
  /** Facts that also depend on one other object (the manifest's endpoint resolver); see `resolvedWith`. */
  resolved?: { readonly owner: object; readonly value: unknown };
  readonly action: Action;
  readonly protocol: Protocol;
  readonly ports: PortSet;
  readonly portItems: PortItem[];
  readonly hasPortProblem: boolean;
  readonly from: Located<string>[];
  readonly to: Located<string>[];
  readonly windowsRules: Located<string>[];
  readonly sources: readonly string[];
  readonly destinations: readonly string[];
  readonly enabled: boolean;
  readonly usable: boolean;
}

const meanings = new WeakMap<RuleSyntax, RuleMeaning>();

function meaningOf(syntax: RuleSyntax): RuleMeaning {
  let meaning = meanings.get(syntax);
  if (!meaning) meanings.set(syntax, (meaning = computeMeaning(syntax)));
  return meaning;
}

function computeMeaning(syntax: RuleSyntax): RuleMeaning {
  const texts = (list: RuleSyntax['from']) =>
    (list?.items ?? []).filter((item): item is Located<string> => typeof item.value === 'string' && item.value.trim() !== '');
  const portItems: PortItem[] = (syntax.ports?.items ?? []).map((item) => {
    const parsed = parsePortItem(item.value);
    const text = String(item.value);
    if (parsed.kind === 'interval') return { range: item.range, text, interval: parsed.interval };
    if (parsed.kind === 'any') return { range: item.range, text, any: true };
    return { range: item.range, text, problem: parsed.reason };
  });
  const ports = portItems.some((p) => p.any) ? PortSet.ALL : PortSet.of(portItems.flatMap((p) => (p.interval ? [p.interval] : [])));
  const action = syntax.action?.value;
  const protocol = syntax.protocol?.value ?? 'any';
  const validAction = action === 'allow' || action === 'block';
  const validProtocol = protocol === 'tcp' || protocol === 'udp' || protocol === 'any';
  const from = texts(syntax.from);
  const to = texts(syntax.to);
  const windowsRules = texts(syntax.windowsRules);
  return {
    action: validAction ? action : 'allow',
    protocol: validProtocol ? protocol : 'any',
    ports,
    portItems,
    hasPortProblem: portItems.some((item) => item.problem !== undefined),
    from,
    to,
    windowsRules,
    sources: from.map((f) => f.value),
    destinations: to.map((t) => t.value),
    enabled: syntax.enabled?.value ?? true,
    usable: validAction && validProtocol && from.length > 0 && to.length > 0 && (!ports.isEmpty || windowsRules.length > 0),
  };
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
    readonly syntax: RuleSyntax,
    readonly base: number,
    readonly index: number,
  ) {
    this.meaning = meaningOf(syntax);
  }

  get range(): OffsetRange {
    return this.shift(this.syntax.itemRange);
  }
  resolvedWith<T>(owner: object, compute: (rule: RuleModel) => T): T {
    // One slot, not a map: the manifest seldom changes while its rules are edited, and a slot costs no lookup.
    const slot = this.meaning.resolved;
    if (slot?.owner === owner) return slot.value as T;
    const value = compute(this);
    this.meaning.resolved = { owner, value };
    return value;
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

  private placed() {
    if (!this.absolute) {
      const locate = (items: Located<string>[]) => items.map((item) => ({ value: item.value, range: this.shift(item.range) }));
      this.absolute = {
        from: locate(this.meaning.from),
        to: locate(this.meaning.to),
        windowsRules: locate(this.meaning.windowsRules),
        portItems: this.meaning.portItems.map((item) => ({ ...item, range: this.shift(item.range) })),
      };
    }
    return this.absolute;
  }
}

export function placeRule(syntax: RuleSyntax, base: number, index: number): RuleModel {
  return new PlacedRule(syntax, base, index);
}
