import type { OffsetRange } from '../../model/types';

/**
 * Text as cmd.exe sees it at some phase of reading a batch file, each character mapped to the
 * source it stands for: a character of the file maps to itself, a character an expanded variable
 * produced maps to the whole reference (`%P%`), so every value keeps an exact place in the file.
 */
export interface MappedText {
  readonly text: string;
  readonly map: SourceMap;
}

/*
 * A map is a list of segments, 4 numbers each in one flat array: the index of the segment's first
 * character in the text, then that character's source start and end, then its step. Step 1: the
 * segment is copied from the file, so the next character's source is one further on. Step 0:
 * every character of the segment stands for the same source range (an expanded reference).
 * A segment ends where the next one starts. Storing runs instead of one place per character keeps
 * a line's map to a few numbers however long the line is.
 */
const STRIDE = 4;
const START = 0;
const FROM = 1;
const TO = 2;
const STEP = 3;

/** Where each character of a MappedText's text is written in the file. */
export class SourceMap {
  constructor(private readonly segments: readonly number[]) {}

  /** The start of character i's source; i must be a character of the text. */
  from(i: number): number {
    const s = this.segmentOf(i);
    return this.segments[s + FROM] + (i - this.segments[s + START]) * this.segments[s + STEP];
  }

  /** The end of character i's source; i must be a character of the text. */
  to(i: number): number {
    const s = this.segmentOf(i);
    return this.segments[s + TO] + (i - this.segments[s + START]) * this.segments[s + STEP];
  }

  /** Calls `visit` with the source of each segment clipped to characters [a, b), in order. */
  forEachRun(a: number, b: number, visit: (start: number, length: number, from: number, to: number, step: number) => void): void {
    const { segments } = this;
    for (let s = a < b ? this.segmentOf(a) : segments.length; s < segments.length && segments[s + START] < b; s += STRIDE) {
      const start = Math.max(a, segments[s + START]);
      const end = Math.min(b, s + STRIDE < segments.length ? segments[s + STRIDE + START] : b);
      const shift = (start - segments[s + START]) * segments[s + STEP];
      visit(start, end - start, segments[s + FROM] + shift, segments[s + TO] + shift, segments[s + STEP]);
    }
  }

  /** The offset in `segments` of the segment holding character i: the last one starting at or before it. */
  private segmentOf(i: number): number {
    const { segments } = this;
    let low = 0;
    let high = segments.length / STRIDE - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (segments[middle * STRIDE + START] <= i) low = middle;
      else high = middle - 1;
    }
    return low * STRIDE;
  }
}

/** Builds a MappedText piece by piece; pieces whose sources continue each other share one segment. */
export class MappedBuilder {
  text = '';
  /** Reused from text to text: each map gets its own exact copy (an array grown by push keeps room for 17 numbers). */
  private readonly segments: number[] = [];

  /** Characters written in the file from offset `at` on. */
  written(characters: string, at: number): void {
    this.add(this.text.length, characters.length, at, at + 1, 1);
    this.text += characters;
  }

  /** Characters that all stand for the source range [from, to): the value of a reference. */
  standingFor(characters: string, from: number, to: number): void {
    this.add(this.text.length, characters.length, from, to, 0);
    this.text += characters;
  }

  /** Characters [a, b) of `source`, keeping their places. */
  copy(source: MappedText, a: number, b: number): void {
    if (b <= a) return;
    const shift = this.text.length - a;
    source.map.forEachRun(a, b, (start, length, from, to, step) => this.add(shift + start, length, from, to, step));
    this.text += source.text.slice(a, b);
  }

  /** Takes back the last character (a handle number that turns out to belong to a redirection). */
  dropLast(): void {
    this.text = this.text.slice(0, -1);
    const last = this.segments.length - STRIDE;
    if (last >= 0 && this.segments[last + START] >= this.text.length) this.segments.length = last;
  }

  /** The text so far; the builder starts over empty. */
  take(): MappedText {
    const taken = { text: this.text, map: new SourceMap(this.segments.slice()) };
    this.text = '';
    this.segments.length = 0;
    return taken;
  }

  /** Places the `length` characters from index `start` on, the last ones so far, at [from, to) + k·step. */
  private add(start: number, length: number, from: number, to: number, step: number): void {
    if (length <= 0) return;
    const { segments } = this;
    const last = segments.length - STRIDE;
    if (last >= 0 && segments[last + STEP] === step) {
      const shift = (start - segments[last + START]) * step;
      if (segments[last + FROM] + shift === from && segments[last + TO] + shift === to) return; // goes on from the last segment
    }
    segments.push(start, from, to, step);
  }
}

/** Where characters [a, b) of `mapped` are written in the file; `fallback` for an empty span past the end. */
export function spanOf(mapped: MappedText, a: number, b: number, fallback: number): OffsetRange {
  if (b <= a) {
    const at = a < mapped.text.length ? mapped.map.from(a) : fallback;
    return [at, at];
  }
  return [mapped.map.from(a), mapped.map.to(b - 1)];
}
