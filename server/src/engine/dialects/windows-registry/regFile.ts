import type { OffsetRange, SyntaxProblem } from '../../model/types';
import { excerpt } from '../../util/excerpt';

/**
 * The text of a regedit export (.reg), line by line: the header, `[KEY]` and
 * `[-KEY]` lines, `"Name"=…` and `@=…` values, `;` comments. Sources: FORMATS.md
 * 1b ("`.reg` export text layout"; escaping per Wine/ReactOS reg export.c: `\\`
 * and `\"` inside strings; only hex values wrap, with a trailing `\`). The text
 * arrives decoded (regedit writes UTF-16LE with a BOM, util/decodeText.ts).
 */

/** A quoted string of the file without its escapes, mapping each character back to the file. */
export class MappedString {
  constructor(
    readonly text: string,
    /** Offset of the first character after the opening quote. */
    private readonly start: number,
    /** Indexes in `text` of the characters written as a two-character escape. */
    private readonly escapes: readonly number[],
  ) {}

  /** Where the character at `index` of the text (or the text's end) is written in the file. */
  offsetOf(index: number): number {
    // The number of escapes before `index`, by binary search: a long string may hold many.
    let low = 0;
    let high = this.escapes.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.escapes[middle] < index) low = middle + 1;
      else high = middle;
    }
    return this.start + index + low;
  }

  rangeOf(from: number, to: number): OffsetRange {
    return [this.offsetOf(from), this.offsetOf(to)];
  }
}

export type RegData =
  | { readonly kind: 'string'; readonly value: MappedString; readonly range: OffsetRange }
  | { readonly kind: 'dword'; readonly value: number; readonly range: OffsetRange }
  /** `"Name"=-`: the import deletes the value. */
  | { readonly kind: 'delete'; readonly range: OffsetRange }
  /** hex(…): binary, multi-string and expandable values: nothing a firewall rule is written in. */
  | { readonly kind: 'other'; readonly range: OffsetRange };

export interface RegValue {
  /** Unescaped; '' for the default value `@`. */
  readonly name: string;
  /** The name as written, quotes included (`"{GUID}"`, `@`). */
  readonly nameRange: OffsetRange;
  /** The name without its quotes (`@` for the default value): where notes on the value go. */
  readonly idRange: OffsetRange;
  readonly data: RegData;
  /** From the name to the end of the data, continuation lines included, line break excluded. */
  readonly range: OffsetRange;
  /** 1-based, for messages. */
  readonly line: number;
}

export interface RegKey {
  /** As written, without the brackets and the deleting `-`. */
  readonly path: string;
  readonly pathRange: OffsetRange;
  /** `[-KEY]`: the import deletes the key and everything under it. */
  readonly deleted: boolean;
  readonly line: number;
  readonly values: RegValue[];
  /** Just after the line break of the key's last line (its last value's, or its own). */
  end: number;
}

export interface RegFile {
  readonly keys: RegKey[];
  readonly problems: SyntaxProblem[];
  readonly eol: '\n' | '\r\n';
  /** The first line's range: where a missing header is reported. */
  readonly headerRange: OffsetRange;
}

/** The two headers regedit writes: Unicode exports, and `regedit /a` ANSI ones (FORMATS.md 1b). */
export const REGEDIT_HEADER = /^\uFEFF?(?:Windows Registry Editor Version 5\.00|REGEDIT4)[ \t]*$/;

interface Line {
  readonly start: number;
  /** Before the line break. */
  readonly end: number;
  /** After the line break. */
  readonly next: number;
}

function lineAt(text: string, start: number): Line {
  const newline = text.indexOf('\n', start);
  if (newline === -1) return { start, end: text.length, next: text.length };
  return { start, end: newline > start && text[newline - 1] === '\r' ? newline - 1 : newline, next: newline + 1 };
}

/** Reads every line; bad lines become problems and are skipped, never thrown. */
export function readRegFile(text: string): RegFile {
  const keys: RegKey[] = [];
  const problems: SyntaxProblem[] = [];
  const first = lineAt(text, 0);
  let at = 0;
  let number = 1;
  if (REGEDIT_HEADER.test(text.slice(first.start, first.end))) {
    at = first.next;
    number = 2;
  } else {
    problems.push({
      message: 'this is not a regedit export: its first line must be "Windows Registry Editor Version 5.00" (or "REGEDIT4" for an ANSI export); export the key again with regedit or reg export',
      range: [first.start, Math.max(first.start, first.end)],
    });
  }
  let key: RegKey | undefined;
  /** The last key line could not be read: the values below it have no key. */
  let lostKey = false;
  for (; at < text.length; number++) {
    const line = lineAt(text, at);
    at = line.next;
    const indent = /^[ \t]*/.exec(text.slice(line.start, Math.min(line.end, line.start + 200)))![0].length;
    const start = line.start + indent;
    const head = text[start];
    if (start >= line.end || head === ';') continue;
    if (head === '[') {
      key = readKey(text, start, line, number, problems);
      lostKey = !key;
      if (key) keys.push(key);
      continue;
    }
    if (head !== '"' && head !== '@') {
      problems.push({ message: `"${excerpt(text.slice(start, line.end))}" is not a [key], a "name"=value line or a ; comment`, range: [start, line.end] });
      continue;
    }
    if (!key) {
      const why = lostKey ? 'the [key] line above it cannot be read' : 'it comes before any [key] line';
      problems.push({ message: `${why}, so regedit has no key to write this value in`, range: [start, line.end] });
      continue;
    }
    const value = readValue(text, start, line, number, problems);
    if (!value) continue;
    key.values.push(value.value);
    // A hex value continued over several lines: the lines after the first are its own.
    at = value.next;
    number += value.extraLines;
    key.end = at;
  }
    // A file without line breaks gets regedit's own.
  return { keys, problems, eol: text.includes('\r\n') || !text.includes('\n') ? '\r\n' : '\n', headerRange: [first.start, first.end] };
}

function readKey(text: string, start: number, line: Line, number: number, problems: SyntaxProblem[]): RegKey | undefined {
  const close = text.lastIndexOf(']', line.end - 1);
  if (close < start || text.slice(close + 1, line.end).trim() !== '') {
    problems.push({ message: 'a key line must end with "]": [HKEY_LOCAL_MACHINE\\…]', range: [start, line.end] });
    return undefined;
  }
  const deleted = text[start + 1] === '-';
  const pathStart = start + (deleted ? 2 : 1);
  return { path: text.slice(pathStart, close), pathRange: [pathStart, close], deleted, line: number, values: [], end: line.next };
}

/** Reads a quoted string from `open` (the quote); undefined when it is not closed on the line. */
function readQuoted(text: string, open: number, end: number): { value: MappedString; close: number } | undefined {
  const parts: string[] = [];
  const escapes: number[] = [];
  let length = 0;
  let from = open + 1;
  for (let i = from; i < end; i++) {
    const char = text[i];
    if (char === '"') {
      parts.push(text.slice(from, i));
      return { value: new MappedString(parts.join(''), open + 1, escapes), close: i };
    }
    // `\\` and `\"` are the escapes regedit writes; any other backslash stands for itself.
    if (char === '\\' && (text[i + 1] === '\\' || text[i + 1] === '"')) {
      parts.push(text.slice(from, i), text[i + 1]);
      length += i - from;
      escapes.push(length);
      length += 1;
      from = i + 2;
      i++;
    }
  }
  return undefined;
}

const DWORD = /^dword:([0-9a-fA-F]{1,8})[ \t]*$/;
const HEX = /^hex(?:\([0-9a-fA-F]{1,8}\))?:/i;

function readValue(text: string, start: number, line: Line, number: number, problems: SyntaxProblem[]): { value: RegValue; next: number; extraLines: number } | undefined {
  let name: { value: MappedString; close: number } | undefined;
  if (text[start] === '@') name = { value: new MappedString('', start, []), close: start };
  else name = readQuoted(text, start, line.end);
  if (!name) {
    problems.push({ message: 'the value name has no closing quote (write \\" for a quote inside it)', range: [start, line.end] });
    return undefined;
  }
  const nameRange: OffsetRange = [start, name.close + 1];
  const equals = /^[ \t]*=[ \t]*/.exec(text.slice(name.close + 1, line.end));
  if (!equals) {
    problems.push({ message: 'expected = after the value name', range: [name.close + 1, Math.max(name.close + 1, line.end)] });
    return undefined;
  }
  const dataStart = name.close + 1 + equals[0].length;
  const rest = text.slice(dataStart, line.end);
  const value = (data: RegData, end: number, next = line.next, extraLines = 0) => ({
    value: { name: name.value.text, nameRange, idRange: (text[start] === '@' ? nameRange : [start + 1, name.close]) as OffsetRange, data, range: [start, end] as OffsetRange, line: number },
    next,
    extraLines,
  });
  if (text[dataStart] === '"') {
    const data = readQuoted(text, dataStart, line.end);
    if (!data) {
      problems.push({ message: 'the string has no closing quote on this line (write \\" for a quote inside it, \\\\ for a backslash)', range: [dataStart, line.end] });
      return undefined;
    }
    const after = text.slice(data.close + 1, line.end).trim();
    if (after !== '' && !after.startsWith(';')) {
      problems.push({ message: `unexpected "${excerpt(after)}" after the closing quote; a quote inside the string is written \\"`, range: [data.close + 1, line.end] });
      return undefined;
    }
    return value({ kind: 'string', value: data.value, range: [dataStart, data.close + 1] }, data.close + 1);
  }
  if (/^-[ \t]*$/.test(rest)) return value({ kind: 'delete', range: [dataStart, dataStart + 1] }, dataStart + 1);
  const dword = DWORD.exec(rest);
  if (dword) return value({ kind: 'dword', value: parseInt(dword[1], 16), range: [dataStart, dataStart + rest.trimEnd().length] }, dataStart + rest.trimEnd().length);
  if (HEX.test(rest)) {
    // Continuation lines end in "\" (FORMATS.md 1b): skip them, counting the lines.
    let last: Line = line;
    let extraLines = 0;
    while (/\\[ \t]*$/.test(text.slice(last.start, last.end)) && last.next < text.length) {
      last = lineAt(text, last.next);
      extraLines++;
    }
    return value({ kind: 'other', range: [dataStart, last.end] }, last.end, last.next, extraLines);
  }
  problems.push({ message: `"${excerpt(rest)}" is not value data regedit reads: expected "text", dword:00000001, hex:… or - (to delete the value)`, range: [dataStart, Math.max(dataStart, line.end)] });
  return undefined;
}
