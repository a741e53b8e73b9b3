import { profilesOf } from '../windowsValues';
import type { Located, OffsetRange, SyntaxProblem } from '../../model/types';
import { excerpt } from '../../util/excerpt';
import { unknownIn, type UnknownReferences } from './cmdExpansion';
import { batchCommands, netshScriptCommands, type ScriptCommand } from './cmdScript';
import { spanOf } from './mappedText';
import type { RuleSink, ScriptList, ScriptParse, ScriptRule } from '../scriptRule';
import { commandLines, type CanonicalParameter, type ScriptStyle } from '../../model/scriptStyle';

/**
 * `netsh advfirewall firewall add rule …` and `… set rule … new enable=yes` in batch files
 * (.cmd, .bat: read as cmd.exe runs them, see cmdScript.ts) and netsh scripts (`netsh -f`).
 * Every value keeps its place in the file; a value made of a variable is placed at the variable.
 * What is known only at run time goes to `unresolved` and is never guessed.
 */

/** netsh's keyword for each parameter the rule model reads. */
export const NETSH_KEYWORDS: Readonly<Record<CanonicalParameter, string>> = {
  name: 'name',
  description: 'description',
  direction: 'dir',
  action: 'action',
  protocol: 'protocol',
  localport: 'localport',
  remoteport: 'remoteport',
  localip: 'localip',
  remoteip: 'remoteip',
  program: 'program',
  service: 'service',
  profile: 'profile',
  enabled: 'enable',
};

const PARAMETERS: Record<string, CanonicalParameter | 'ignored'> = {
  ...Object.fromEntries(Object.entries(NETSH_KEYWORDS).map(([canonical, keyword]) => [keyword, canonical as CanonicalParameter])),
  group: 'ignored',
  edge: 'ignored',
  interfacetype: 'ignored',
  security: 'ignored',
  rmtcomputergrp: 'ignored',
  rmtusrgrp: 'ignored',
  localuser: 'ignored',
  remotecomputergroup: 'ignored',
  remoteusergroup: 'ignored',
  owner: 'ignored',
  new: 'ignored',
};

const ENUMS: Partial<Record<string, readonly string[]>> = {
  dir: ['in', 'out'],
  action: ['allow', 'block', 'bypass'],
  enable: ['yes', 'no'],
};

/** Characters [a, b) of a command, as text. */
interface Span {
  readonly text: string;
  readonly a: number;
  readonly b: number;
}

interface Parameter {
  readonly key: string;
  /** Where the key is written: characters [keyStart, keyEnd) of the command. */
  readonly keyStart: number;
  readonly keyEnd: number;
  /** The value without its quotes. */
  readonly value: Span;
}

/** A token: blanks end it except inside double quotes, which are kept in its text; a quote never closed runs to the end. */
const TOKEN = /(?:[^\s"]+|"[^"]*(?:"|$))+/y;
const BLANKS = /\s*/y;

/** Whitespace-separated tokens; sticky regular expressions find their ends without making a match per token. */
function tokenize(command: ScriptCommand, problems: SyntaxProblem[]): Span[] {
  const tokens: Span[] = [];
  const { text } = command;
  for (let a = skip(BLANKS, text, 0); a < text.length; a = skip(BLANKS, text, a)) {
    const b = skip(TOKEN, text, a);
    const token = text.slice(a, b);
    // Only a token that runs to the end can hold a quote never closed: an odd number of quotes.
    if (b === text.length && token.split('"').length % 2 === 0) problems.push({ message: 'unterminated quoted value: a closing " is missing', range: spanOf(command, a, b, command.range[1]) });
    tokens.push({ text: token, a, b });
    a = b;
  }
  return tokens;
}

/** Where the sticky `pattern` stops matching from `at` on. */
function skip(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  pattern.test(text);
  return pattern.lastIndex;
}

/** The tokens after `netsh advfirewall firewall`, or undefined for any other command. */
function firewallCommand(tokens: Span[]): { verb: 'add' | 'set'; rest: Span[]; prefixEnd: number } | undefined {
  const words = tokens.slice(0, 5).map((t) => t.text.replace(/^@/, '').toLowerCase());
  let i = 0;
  if (/(^|[\\/])netsh(\.exe)?$/.test(words[0] ?? '')) i++;
  if (words[i] !== 'advfirewall' || words[i + 1] !== 'firewall') return undefined;
  const verb = words[i + 2];
  if ((verb !== 'add' && verb !== 'set') || words[i + 3] !== 'rule') return undefined;
  return { verb, rest: tokens.slice(i + 4), prefixEnd: tokens[i + 3].b };
}

function parameter(token: Span): Parameter | undefined {
  const equals = token.text.indexOf('=');
  if (equals <= 0) return undefined;
  const raw = token.text.slice(equals + 1);
  const quoted = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2;
  const a = token.a + equals + 1 + (quoted ? 1 : 0);
  const value = quoted ? raw.slice(1, -1) : raw.replace(/"/g, '');
  return { key: token.text.slice(0, equals).toLowerCase(), keyStart: token.a, keyEnd: token.a + equals, value: { text: value, a, b: quoted ? a + value.length : token.b } };
}

export interface NetshOptions {
  /** A batch file (.cmd, .bat), read as cmd.exe runs it; otherwise a netsh script (`netsh -f`), where `%` and `set` mean nothing special. */
  readonly batch?: boolean;
  /** Where each rule goes as it is read; by default, into the parse's `rules`. */
  readonly each?: RuleSink;
}

export function parseNetsh(text: string, options: NetshOptions = {}): ScriptParse {
  const problems: SyntaxProblem[] = [];
  const unresolved: SyntaxProblem[] = [];
  const rules: ScriptRule[] = [];
  const take = options.each ?? ((rule: ScriptRule) => rules.push(rule));
  // Lines cmd.exe refuses are reported first, before the problems of the commands read.
  const lineProblems: SyntaxProblem[] = [];
  const script = options.batch === false ? netshScriptCommands(text) : batchCommands(text, lineProblems);
  let hasFirewallCommands = false;
  for (const command of script.commands) {
    const commandProblems: SyntaxProblem[] = [];
    const tokens = tokenize(command, commandProblems);
    const firewall = firewallCommand(tokens);
    if (!firewall) continue;
    hasFirewallCommands = true;
    problems.push(...commandProblems);
    const rule = new CommandReader(text, command, script.unknown, problems, unresolved).read(firewall);
    if (rule) take(rule);
  }
  return { rules, problems: [...lineProblems, ...problems], unresolved, eol: text.includes('\r\n') ? '\r\n' : '\n', hasFirewallCommands };
}

/** One `add rule` or `set rule` command. */
class CommandReader {
  private readonly parameters = new Map<string, Parameter>();
  /** A value the command needs to be counted is known only at run time. */
  private uncertain = false;

  constructor(
    private readonly text: string,
    private readonly command: ScriptCommand,
    private readonly unknown: UnknownReferences,
    private readonly problems: SyntaxProblem[],
    private readonly unresolved: SyntaxProblem[],
  ) {}

  read(firewall: NonNullable<ReturnType<typeof firewallCommand>>): ScriptRule | undefined {
    const { command } = this;
    const order: CanonicalParameter[] = [];
    /** Where each parameter of `order` starts, in the command's text. */
    const starts: number[] = [];
    // In "set rule … new …", what follows "new" are the changes; only enable= matters here.
    let afterNew = false;
    const changes = new Map<string, Parameter>();
    // `%ARGS%`: parameters that are not known, reported as such after the others.
    const unknownTokens: Span[] = [];
    for (const token of firewall.rest) {
      const p = parameter(token);
      const unknownToken = !p && this.unknownAt(token).length > 0;
      if (unknownToken) unknownTokens.push(token);
      if (token.text.length === 3 && token.text.toLowerCase() === 'new') {
        afterNew = true;
        continue;
      }
      if (unknownToken) continue;
      if (!p) {
        this.problems.push({ message: `"${excerpt(token.text)}" is not a parameter (expected name=value)`, range: this.range(token) });
        continue;
      }
      const canonical = PARAMETERS[p.key];
      if (canonical === undefined) {
        this.problems.push({ message: `unknown parameter "${excerpt(p.key)}" of netsh advfirewall firewall ${firewall.verb} rule`, range: spanOf(command, p.keyStart, p.keyEnd, command.range[1]) });
        continue;
      }
      const allowed = ENUMS[p.key];
      if (allowed && this.unknownAt(p.value).length === 0 && !allowed.includes(p.value.text.toLowerCase())) {
        this.problems.push({ message: `${p.key}=${excerpt(p.value.text)}: expected ${allowed.join(', ')}`, range: this.range(p.value) });
        continue;
      }
      (afterNew ? changes : this.parameters).set(p.key, p);
      if (!afterNew && canonical !== 'ignored' && !order.includes(canonical)) {
        order.push(canonical);
        starts.push(p.keyStart);
      }
    }
    if (unknownTokens.length > 0) {
      this.uncertain = true;
      for (const token of unknownTokens) this.report(token, 'the command takes parameters from it');
    }
    const start = command.range[0] + command.indent.length;
    const prefixEnd = command.map.to(firewall.prefixEnd - 1);
    const lines = commandLines(this.text, command.range[0], command.range[1], () => starts.map((at) => command.map.from(at)), '^');
    const style: ScriptStyle = { prefix: this.text.slice(start, prefixEnd).trimStart(), parameterOrder: order.slice(), quote: '"', indent: command.indent, lines };
    return firewall.verb === 'set' ? this.enable(changes, style) : this.add(style, [start, prefixEnd]);
  }

  private enable(changes: ReadonlyMap<string, Parameter>, style: ScriptStyle): ScriptRule | undefined {
    const target = this.parameters.get('group') ?? this.parameters.get('name');
    const enable = changes.get('enable');
    if (!target || !enable || this.known(enable.value, 'enable=') === undefined) return undefined; // other changes do not concern Backup Exec flows
    return {
      range: this.command.range,
      kind: 'enable',
      predefined: { range: this.range(target.value), items: [this.located(target.value)], by: this.parameters.has('group') ? 'group' : 'name' },
      enabled: { value: enable.value.text.toLowerCase() === 'yes', range: this.range(enable.value) },
      style,
    };
  }

  private add(style: ScriptStyle, prefix: OffsetRange): ScriptRule {
    const given = (key: string) => this.parameters.get(key)?.value;
    const name = given('name');
    if (!name) this.problems.push({ message: 'netsh advfirewall firewall add rule needs name=', range: prefix });
    if (!given('action')) this.problems.push({ message: 'netsh advfirewall firewall add rule needs action=allow, block or bypass', range: prefix });
    const lower = (key: string) => {
      const value = given(key) && this.known(given(key)!, `${key}=`);
      return value && { value: value.value.toLowerCase(), range: value.range };
    };
    const dir = lower('dir');
    const enable = lower('enable');
    const rule: ScriptRule = {
      range: this.command.range,
      kind: 'add',
      name: name && this.located(name),
      description: given('description') && this.located(given('description')!),
      direction: dir && { value: dir.value === 'out' ? 'outbound' : 'inbound', range: dir.range },
      action: lower('action'),
      protocol: lower('protocol'),
      localPorts: this.list('localport'),
      remotePorts: this.list('remoteport'),
      localAddresses: this.list('localip'),
      remoteAddresses: this.list('remoteip'),
      program: given('program') && this.located(given('program')!),
      enabled: enable && { value: enable.value === 'yes', range: enable.range },
      profiles: profilesOf(this.list('profile'), this.problems, 'profile='),
      style,
    };
    return this.uncertain ? { ...rule, uncertain: true } : rule;
  }

  /** A comma list's items at their places; an unknown list is kept with no items: the rule allows nothing for certain. */
  private list(key: string): ScriptList | undefined {
    const value = this.parameters.get(key)?.value;
    if (!value) return undefined;
    const range = this.range(value);
    if (this.unknownAt(value).length > 0) {
      this.report(value, 'the value cannot be checked without running it');
      return { range, items: [] };
    }
    const items: Located<string>[] = [];
    let a = value.a;
    for (const part of value.text.split(',')) {
      const lead = part.length - part.trimStart().length;
      const item = part.trim();
      if (item) items.push(this.located({ text: item, a: a + lead, b: a + lead + item.length }));
      a += part.length + 1;
    }
    // An exact-size copy: an array grown by push keeps room for 17 items, and a script may hold 100,000 such lists.
    return { range, items: items.slice() };
  }

  /** A value the rule's meaning depends on; when it is known only at run time, the rule is not counted. */
  private known(value: Span, written: string): Located<string> | undefined {
    if (this.unknownAt(value).length === 0) return this.located(value);
    this.uncertain = true;
    this.report(value, `the rule's ${written} is not known before it runs, so the rule is not counted`);
    return undefined;
  }

  private report(span: Span, consequence: string): void {
    for (const reference of this.unknownAt(span)) {
      this.unresolved.push({ message: `${excerpt(reference.written)} ${reference.reason}; ${consequence}`, range: reference.range });
    }
  }

  private unknownAt(span: Span) {
    return unknownIn(this.command, span.a, span.b, this.unknown);
  }

  private range(span: Span): OffsetRange {
    return spanOf(this.command, span.a, span.b, this.command.range[1]);
  }

  private located(span: Span): Located<string> {
    return { value: span.text, range: this.range(span) };
  }
}
