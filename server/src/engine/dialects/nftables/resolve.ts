import type { OffsetRange } from '../../model/types';
import type { Token } from './lex';
import type { Atom, Define, NamedSet, Value, ValueKind } from './tree';
import { classifyAtom } from './values';

/**
 * The values a match compares with, once `@set` references and `$variables` are replaced by what the
 * file defines for them. A value a set or a variable gives is placed at the reference in the rule
 * (`at`), so a rule's ranges follow from its own text (ScriptSyntaxCache relies on it). What the file
 * does not define is known only on the host: the caller makes the rule host-only.
 */

/** What a rule sees of its table: named sets, `define`s, and the ids of its chains by name. */
export interface TableScope {
  /** `inet filter`: how messages name the table. */
  readonly label: string;
  /** Undefined for inet, which sees IPv4 and IPv6. */
  readonly family?: 4 | 6;
  readonly sets: ReadonlyMap<string, NamedSet>;
  readonly defines: ReadonlyMap<string, Define>;
  readonly chainIds: ReadonlyMap<string, string>;
}

export interface PlacedAtom {
  readonly atom: Atom;
  /** Where the rule names it: the atom itself, or the `@set` / `$variable` that stands for it. */
  readonly at: OffsetRange;
}

export type Resolved = { readonly atoms: readonly PlacedAtom[] } | { readonly unknown: string; readonly range: OffsetRange };

/** Defines may name other defines; a file whose defines loop is still read in bounded time. */
const MAX_DEFINE_DEPTH = 8;
/** Words of a define's value that only shape it (`define ports = { 22, 80 }`). */
const PUNCTUATION = new Set(['{', '}', ',']);

export function resolveValue(value: Value, kind: ValueKind, scope: TableScope): Resolved {
  if (value.kind === 'setReference') return namedSet(value.name.text, value.range, kind, scope);
  const atoms: PlacedAtom[] = [];
  const elements = value.kind === 'set' ? value.elements : value.items.map((atom) => ({ value: atom, extra: [] }));
  for (const element of elements) {
    if (element.extra.length > 0) return { unknown: 'a concatenation or element options, which befw does not evaluate', range: value.range };
    const resolved = resolveAtom(element.value, element.value.range, kind, scope, 0);
    if ('unknown' in resolved) return resolved;
    atoms.push(...resolved.atoms);
  }
  return { atoms };
}

function resolveAtom(atom: Atom, at: OffsetRange, kind: ValueKind, scope: TableScope, depth: number): Resolved {
  if (atom.kind !== 'variable') return { atoms: [{ atom, at }] };
  const define = scope.defines.get(atom.text.slice(1));
  if (!define || depth >= MAX_DEFINE_DEPTH) return { unknown: `${atom.text} is not defined in this file, so its value is known only where the ruleset is loaded`, range: at };
  const atoms: PlacedAtom[] = [];
  for (const word of define.value) {
    if (PUNCTUATION.has(word.text)) continue;
    // Problems of a define's value are nft's to report when it loads the script; here the value is only read.
    const token: Token = { kind: 'word', text: word.text, range: word.range, span: word.range };
    const resolved = resolveAtom(classifyAtom(token, kind, []), at, kind, scope, depth + 1);
    if ('unknown' in resolved) return resolved;
    atoms.push(...resolved.atoms);
  }
  return { atoms };
}

/**
 * The elements `nft list ruleset` prints in the set's `elements = { … }`. A set without that line is
 * empty or was listed without its contents, and a set the ruleset fills itself (flags dynamic,
 * timeouts) changes at run time: both are known only on the host.
 */
function namedSet(name: string, at: OffsetRange, kind: ValueKind, scope: TableScope): Resolved {
  const set = scope.sets.get(name);
  const written = `@${name}`;
  if (!set) return { unknown: `${written} is a set that is not in table ${scope.label} of this file, so its members are known only on the host`, range: at };
  const flags = set.flags.map((flag) => flag.text).filter((flag) => flag !== ',');
  if (flags.includes('dynamic') || flags.includes('timeout')) {
    return { unknown: `${written} is a set the ruleset fills while it runs (flags ${flags.join(',')}), so its members are known only on the host`, range: at };
  }
  if (set.elements.length === 0) return { unknown: `${written} lists no elements here (an empty set, or a listing made without set contents), so its members are known only on the host`, range: at };
  if (set.valueKind !== kind) return { unknown: `${written} holds values of type ${set.type.map((w) => w.text).join(' ')}, which befw does not compare here`, range: at };
  const atoms: PlacedAtom[] = [];
  for (const element of set.elements) {
    if (element.extra.length > 0) return { unknown: `${written} has elements with concatenations or options, which befw does not evaluate`, range: at };
    const resolved = resolveAtom(element.value, at, kind, scope, 0);
    if ('unknown' in resolved) return resolved;
    atoms.push(...resolved.atoms);
  }
  return { atoms };
}
