import type { OffsetRange } from '../../model/types';
import { MappedBuilder, type MappedText } from './mappedText';

/**
 * cmd.exe's variable expansion in a batch file, as documented by `set /?` (learn.microsoft.com,
 * windows-commands/set): `%NAME%` is replaced when a line is read, before any of it runs;
 * `%NAME:~start,length%` takes a substring and `%NAME:old=new%` substitutes; with delayed
 * expansion on, `!NAME!` is replaced when the command runs. In a batch file `%%` is a `%`, `%1`
 * and `%~dp0` are the script's arguments, and a `%` without a partner is dropped.
 * Whatever a script cannot know before it runs (its arguments, the environment it is started
 * in, what the user types) becomes an UnknownReference, never a guess.
 */

/**
 * A variable's state as the script leaves it; a name the script never sets comes from the environment.
 * A value the script sets keeps the name as its `set` spells it.
 */
export type Variable = { readonly value: string; readonly name?: string } | { readonly unknown: string };

/** A reference whose value is not known before the script runs; its characters keep the text as written. */
export interface UnknownReference {
  /** As written, e.g. `%PORT%` or `!P!`. */
  readonly written: string;
  readonly range: OffsetRange;
  /** Completes "%PORT% …": why it is not known. */
  readonly reason: string;
}

/** Unknown references by the start of their range: every character a reference produced maps to that range. */
export type UnknownReferences = Map<number, UnknownReference>;

const FROM_ENVIRONMENT = 'is not set earlier in this script, so it comes from the environment the script runs in';
const ARGUMENT = 'is an argument the script is called with';
const DELAYED_OFF =
  'is expanded only when delayed expansion is on: this script does not turn it on (setlocal enabledelayedexpansion), and whether cmd.exe runs with /V:ON or the DelayedExpansion registry value is set cannot be known';

/** The variables in effect, with `setlocal`/`endlocal` scopes and the delayed expansion switch. */
export class Environment {
  variables = new Map<string, Variable>();
  delayed = false;
  private readonly scopes: { variables: Map<string, Variable>; delayed: boolean }[] = [];

  /** `setlocal [enabledelayedexpansion|disabledelayedexpansion] …`. */
  setlocal(options: string): void {
    this.scopes.push({ variables: this.variables, delayed: this.delayed });
    this.variables = new Map(this.variables);
    if (/\benabledelayedexpansion\b/i.test(options)) this.delayed = true;
    if (/\bdisabledelayedexpansion\b/i.test(options)) this.delayed = false;
  }

  /** `endlocal`: back to the variables before the matching setlocal (none: nothing changes, as in cmd.exe). */
  endlocal(): void {
    const scope = this.scopes.pop();
    if (scope) ({ variables: this.variables, delayed: this.delayed } = scope);
  }

  set(name: string, variable: Variable): void {
    this.variables.set(name.toLowerCase(), 'value' in variable ? { value: variable.value, name } : variable);
  }
}

/** Replaces `%…%` references in a line as it is read, with the variables `variables` holds then. */
export function expandPercents(line: MappedText, variables: ReadonlyMap<string, Variable>, unknown: UnknownReferences): MappedText {
  const { text, map } = line;
  if (!text.includes('%')) return line;
  const out = new MappedBuilder();
  for (let i = 0; i < text.length; ) {
    if (text[i] !== '%') {
      const percent = text.indexOf('%', i);
      const end = percent === -1 ? text.length : percent;
      out.copy(line, i, end);
      i = end;
      continue;
    }
    if (text[i + 1] === '%') {
      out.standingFor('%', map.from(i), map.to(i + 1));
      i += 2;
      continue;
    }
    const argument = /^%(?:~[a-z]*)?[0-9*]/i.exec(text.slice(i, i + 16));
    if (argument) {
      i = reference(out, line, i, i + argument[0].length, { unknown: ARGUMENT }, unknown);
      continue;
    }
    const close = text.indexOf('%', i + 1);
    if (close === -1) {
      i++; // a lone % is dropped
      continue;
    }
    i = reference(out, line, i, close + 1, lookup(text.slice(i + 1, close), variables), unknown);
  }
  return out.take();
}

/** Replaces `!…!` references in a command as it runs (delayed expansion); with it off, says what they depend on. */
export function expandDelayed(command: MappedText, environment: Environment, unknown: UnknownReferences): MappedText {
  const { text } = command;
  if (!text.includes('!')) return command;
  const out = new MappedBuilder();
  const { delayed } = environment;
  /** The first character not yet copied: plain characters are copied a run at a time. */
  let run = 0;
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c !== '!' && !(delayed && c === '^')) {
      i++;
      continue;
    }
    const close = c === '!' ? text.indexOf('!', i + 1) : -1;
    const named = close > i + 1 && !/\s/.test(text.slice(i + 1, close));
    if (!delayed && !named) {
      i++; // not a reference: the "!" is kept as written
      continue;
    }
    out.copy(command, run, i);
    if (!delayed) {
      // `!P!` stays as written unless cmd.exe itself runs with delayed expansion, which the script does not decide.
      i = run = reference(out, command, i, close + 1, { unknown: DELAYED_OFF }, unknown);
    } else if (c === '^') {
      // With delayed expansion on, a caret escapes once more (`^!` is a "!"): it is dropped, the next character kept.
      run = i + 1;
      i += 2;
    } else if (close === -1) {
      i = run = i + 1; // a lone ! is dropped
    } else {
      i = run = reference(out, command, i, close + 1, lookup(text.slice(i + 1, close), environment.variables), unknown);
    }
  }
  out.copy(command, run, text.length);
  return out.take();
}

/** The unknown references among characters [a, b) of `text`, each once, in order. */
export function unknownIn(text: MappedText, a: number, b: number, unknown: UnknownReferences): UnknownReference[] {
  const found: UnknownReference[] = [];
  text.map.forEachRun(a, b, (_, _length, from, to, step) => {
    // A reference spans two characters of the file or more (`%1`), a copied character one: only a run standing for a range can be one.
    if (step !== 0) return;
    const reference = unknown.get(from);
    if (reference && reference.range[1] === to && found[found.length - 1] !== reference) found.push(reference);
  });
  return found;
}

/** Writes the value of the reference at [a, b) into `out`, every character placed at the reference; returns b. */
function reference(out: MappedBuilder, source: MappedText, a: number, b: number, variable: Variable, unknown: UnknownReferences): number {
  const range: OffsetRange = [source.map.from(a), source.map.to(b - 1)];
  if ('value' in variable) {
    out.standingFor(variable.value, range[0], range[1]);
  } else {
    out.standingFor(source.text.slice(a, b), range[0], range[1]);
    unknown.set(range[0], { written: source.text.slice(a, b), range, reason: variable.unknown });
  }
  return b;
}

/** What `NAME` or `NAME:modifier` (the text between the `%`s) stands for. */
function lookup(inside: string, variables: ReadonlyMap<string, Variable>): Variable {
  const colon = inside.indexOf(':');
  const variable = variables.get((colon === -1 ? inside : inside.slice(0, colon)).toLowerCase());
  if (!variable) return { unknown: FROM_ENVIRONMENT };
  if (colon === -1 || !('value' in variable)) return variable;
  if (variable.value === '') return { unknown: 'is not set at this point, and what cmd.exe makes of a substring or substitution of an unset variable is not followed here' };
  const value = modified(variable.value, inside.slice(colon + 1));
  return value === undefined ? { unknown: 'uses a modifier cmd.exe documents no meaning for' } : { value };
}

/** `~start[,length]` (negative counts from the end) or `old=new` (`*old` also drops what comes before old). */
function modified(value: string, modifier: string): string | undefined {
  const substring = /^~\s*(-?\d+)\s*(?:,\s*(-?\d+)\s*)?$/.exec(modifier);
  if (substring) {
    const start = Math.max(0, Number(substring[1]) < 0 ? value.length + Number(substring[1]) : Number(substring[1]));
    const length = substring[2] === undefined ? undefined : Number(substring[2]);
    const end = length === undefined ? value.length : length < 0 ? value.length + length : start + length;
    return value.slice(start, Math.max(start, end));
  }
  const equals = modifier.indexOf('=');
  if (equals <= 0) return undefined;
  const search = modifier.slice(0, equals).toLowerCase();
  const replacement = modifier.slice(equals + 1);
  // cmd.exe compares without regard to case.
  const lower = value.toLowerCase();
  if (search.startsWith('*')) {
    const at = lower.indexOf(search.slice(1));
    return at === -1 ? value : replacement + value.slice(at + search.length - 1);
  }
  let result = '';
  let from = 0;
  for (let at = lower.indexOf(search); at !== -1; at = lower.indexOf(search, from)) {
    result += value.slice(from, at) + replacement;
    from = at + search.length;
  }
  return result + value.slice(from);
}
