import { profilesOf } from '../windowsValues';
import type { Located, OffsetRange, SyntaxProblem } from '../../model/types';
import { excerpt } from '../../util/excerpt';
import { CMDLETS, FIELDS, READS, SELECTORS, SPELLING, resolveParameter, type Cmdlet, type Field } from './parameters';
import { tokenize, type Token } from './tokens';
import { Script, type Statement, type Value } from './values';
import type { RuleSink, ScriptDirection, ScriptList, ScriptParse, ScriptRule } from '../scriptRule';
import { commandLines, type CanonicalParameter, type ScriptStyle } from '../../model/scriptStyle';

/**
 * Windows PowerShell firewall scripts (NetSecurity module): `New-NetFirewallRule` becomes an `add`
 * rule; `Enable-`/`Disable-NetFirewallRule`, `Set-NetFirewallRule -Enabled` and
 * `Get-NetFirewallRule … | Enable-NetFirewallRule` become `enable` rules. Everything else in the
 * script is read only for the literals it assigns to variables (`$port = 10000`,
 * `$params = @{ … }` for splatting). Values that are not literals are never guessed: they go to
 * `unresolved` and their parameter is left out of the rule.
 *
 * Ranges: a quoted item's range is the text INSIDE its quotes; a variable's items all get the range
 * of the variable where the command USES it; a splatted value points into the hashtable literal.
 * A rule's range starts at the beginning of its line when only blanks precede the command there
 * (so `range[0] + style.indent.length` is the command), otherwise at the command itself.
 *
 * Variables are followed in text order: the latest `$x = <literal>` before the use counts, unless
 * it sits in a `{ }` block (if, loop, function) that does not also hold the use. Loop variables,
 * `param( )` variables, `$x += …`, `$x.Key = …` and the environment are never followed.
 *
 * Commands in any `{ }` block are read, `Invoke-Command -ScriptBlock { … }` and `-CimSession` or
 * `-PolicyStore` targets included, as if for this computer. Not read: commands inside a
 * double-quoted `$( )`, `&`-calls, `Copy-`/`Remove-`/`Rename-NetFirewallRule`, netsh lines.
 */

const MAX_PROBLEMS = 200;

const DIRECTIONS: Record<string, ScriptDirection> = { inbound: 'inbound', outbound: 'outbound' };
const ACTIONS: Record<string, string> = { allow: 'allow', block: 'block', notconfigured: 'notconfigured' };
const BOOLEANS: Record<string, boolean> = { true: true, false: false };
/** Parameters whose value, when known only at run time, leaves the whole rule unknown. */
const RUN_TIME_SENSITIVE: Field[] = ['direction', 'protocol', 'enabled'];

interface Given {
  readonly nameRange: OffsetRange;
  readonly value: Value;
}

/** The parameters of one cmdlet in a pipeline. */
interface Collected {
  readonly cmdlet: Cmdlet;
  readonly head: Token;
  readonly values: Map<Field, Given>;
  readonly order: CanonicalParameter[];
  /** Where each parameter of `order` is named: in the command, or in a splatted hashtable. */
  readonly starts: number[];
  quote?: "'" | '"';
  /** A splat that could not be followed: what is missing is not known. */
  uncertain: boolean;
  readonly end: number;
}

/** `each` takes every rule as it is read; by default the rules go into the parse's `rules`. */
export function parsePowerShell(text: string, each?: RuleSink): ScriptParse {
  const { tokens, problems } = tokenize(text);
  const script = new Script(text, tokens, problems);
  const rules: ScriptRule[] = [];
  const reader = new CommandReader(text, script, problems, each ?? ((rule) => rules.push(rule)));
  for (const statement of script.statements) {
    reader.brokenContinuation(statement);
    const from = script.statement(statement);
    if (from >= 0) reader.pipeline(from, statement.end);
  }
  return {
    rules,
    problems: unique(problems).slice(0, MAX_PROBLEMS),
    unresolved: unique(reader.unresolved).slice(0, MAX_PROBLEMS),
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    hasFirewallCommands: reader.hasFirewallCommands,
  };
}

/** Problems in document order, each (message, range) once: a splatted hashtable is read by every command using it. */
function unique(problems: SyntaxProblem[]): SyntaxProblem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = `${p.range[0]}:${p.range[1]}:${p.message}`;
      return !seen.has(key) && seen.add(key) !== undefined;
    })
    .sort((a, b) => a.range[0] - b.range[0]);
}

class CommandReader {
  readonly unresolved: SyntaxProblem[] = [];
  hasFirewallCommands = false;
  private readonly tokens: readonly Token[];
  private lineStarts?: number[];
  private readonly indents = new Map<number, string>();
  /** The last token of the last firewall command that ended a statement. */
  private lastCommandEnd = -1;
  /** Per cmdlet and written name: the field, or the names it is ambiguous between. */
  private readonly resolved = new Map<string, Field | string[] | undefined>();

  constructor(
    private readonly text: string,
    private readonly script: Script,
    private readonly problems: SyntaxProblem[],
    private readonly take: RuleSink,
  ) {
    this.tokens = script.tokens;
  }

  /** One statement from token `from`: its pipeline elements, `Get-NetFirewallRule` feeding the next. */
  pipeline(from: number, end: number): void {
    let source: Collected | undefined;
    let first = true;
    for (const [a, b] of this.elements(from, end)) {
      const head = this.tokens[a];
      const cmdlet = head?.kind === 'word' ? CMDLETS.get(head.value.toLowerCase().replace(/^netsecurity\\/, '')) : undefined;
      if (!cmdlet) {
        source = undefined;
        first = false;
        continue;
      }
      if (cmdlet !== 'get') this.hasFirewallCommands = true;
      const collected = this.collect(cmdlet, a, b);
      if (cmdlet === 'new') this.addRule(collected);
      else if (cmdlet !== 'get') this.enableRule(collected, source, first);
      source = cmdlet === 'get' ? collected : undefined;
      first = false;
      this.lastCommandEnd = b - 1;
    }
  }

  /**
   * A statement starting with a parameter right after a firewall command: a line continuation that
   * is not one (no backtick, or blanks after it). PowerShell runs the command without the rest.
   */
  brokenContinuation(statement: Statement): void {
    const first = this.tokens[statement.start];
    if (first?.kind !== 'param' || statement.frame !== 'code') return;
    let previous = statement.start - 1;
    while (previous >= 0 && this.tokens[previous].kind === 'newline') previous--;
    if (previous < 0 || previous !== this.lastCommandEnd) return;
    const written = this.text.slice(first.start, first.end);
    // "` " at the end of a line is an escaped blank: a word of its own.
    const end = this.tokens[previous].end;
    const why = /`[ \t]+(\r?\n|\r)/.test(this.text.slice(Math.max(this.tokens[previous].start, end - 2), first.start))
      ? 'the backtick ending the line before is followed by blanks, so it does not continue the line'
      : 'the line before does not end with a backtick (`), so PowerShell runs the command without it';
    this.problems.push({ message: `${excerpt(written)} is not part of the command above: ${why}`, range: [first.start, first.end] });
  }

  /** Pipeline elements [a, b) of tokens [from, end), split at `|` outside brackets. */
  private elements(from: number, end: number): [number, number][] {
    const elements: [number, number][] = [];
    let a = from;
    for (let i = from; i <= end; i++) {
      const token = this.tokens[i];
      if (i === end || token.kind === 'pipe') {
        while (a < i && this.tokens[a].kind === 'newline') a++;
        let b = i;
        while (b > a && this.tokens[b - 1].kind === 'newline') b--;
        if (b > a) elements.push([a, b]);
        a = i + 1;
      } else if (token.kind === 'open') i = Math.min(this.script.match[i], end - 1);
    }
    return elements;
  }

  private collect(cmdlet: Cmdlet, a: number, b: number): Collected {
    const { tokens, script } = this;
    const collected: Collected = { cmdlet, head: tokens[a], values: new Map(), order: [], starts: [], uncertain: false, end: tokens[b - 1].end };
    for (let i = a + 1; i < b; ) {
      const token = tokens[i];
      if (token.kind === 'newline') {
        i++;
        continue;
      }
      if (token.kind === 'splat') {
        this.splat(collected, token, i);
        i++;
        continue;
      }
      if (token.kind === 'string') collected.quote ??= token.quote;
      if (token.kind !== 'param') {
        i = Math.max(script.argument(i, b).next, i + 1);
        continue;
      }
      const field = this.parameter(cmdlet, token.value, [token.start, token.end]);
      const next = tokens[i + 1];
      const hasValue = i + 1 < b && next !== undefined && (token.colon || isValueStart(next));
      if (!field || !READS[cmdlet].has(field)) {
        i = token.colon && hasValue ? script.argument(i + 1, b).next : i + 1;
        continue;
      }
      if (!hasValue) {
        this.problems.push({ message: `-${SPELLING[field]} needs a value`, range: [token.start, token.end] });
        i++;
        continue;
      }
      if (next.kind === 'string') collected.quote ??= next.quote;
      const { value, next: after } = script.argument(i + 1, b);
      this.record(collected, field, [token.start, token.end], value);
      i = Math.max(after, i + 2);
    }
    return collected;
  }

  /** `@params`: the entries of the hashtable literal `$params` holds, as if written here. */
  private splat(collected: Collected, token: Token, at: number): void {
    const table = this.script.hashtable(token.value, at);
    const written = this.text.slice(token.start, token.end);
    if (typeof table === 'string') {
      collected.uncertain = true;
      this.unresolved.push({
        message: `${this.text.slice(collected.head.start, collected.head.end)} ${excerpt(written)} uses $${excerpt(written.slice(1))}, ${table}; its parameters cannot be checked without running the script`,
        range: [token.start, token.end],
      });
      return;
    }
    collected.quote ??= table.quote;
    for (const entry of table.entries) {
      const field = this.parameter(collected.cmdlet, entry.key, entry.keyRange);
      if (field && READS[collected.cmdlet].has(field)) this.record(collected, field, entry.keyRange, entry.value);
    }
  }

  private record(collected: Collected, field: Field, nameRange: OffsetRange, value: Value): void {
    if (collected.values.has(field)) {
      this.problems.push({ message: `-${SPELLING[field]} is given more than once`, range: nameRange });
      return;
    }
    const canonical = FIELDS[field][1];
    if (canonical && !collected.order.includes(canonical)) {
      collected.order.push(canonical);
      collected.starts.push(nameRange[0]);
    }
    collected.values.set(field, { nameRange, value });
  }

  /** The field `written` names for `cmdlet`; an ambiguous abbreviation is a problem (PowerShell stops there too). */
  private parameter(cmdlet: Cmdlet, written: string, range: OffsetRange): Field | undefined {
    const key = `${cmdlet} ${written}`;
    if (!this.resolved.has(key)) this.resolved.set(key, resolveParameter(cmdlet, written));
    const field = this.resolved.get(key);
    if (!Array.isArray(field)) return field;
    const shown = this.text.slice(range[0], range[1]).replace(/^[-\u2013\u2014\u2015]|:$/g, '');
    this.problems.push({ message: `-${excerpt(shown)} is ambiguous: it could be ${field.slice(0, -1).join(', ')} or ${field[field.length - 1]}; write the parameter name in full`, range });
    return undefined;
  }

  private addRule(collected: Collected): void {
    const name = this.single(collected, 'displayname') ?? this.single(collected, 'name');
    if (!name && !collected.uncertain && !collected.values.has('displayname') && !collected.values.has('name')) {
      this.problems.push({ message: `${collected.head.value} needs -DisplayName`, range: [collected.head.start, collected.head.end] });
    }
    const fields = this.ruleFields(collected, collected);
    this.take(defined(fields, { kind: 'add', name, description: this.single(collected, 'description') }));
  }

  private enableRule(collected: Collected, source: Collected | undefined, first: boolean): void {
    const own = SELECTORS.find((field) => collected.values.has(field));
    const from = own ? collected : source && SELECTORS.some((field) => source.values.has(field)) ? source : undefined;
    const head = this.text.slice(collected.head.start, collected.head.end);
    let enabled: Located<boolean> | undefined = { value: collected.cmdlet === 'enable', range: [collected.head.start, collected.head.end] };
    if (collected.cmdlet === 'set') {
      enabled = this.choice(collected, 'enabled', BOOLEANS, 'True or False');
      if (!enabled) return;
    }
    if (!from) {
      if (!collected.uncertain) {
        const why = first ? 'without -DisplayGroup, -DisplayName or -Name' : 'on rules from the pipeline';
        this.unresolved.push({ message: `${head} ${why}: which rules it changes cannot be known without running the script`, range: [collected.head.start, collected.head.end] });
      }
      return;
    }
    const field = SELECTORS.find((f) => from.values.has(f))!;
    const selected = this.list(from, field);
    if (!selected) return;
    const start = from === source ? source : collected;
    const predefined: ScriptRule['predefined'] = { ...selected, by: field === 'displaygroup' || field === 'group' ? 'group' : 'name' };
    this.take(defined(this.ruleFields(collected, start), { kind: 'enable', predefined, enabled }));
  }

  /** What `New-` and `Set-NetFirewallRule` share; `start` is the first cmdlet of the rule's pipeline. */
  private ruleFields(collected: Collected, start: Collected): Omit<ScriptRule, 'kind'> {
    const protocol = this.single(collected, 'protocol');
    const protocolOk = protocol && /^(tcp|udp|icmpv4|icmpv6|any|\d{1,3})$/i.test(protocol.value) && !(Number(protocol.value) > 255);
    if (protocol && !protocolOk) this.problems.push({ message: `-Protocol must be TCP, UDP, ICMPv4, ICMPv6, Any or a protocol number 0-255, not "${excerpt(protocol.value)}"`, range: protocol.range });
    const order = start === collected ? collected.order : [...start.order, ...collected.order.filter((p) => !start.order.includes(p))];
    return {
      range: [this.ruleStart(start.head.start), collected.end],
      direction: this.choice(collected, 'direction', DIRECTIONS, 'Inbound or Outbound'),
      action: this.choice(collected, 'action', ACTIONS, 'Allow, Block or NotConfigured'),
      protocol: protocol && protocolOk ? { value: protocol.value.toLowerCase(), range: protocol.range } : undefined,
      localPorts: this.list(collected, 'localport'),
      remotePorts: this.list(collected, 'remoteport'),
      localAddresses: this.list(collected, 'localaddress'),
      remoteAddresses: this.list(collected, 'remoteaddress'),
      program: this.single(collected, 'program'),
      enabled: collected.cmdlet === 'new' ? this.choice(collected, 'enabled', BOOLEANS, 'True or False') : undefined,
      profiles: profilesOf(this.list(collected, 'profile'), this.problems, '-Profile'),
      // Inbound, any protocol and enabled are what a command without these parameters means; an unknown value is not that.
      uncertain: collected.uncertain || RUN_TIME_SENSITIVE.some((field) => collected.values.get(field)?.value.opaque) || undefined,
      style: this.style(start, collected, order),
    };
  }

  /** The items of a parameter; none (and reported) when they are not known; undefined when it is not given. */
  private list(collected: Collected, field: Field): ScriptList | undefined {
    const given = collected.values.get(field);
    if (!given) return undefined;
    const { value } = given;
    if (value.opaque) {
      if (!value.opaque.silent) {
        this.unresolved.push({ message: `-${SPELLING[field]} uses ${excerpt(value.opaque.text)}, ${value.opaque.reason}; it cannot be checked without running the script`, range: value.opaque.range });
      }
      // Not "any": the parameter is there, but nothing in it is known, so the rule allows nothing.
      return { range: value.opaque.range, items: [] };
    }
    if (value.items.length === 0) {
      this.problems.push({ message: `-${SPELLING[field]} needs a value`, range: given.nameRange });
      return undefined;
    }
    // An exact-size copy: an array grown by push keeps room for 17 items, and a script may hold 100,000 such lists.
    return { range: value.range, items: value.items.slice() };
  }

  private single(collected: Collected, field: Field): Located<string> | undefined {
    const list = this.list(collected, field);
    if (list && list.items.length > 1) this.problems.push({ message: `-${SPELLING[field]} takes a single value, not a list`, range: list.range });
    return list?.items.length === 1 ? list.items[0] : undefined;
  }

  private choice<T>(collected: Collected, field: Field, allowed: Record<string, T>, names: string): Located<T> | undefined {
    const item = this.single(collected, field);
    if (!item) return undefined;
    const key = item.value.toLowerCase();
    if (Object.prototype.hasOwnProperty.call(allowed, key)) return { value: allowed[key], range: item.range };
    this.problems.push({ message: `-${SPELLING[field]} must be ${names}, not "${excerpt(item.value)}"`, range: item.range });
    return undefined;
  }

  private style(start: Collected, collected: Collected, order: CanonicalParameter[]): ScriptStyle {
    return {
      prefix: this.text.slice(start.head.start, start.head.end),
      parameterOrder: order.slice(),
      quote: start.quote ?? collected.quote ?? "'",
      indent: this.indent(start.head.start),
      lines: start === collected ? commandLines(this.text, this.ruleStart(collected.head.start), collected.end, () => collected.starts, '`') : undefined,
    };
  }

  /** The start of the line when only blanks precede `offset` on it, else `offset`. */
  private ruleStart(offset: number): number {
    const line = this.lineStart(offset);
    return line + this.indent(offset).length === offset ? line : offset;
  }

  private indent(offset: number): string {
    const line = this.lineStart(offset);
    let indent = this.indents.get(line);
    if (indent === undefined) {
      let end = line;
      while (end < offset && (this.text[end] === ' ' || this.text[end] === '\t')) end++;
      indent = this.text.slice(line, end);
      this.indents.set(line, indent);
    }
    return indent;
  }

  private lineStart(offset: number): number {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = 0; i < this.text.length; i++) {
        const c = this.text[i];
        if (c === '\n' || (c === '\r' && this.text[i + 1] !== '\n')) this.lineStarts.push(i + 1);
      }
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return starts[lo];
  }
}

/**
 * `{ ...fields, ...more }` without its absent fields, made field by field in one pass: a spread of
 * that many fields is slow, and deleting fields would turn every rule into a dictionary object,
 * several times larger (50,000 rules).
 */
function defined(fields: Omit<ScriptRule, 'kind'>, more: Partial<ScriptRule>): ScriptRule {
  const rule: Record<string, unknown> = {};
  const given = (key: string): unknown => (key in more ? more[key as keyof ScriptRule] : fields[key as keyof typeof fields]);
  for (const key in fields) if (given(key) !== undefined) rule[key] = given(key);
  for (const key in more) if (!(key in fields) && given(key) !== undefined) rule[key] = given(key);
  return rule as unknown as ScriptRule;
}

function isValueStart(token: Token): boolean {
  return token.kind === 'word' || token.kind === 'string' || token.kind === 'variable' || token.kind === 'open' || token.kind === 'type' || token.kind === 'splat';
}
