import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { Environment, expandDelayed, expandPercents, unknownIn, type UnknownReference, type UnknownReferences, type Variable } from '../../../server/src/engine/dialects/netsh/cmdExpansion';
import { commandParts, logicalLines } from '../../../server/src/engine/dialects/netsh/cmdText';
import { MappedBuilder, spanOf, type MappedText } from '../../../server/src/engine/dialects/netsh/mappedText';

/**
 * The source maps of batch-file reading (runs of characters, found by binary search) against a
 * straightforward reading that keeps one source place per character, on random lines with `^`
 * continuations and escapes, `%VAR%` and `!VAR!` references (set, empty, unknown, unset), `%%`,
 * arguments, quotes, `&`, `|`, redirections and CRLF.
 */

/** Text with the source range of each character. */
interface Placed {
  text: string;
  from: number[];
  to: number[];
}

const placed = (): Placed => ({ text: '', from: [], to: [] });
function put(out: Placed, characters: string, from: number, to: number): void {
  for (const c of characters) {
    out.text += c;
    out.from.push(from);
    out.to.push(to);
  }
}
const copy = (out: Placed, source: Placed, a: number, b: number) => {
  for (let i = a; i < b; i++) put(out, source.text[i], source.from[i], source.to[i]);
};

function referenceLines(text: string): (Placed & { range: [number, number] })[] {
  const lines: (Placed & { range: [number, number] })[] = [];
  let line: (Placed & { range: [number, number] }) | undefined;
  let start = text.startsWith('\ufeff') ? 1 : 0;
  for (const physical of text.slice(start).split('\n')) {
    const end = start + physical.length - (physical.endsWith('\r') ? 1 : 0);
    const continued = end > start && text[end - 1] === '^';
    line ??= { ...placed(), range: [start, 0] };
    for (let i = start; i < end - (continued ? 1 : 0); i++) put(line, text[i], i, i + 1);
    line.range[1] = end - (continued ? 1 : 0);
    if (!continued || start + physical.length === text.length) {
      lines.push(line);
      line = undefined;
    }
    start += physical.length + 1;
  }
  return lines;
}

/** The value of a reference written [a, b) in `source`, put at the reference; unknown ones stay as written. */
function referenceValue(out: Placed, source: Placed, a: number, b: number, value: string | undefined): number {
  put(out, value ?? source.text.slice(a, b), source.from[a], source.to[b - 1]);
  return b;
}

function referencePercents(line: Placed, values: ReadonlyMap<string, string>): Placed {
  const out = placed();
  const { text } = line;
  for (let i = 0; i < text.length; ) {
    const argument = /^%(?:~[a-z]*)?[0-9*]/i.exec(text.slice(i, i + 16));
    const close = text.indexOf('%', i + 1);
    if (text[i] !== '%') copy(out, line, i, ++i);
    else if (text[i + 1] === '%') {
      put(out, '%', line.from[i], line.to[i + 1]);
      i += 2;
    } else if (argument) i = referenceValue(out, line, i, i + argument[0].length, undefined);
    else if (close === -1) i++;
    else i = referenceValue(out, line, i, close + 1, values.get(text.slice(i + 1, close).toLowerCase()));
  }
  return out;
}

function referenceParts(line: Placed): (Placed & { conditional: boolean; start: number; end: number })[] {
  const parts: (Placed & { conditional: boolean; start: number; end: number })[] = [];
  let part = { ...placed(), conditional: false, start: 0, end: 0 };
  let quoted = false;
  const { text } = line;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    if (quoted || !'^&|<>'.includes(c)) copy(part, line, i, i + 1);
    else if (c === '^') {
      copy(part, line, i + 1, Math.min(text.length, i + 2));
      i++;
    } else if (c === '&' || c === '|') {
      const doubled = text[i + 1] === c;
      if (part.text.trim()) parts.push({ ...part, end: i });
      part = { ...placed(), conditional: doubled, start: i + (doubled ? 2 : 1), end: 0 };
      if (doubled) i++;
    } else {
      if (/(^|\s)\d$/.test(part.text)) {
        part.text = part.text.slice(0, -1);
        part.from.pop();
        part.to.pop();
      }
      let j = i + 1 + (text[i + 1] === '>' ? 1 : 0);
      if (text[j] === '&' && /\d/.test(text[j + 1] ?? '')) j += 2;
      else {
        while (text[j] === ' ' || text[j] === '\t') j++;
        for (let inQuotes = false; j < text.length && (inQuotes || !/[\s&|<>]/.test(text[j])); j++) if (text[j] === '"') inQuotes = !inQuotes;
      }
      i = j - 1;
    }
  }
  if (part.text.trim()) parts.push({ ...part, end: text.length });
  return parts;
}

function referenceDelayed(command: Placed, delayed: boolean, values: ReadonlyMap<string, string>): Placed {
  const { text } = command;
  if (!text.includes('!')) return command; // cmd.exe's delayed phase, carets included, runs only on commands with a "!"
  const out = placed();
  for (let i = 0; i < text.length; ) {
    const close = text[i] === '!' ? text.indexOf('!', i + 1) : -1;
    const named = close > i + 1 && !/\s/.test(text.slice(i + 1, close));
    if (!delayed && named) i = referenceValue(out, command, i, close + 1, undefined);
    else if (!delayed) copy(out, command, i, ++i);
    else if (text[i] === '^') {
      copy(out, command, i + 1, Math.min(text.length, i + 2));
      i += 2;
    } else if (text[i] !== '!') copy(out, command, i, ++i);
    else if (close === -1) i++;
    else i = referenceValue(out, command, i, close + 1, values.get(text.slice(i + 1, close).toLowerCase()));
  }
  return out;
}

function assertSamePlaces(mapped: MappedText, reference: Placed, what: string): void {
  assert.equal(mapped.text, reference.text, what);
  const from = Array.from({ length: mapped.text.length }, (_, i) => mapped.map.from(i));
  const to = Array.from({ length: mapped.text.length }, (_, i) => mapped.map.to(i));
  assert.deepEqual({ from, to }, { from: reference.from, to: reference.to }, `${what}: ${JSON.stringify(mapped.text)}`);
  for (let a = 0; a <= mapped.text.length; a++) {
    assert.deepEqual(spanOf(mapped, a, a, -1), a < reference.text.length ? [reference.from[a], reference.from[a]] : [-1, -1], `${what}: empty span at ${a}`);
    if (a < mapped.text.length) assert.deepEqual(spanOf(mapped, a, mapped.text.length, -1), [reference.from[a], reference.to[reference.to.length - 1]], `${what}: span from ${a}`);
  }
}

/** The unknown references among characters [a, b), looked up one character at a time. */
function referenceUnknown(text: Placed, a: number, b: number, unknown: UnknownReferences) {
  const found: UnknownReference[] = [];
  for (let i = a; i < b; i++) {
    const reference = unknown.get(text.from[i]);
    if (reference && reference.range[1] === text.to[i] && found[found.length - 1] !== reference) found.push(reference);
  }
  return found;
}

const VARIABLES: [string, Variable][] = [
  ['p', { value: '10000,6101' }],
  ['e', { value: '' }],
  ['s', { value: 'a^&b "c|d" !p! 2>x' }],
  ['u', { unknown: 'is not known' }],
];
const VALUES = new Map(VARIABLES.flatMap(([name, variable]): [string, string][] => ('value' in variable ? [[name, variable.value]] : [])));
const PIECES = ['a', 'b', ' ', '\t', '"', '^', '&', '|', '>', '<', '2', '%', '!', 'é', '\r', '\n', '\r\n', '%p%', '%E%', '%s%', '%u%', '%z%', '%%', '%1', '%~dp0', '%*', '!p!', '!s!', '!z!', '!u!'];

describe('Source maps of batch lines: the same places as one place per character', () => {
  it('logical lines, %VAR% expansion, command parts and !VAR! expansion, on random lines', () => {
    const script = fc.tuple(fc.boolean(), fc.string({ unit: fc.constantFrom(...PIECES), maxLength: 50 }));
    fc.assert(
      fc.property(script, fc.boolean(), ([bom, body], delayed) => {
        const text = (bom ? '\ufeff' : '') + body;
        const environment = new Environment();
        for (const [name, variable] of VARIABLES) environment.set(name, variable);
        environment.delayed = delayed;
        const unknown: UnknownReferences = new Map();
        const lines = [...logicalLines(text)];
        const reference = referenceLines(text);
        assert.deepEqual(
          lines.map((line) => line.range),
          reference.map((line) => line.range),
        );
        lines.forEach((line, n) => {
          assertSamePlaces(line, reference[n], `line ${n}`);
          const expanded = expandPercents(line, environment.variables, unknown);
          const expandedReference = referencePercents(reference[n], VALUES);
          assertSamePlaces(expanded, expandedReference, `line ${n} expanded`);
          // A piece of it, as a block's brackets are cut off: segments clipped at both ends.
          const [a, b] = [Math.floor(expanded.text.length / 3), expanded.text.length - Math.floor(expanded.text.length / 4)];
          const piece = new MappedBuilder();
          piece.copy(expanded, a, b);
          const pieceReference = placed();
          copy(pieceReference, expandedReference, a, b);
          assertSamePlaces(piece.take(), pieceReference, `line ${n} [${a}, ${b})`);
          assert.deepEqual(unknownIn(expanded, a, b, unknown), referenceUnknown(expandedReference, a, b, unknown));
          const parts = commandParts(expanded);
          const partsReference = referenceParts(expandedReference);
          assert.deepEqual(
            parts.map(({ conditional, start, end }) => ({ conditional, start, end })),
            partsReference.map(({ conditional, start, end }) => ({ conditional, start, end })),
          );
          parts.forEach((part, k) => {
            assertSamePlaces(part, partsReference[k], `line ${n} part ${k}`);
            const command = expandDelayed(part, environment, unknown);
            const commandReference = referenceDelayed(partsReference[k], delayed, VALUES);
            assertSamePlaces(command, commandReference, `line ${n} part ${k} run`);
            assert.deepEqual(unknownIn(command, 0, command.text.length, unknown), referenceUnknown(commandReference, 0, command.text.length, unknown));
          });
        });
      }),
      { seed: 14, numRuns: 3000 },
    );
  });
});
