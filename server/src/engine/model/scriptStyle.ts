/** How a Windows firewall script writes its commands, so a fix or generator writes the next one alike. */

/** How a command is written, so a fix or generator writes the next one alike. */
export interface ScriptStyle {
  /** The text before the first parameter, e.g. `netsh advfirewall firewall add rule` or `New-NetFirewallRule`. */
  readonly prefix: string;
  /** Canonical parameter names (see CANONICAL_PARAMETERS) in the order written. */
  readonly parameterOrder: readonly CanonicalParameter[];
  readonly quote: '"' | "'";
  /** The leading whitespace of the command's first line. */
  readonly indent: string;
  /** Present when the command is continued over lines (backtick, caret), every line but the last ending in the continuation. */
  readonly lines?: CommandLines;
}

/** How a command is spread over continued lines. */
export interface CommandLines {
  /** The line (0: the command's first) each parameter of `parameterOrder` starts on. */
  readonly lineOf: readonly number[];
  /** What ends a continued line, the blanks before it included: ` \``, ` ^`. */
  readonly continuation: string;
  /** The leading whitespace of the lines after the first. */
  readonly indent: string;
}

export const CANONICAL_PARAMETERS = [
  'name',
  'description',
  'direction',
  'action',
  'protocol',
  'localport',
  'remoteport',
  'localip',
  'remoteip',
  'program',
  'service',
  'profile',
  'enabled',
] as const;
export type CanonicalParameter = (typeof CANONICAL_PARAMETERS)[number];

/**
 * How the command at [start, end) of `text` is spread over lines ending in `marker`, given where
 * each of its parameters starts (asked only of a command on several lines: most are one line);
 * undefined when it is one line, or when a line break is not that continuation (a list going on
 * after a comma), which a new command could not copy.
 */
export function commandLines(text: string, start: number, end: number, starts: () => readonly number[], marker: string): CommandLines | undefined {
  const newline = text.indexOf('\n', start);
  if (newline === -1 || newline >= end) return undefined;
  const lines = text.slice(start, end).split('\n');
  const parameterStarts = starts();
  const continuation = new RegExp(`[ \\t]*${marker === '^' ? '\\^' : marker}\\r?$`);
  if (!lines.slice(0, -1).every((line) => continuation.test(line))) return undefined;
  if (parameterStarts.some((at) => at < start || at >= end)) return undefined;
  const lineOf = parameterStarts.map((at) => text.slice(start, at).split('\n').length - 1);
  return { lineOf, continuation: continuation.exec(lines[0])![0].replace(/\r$/, ''), indent: /^[ \t]*/.exec(lines[1])![0] };
}

/**
 * The order a command in `style` writes parameters in: the style's own order, and every other
 * parameter after the one the canonical order puts before it (a description after the name, as
 * `befw generate` writes it), so a parameter the style lacks lands among its neighbours.
 */
export function parameterSequence(style: ScriptStyle | undefined): CanonicalParameter[] {
  const sequence = [...new Set(style?.parameterOrder ?? [])];
  CANONICAL_PARAMETERS.forEach((parameter, rank) => {
    if (sequence.includes(parameter)) return;
    let at = 0;
    sequence.forEach((other, i) => {
      if (CANONICAL_PARAMETERS.indexOf(other) < rank) at = i + 1;
    });
    sequence.splice(at, 0, parameter);
  });
  return sequence;
}

/**
 * A command: `head` (indent and cmdlet or netsh prefix) and its parameters, on one line or broken
 * over lines as `style`'s command is: a parameter goes on the line its counterpart there is on; one
 * that command lacks joins the parameter before it, or gets a line of its own when that command
 * writes one parameter per line. Lines are joined with "\n".
 */
export function layoutCommand(head: string, parameters: readonly { readonly name: CanonicalParameter; readonly text: string }[], style: ScriptStyle | undefined): string {
  const lines = style?.lines;
  if (!lines) return [head, ...parameters.map((p) => p.text)].join(' ');
  const onePerLine = new Set(lines.lineOf).size === lines.lineOf.length;
  let out = head;
  let line = 0;
  for (const { name, text } of parameters) {
    const own = style.parameterOrder.indexOf(name);
    const target = own >= 0 ? lines.lineOf[own] : line;
    const breaks = onePerLine ? own < 0 || target > 0 : target > line;
    out += breaks ? `${lines.continuation}\n${lines.indent}${text}` : ` ${text}`;
    line = Math.max(line, target);
  }
  return out;
}
