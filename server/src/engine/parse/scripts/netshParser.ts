import type { Located, OffsetRange, SyntaxProblem } from '../../model/types';
import type { CanonicalParameter, ScriptList, ScriptParse, ScriptRule, ScriptStyle } from './scriptRule';

/**
 * `netsh advfirewall firewall add rule …` and `… set rule … new enable=yes`
 * in .cmd/.bat files and netsh scripts: `^` continuations, REM/::/# comments,
 * quoting, `set NAME=value` variables used as %NAME%.
 */

interface Token {
  readonly text: string;
  readonly range: OffsetRange;
}

/** A logical command: its physical lines joined, with a map back to file offsets. */
interface LogicalLine {
  readonly text: string;
  readonly offsets: number[];
  readonly range: OffsetRange;
  readonly indent: string;
}

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

function logicalLines(text: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let offset = 0;
  let pending: { text: string; offsets: number[]; start: number; indent: string } | undefined;
  while (offset <= text.length) {
    const newline = text.indexOf('\n', offset);
    const end = newline === -1 ? text.length : newline;
    let lineEnd = end > offset && text[end - 1] === '\r' ? end - 1 : end;
    const continued = lineEnd > offset && text[lineEnd - 1] === '^';
    if (continued) lineEnd--;
    const piece = text.slice(offset, lineEnd);
    const current = pending ?? { text: '', offsets: [], start: offset, indent: /^[ \t]*/.exec(piece)![0] };
    for (let i = 0; i < piece.length; i++) current.offsets.push(offset + i);
    current.text += piece;
    if (continued && newline !== -1) {
      // The line break after "^" joins the next line; the break itself reads as a space.
      current.text += ' ';
      current.offsets.push(lineEnd);
      pending = current;
    } else {
      lines.push({ text: current.text, offsets: current.offsets, range: [current.start, lineEnd], indent: current.indent });
      pending = undefined;
    }
    if (newline === -1) break;
    offset = newline + 1;
  }
  return lines;
}

/** Whitespace-separated tokens; double quotes group, and are kept in the token text. */
function tokenize(line: LogicalLine, problems: SyntaxProblem[]): Token[] {
  const tokens: Token[] = [];
  const at = (i: number) => (i < line.offsets.length ? line.offsets[i] : line.range[1]);
  let i = 0;
  while (i < line.text.length) {
    while (i < line.text.length && /\s/.test(line.text[i])) i++;
    if (i >= line.text.length) break;
    const start = i;
    let quoted = false;
    while (i < line.text.length && (quoted || !/\s/.test(line.text[i]))) {
      if (line.text[i] === '"') quoted = !quoted;
      i++;
    }
    if (quoted) problems.push({ message: 'unterminated quoted value: a closing " is missing', range: [at(start), at(i - 1) + 1] });
    tokens.push({ text: line.text.slice(start, i), range: [at(start), at(i - 1) + 1] });
  }
  return tokens;
}

function isComment(text: string): boolean {
  return /^\s*(@?rem(\s|$)|::|#)/i.test(text);
}

/** The tokens after `netsh advfirewall firewall`, or undefined for any other command. */
function firewallCommand(tokens: Token[]): { verb: 'add' | 'set'; rest: Token[]; prefixEnd: number } | undefined {
  const words = tokens.map((t) => t.text.replace(/^@/, '').toLowerCase());
  let i = 0;
  if (/(^|[\\/])netsh(\.exe)?$/.test(words[0] ?? '')) i++;
  if (words[i] !== 'advfirewall' || words[i + 1] !== 'firewall') return undefined;
  const verb = words[i + 2];
  if ((verb !== 'add' && verb !== 'set') || words[i + 3] !== 'rule') return undefined;
  return { verb, rest: tokens.slice(i + 4), prefixEnd: tokens[i + 3].range[1] };
}

interface Parameter {
  readonly key: string;
  readonly keyRange: OffsetRange;
  /** The value without quotes, and where it is (inside the quotes). */
  readonly value: Located<string>;
}

function parameter(token: Token): Parameter | undefined {
  const equals = token.text.indexOf('=');
  if (equals <= 0) return undefined;
  const raw = token.text.slice(equals + 1);
  const quoted = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2;
  const valueStart = token.range[0] + equals + 1 + (quoted ? 1 : 0);
  const value = quoted ? raw.slice(1, -1) : raw.replace(/"/g, '');
  return { key: token.text.slice(0, equals).toLowerCase(), keyRange: [token.range[0], token.range[0] + equals], value: { value, range: [valueStart, valueStart + value.length] } };
}

/** Splits a comma list into items with their ranges. */
function listOf(value: Located<string>): ScriptList {
  const items: Located<string>[] = [];
  let offset = 0;
  for (const part of value.value.split(',')) {
    const lead = part.length - part.trimStart().length;
    const item = part.trim();
    if (item) items.push({ value: item, range: [value.range[0] + offset + lead, value.range[0] + offset + lead + item.length] });
    offset += part.length + 1;
  }
  return { range: value.range, items };
}

/** Replaces %NAME% with values set earlier in the script; what cannot be resolved is reported. */
function expand(value: Located<string>, variables: ReadonlyMap<string, string>, unresolved: SyntaxProblem[]): Located<string> | undefined {
  if (!value.value.includes('%')) return value;
  let missing: string | undefined;
  const expanded = value.value.replace(/%([^%\s]+)%/g, (whole, name: string) => {
    const known = variables.get(name.toLowerCase());
    if (known === undefined) missing ??= whole;
    return known ?? whole;
  });
  if (missing) {
    unresolved.push({ message: `${missing} is not set to a literal earlier in this script; the value cannot be checked without running it`, range: value.range });
    return undefined;
  }
  // Expanded text no longer lines up with the file: every item points at the whole value.
  return { value: expanded, range: value.range };
}

function expandedList(value: Located<string>, original: Located<string>): ScriptList {
  if (value === original) return listOf(value);
  return { range: original.range, items: value.value.split(',').map((item) => item.trim()).filter(Boolean).map((item) => ({ value: item, range: original.range })) };
}

export function parseNetsh(text: string): ScriptParse {
  const problems: SyntaxProblem[] = [];
  const unresolved: SyntaxProblem[] = [];
  const rules: ScriptRule[] = [];
  const variables = new Map<string, string>();
  let hasFirewallCommands = false;
  for (const line of logicalLines(text)) {
    if (isComment(line.text)) continue;
    const assignment = /^\s*@?set\s+"?([A-Za-z_][\w]*)=([^"]*)"?\s*$/i.exec(line.text);
    if (assignment) {
      variables.set(assignment[1].toLowerCase(), assignment[2]);
      continue;
    }
    const lineProblems: SyntaxProblem[] = [];
    const tokens = tokenize(line, lineProblems);
    const command = firewallCommand(tokens);
    if (!command) continue;
    hasFirewallCommands = true;
    problems.push(...lineProblems);
    const rule = readRule(command, line, text, variables, problems, unresolved);
    if (rule) rules.push(rule);
  }
  return { rules, problems, unresolved, eol: text.includes('\r\n') ? '\r\n' : '\n', hasFirewallCommands };
}

function readRule(
  command: NonNullable<ReturnType<typeof firewallCommand>>,
  line: LogicalLine,
  text: string,
  variables: ReadonlyMap<string, string>,
  problems: SyntaxProblem[],
  unresolved: SyntaxProblem[],
): ScriptRule | undefined {
  const parameters = new Map<string, Parameter>();
  const order: CanonicalParameter[] = [];
  // In "set rule … new …", what follows "new" are the changes; only enable= matters here.
  let afterNew = false;
  const changes = new Map<string, Parameter>();
  for (const token of command.rest) {
    if (token.text.toLowerCase() === 'new') {
      afterNew = true;
      continue;
    }
    const p = parameter(token);
    if (!p) {
      problems.push({ message: `"${token.text}" is not a parameter (expected name=value)`, range: token.range });
      continue;
    }
    const canonical = PARAMETERS[p.key];
    if (canonical === undefined) {
      problems.push({ message: `unknown parameter "${p.key}" of netsh advfirewall firewall ${command.verb} rule`, range: p.keyRange });
      continue;
    }
    const allowed = ENUMS[p.key];
    if (allowed && !allowed.includes(p.value.value.toLowerCase())) {
      problems.push({ message: `${p.key}=${p.value.value}: expected ${allowed.join(', ')}`, range: p.value.range });
      continue;
    }
    (afterNew ? changes : parameters).set(p.key, p);
    if (!afterNew && canonical !== 'ignored' && !order.includes(canonical)) order.push(canonical);
  }
  const style: ScriptStyle = { prefix: text.slice(line.range[0], command.prefixEnd).trimStart(), parameterOrder: order, quote: '"', indent: line.indent };
  const located = (key: string) => parameters.get(key)?.value;
  const lower = (value: Located<string> | undefined) => value && { value: value.value.toLowerCase(), range: value.range };
  const list = (key: string): ScriptList | undefined => {
    const original = located(key);
    if (!original) return undefined;
    const value = expand(original, variables, unresolved);
    // An unknown value is not "any": the parameter stays, with nothing known in it, so the rule allows nothing.
    return value ? expandedList(value, original) : { range: original.range, items: [] };
  };
  if (command.verb === 'set') {
    const target = parameters.get('group') ?? parameters.get('name');
    const enable = changes.get('enable');
    if (!target || !enable) return undefined; // other changes do not concern Backup Exec flows
    return {
      range: line.range,
      kind: 'enable',
      predefined: { range: target.value.range, items: [target.value], by: parameters.has('group') ? 'group' : 'name' },
      enabled: { value: enable.value.value.toLowerCase() === 'yes', range: enable.value.range },
      style,
    };
  }
  const name = located('name');
  if (!name) problems.push({ message: 'netsh advfirewall firewall add rule needs name=', range: [line.range[0] + line.indent.length, command.prefixEnd] });
  if (!located('action')) problems.push({ message: 'netsh advfirewall firewall add rule needs action=allow, block or bypass', range: [line.range[0] + line.indent.length, command.prefixEnd] });
  const dir = lower(located('dir'));
  const enable = lower(located('enable'));
  return {
    range: line.range,
    kind: 'add',
    name,
    description: located('description'),
    direction: dir && { value: dir.value === 'out' ? 'outbound' : 'inbound', range: dir.range },
    action: lower(located('action')),
    protocol: lower(located('protocol')),
    localPorts: list('localport'),
    remotePorts: list('remoteport'),
    localAddresses: list('localip'),
    remoteAddresses: list('remoteip'),
    program: located('program'),
    enabled: enable && { value: enable.value === 'yes', range: enable.range },
    style,
  };
}
