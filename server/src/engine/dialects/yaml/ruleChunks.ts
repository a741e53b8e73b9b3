import { commonPrefixLength, commonSuffixLength } from '../../util/textDiff';

/**
 * Splits a rule file into its header and one text chunk per rule, by lines, so
 * each rule is parsed on its own and an unchanged rule is never parsed again.
 * Returns undefined for anything it cannot split safely (anchors and aliases
 * that cross rules, several documents, tabs, a flow-style rules list); the
 * caller then parses the whole document.
 */
export interface TextChunk {
  readonly text: string;
  readonly base: number;
}

export interface RuleChunks {
  /** The text before the first rule and after the last one, each a valid YAML document. */
  readonly header: TextChunk[];
  readonly items: TextChunk[];
  readonly rulesKeyStart: number;
  /** After the last line of the last rule that is neither blank nor a comment. */
  readonly rulesEnd: number;
  /** Where the rules list ends: the start of the text after it, or the text's end. */
  readonly sectionEnd: number;
  readonly itemIndent: number;
}

/** A split kept for the next version of the text: where each rule's chunk starts (it ends where the next starts). */
export interface KeptSplit {
  readonly header: TextChunk[];
  readonly starts: readonly number[];
  readonly rulesKeyStart: number;
  readonly rulesEnd: number;
  readonly sectionEnd: number;
  readonly itemIndent: number;
}

/**
 * A split made from a kept one: rules [first, first + removed) of the kept
 * split are replaced by `added`; the others are the kept rules, moved.
 */
export interface Resplit {
  readonly header: TextChunk[];
  readonly starts: number[];
  readonly first: number;
  readonly removed: number;
  readonly added: TextChunk[];
  readonly rulesEnd: number;
  readonly sectionEnd: number;
}

/** Directives, document markers after the first line, anchors/aliases, tabs. */
const UNSAFE_TO_SPLIT = /^%|\n(?:---|\.\.\.)(?:[ \t\r\n]|$)|[\s[{,:-][&*][^\s,\]}]|^[&*]|\t/m;

/** `key:` alone on a line at the top level (a block list follows). */
export const listKey = (key: string) => new RegExp(`^${key}[ \\t]*:[ \\t]*(?:#.*)?\\r?$`, 'gm');
const RULES_KEY = listKey('rules');
const BLANK_OR_COMMENT = /^[ \t]*(?:#.*)?\r?$/;

interface ItemScan {
  readonly itemIndent: number;
  readonly itemStarts: number[];
  /** Where a line indented at most as much as the items, and not an item, begins; `to` when none does. */
  readonly sectionEnd: number;
  /** After the last line that is neither blank nor a comment; `from` when there is none. */
  readonly contentEnd: number;
  /** Whether the first line that is neither blank nor a comment starts an item (or there is no such line). */
  readonly startsWithItem: boolean;
}

/** Reads the lines of text[from, to) as items of a block list indented by `itemIndent` (-1: as the first item is). */
function scanItems(text: string, from: number, to: number, itemIndent: number): ItemScan {
  const itemStarts: number[] = [];
  let position = from;
  let contentEnd = from;
  let startsWithItem = true;
  while (position < to) {
    const newline = text.indexOf('\n', position);
    const lineEnd = newline === -1 || newline >= to ? to : newline + 1;
    const line = text.slice(position, newline === -1 || newline >= to ? to : newline);
    if (!BLANK_OR_COMMENT.test(line)) {
      const indent = line.length - line.trimStart().length;
      const startsItem = line[indent] === '-' && (indent + 1 === line.length || line[indent + 1] === ' ' || line[indent + 1] === '\r');
      if (contentEnd === from && itemStarts.length === 0) {
        startsWithItem = startsItem;
        if (itemIndent === -1 && startsItem) itemIndent = indent;
      }
      if (indent === itemIndent && startsItem) itemStarts.push(position);
      else if (itemIndent === -1 || indent < itemIndent || (indent === itemIndent && !startsItem)) {
        return { itemIndent, itemStarts, sectionEnd: position, contentEnd, startsWithItem };
      }
      contentEnd = lineEnd;
    }
    position = lineEnd;
  }
  return { itemIndent, itemStarts, sectionEnd: to, contentEnd, startsWithItem };
}

function chunksBetween(text: string, starts: readonly number[], end: number): TextChunk[] {
  return starts.map((start, i) => ({ text: text.slice(start, i + 1 < starts.length ? starts[i + 1] : end), base: start }));
}

export function splitRuleChunks(text: string): RuleChunks | undefined {
  return splitListChunks(text, RULES_KEY);
}

/**
 * Splits a YAML document by the items of its top-level block list `key`
 * (written as listKey makes it): the rules of a rule file, the hosts of a
 * manifest. Undefined when that cannot be done safely (see RuleChunks).
 */
export function splitListChunks(text: string, key: RegExp): RuleChunks | undefined {
  if (UNSAFE_TO_SPLIT.test(text)) return undefined;
  const keys = [...text.matchAll(key)];
  if (keys.length !== 1) return undefined;
  const rulesKeyStart = keys[0].index!;
  const afterKey = text.indexOf('\n', rulesKeyStart);
  if (afterKey === -1) return undefined;
  const scan = scanItems(text, afterKey + 1, text.length, -1);
  if (scan.itemStarts.length === 0 || !scan.startsWithItem) return undefined;
  const { itemStarts, sectionEnd } = scan;
  const header = [{ text: text.slice(0, itemStarts[0]), base: 0 }];
  if (sectionEnd < text.length) header.push({ text: text.slice(sectionEnd), base: sectionEnd });
  return {
    header,
    items: chunksBetween(text, itemStarts, sectionEnd),
    rulesKeyStart,
    rulesEnd: Math.max(scan.contentEnd, afterKey + 1),
    sectionEnd,
    itemIndent: scan.itemIndent,
  };
}

/**
 * Splits `text`, an edited version of `oldText` that `previous` was kept from: the rules before and after the changed span are kept as they are
 * (moved), only the region between is split again. Undefined when the edit
 * reaches beyond the rules list, or the region would split differently in
 * context; the caller then splits afresh.
 */
export function resplitRuleChunks(previous: KeptSplit, oldText: string, text: string): Resplit | undefined {
  const { header, starts } = previous;
  const count = starts.length;
  const prefix = commonPrefixLength(oldText, text);
  const suffix = commonSuffixLength(oldText, text, Math.min(oldText.length, text.length) - prefix);
  const delta = text.length - oldText.length;
  const keptAfter = oldText.length - suffix;
  if (starts[0] > prefix || previous.sectionEnd < keptAfter) return undefined;
  let first = 0;
  const end = (i: number) => (i + 1 < count ? starts[i + 1] : previous.sectionEnd);
  while (first < count && end(first) <= prefix) first++;
  let last = count;
  while (last > first && starts[last - 1] >= keptAfter) last--;
  // Text added after the last rule is split together with it.
  if (first === count) first--;
  // Lines typed above a rule belong to the rule before it (or to the header): that rule is split again with the region.
  for (;;) {
    const from = starts[first];
    const to = (last < count ? starts[last] : previous.sectionEnd) + delta;
    // The region must end a line, or its last line would run into the kept text after it.
    if (to < from || (to > from && to < text.length && text[to - 1] !== '\n')) return undefined;
    if (UNSAFE_TO_SPLIT.test(`\n${text.slice(from, to)}`)) return undefined;
    const scan = scanItems(text, from, to, previous.itemIndent);
    if (scan.sectionEnd !== to) return undefined;
    const startsAtItem = from === to || (scan.startsWithItem && scan.itemStarts[0] === from);
    if (!startsAtItem) {
      if (first === 0) return undefined;
      first--;
      continue;
    }
    const reachesEnd = last === count;
    // Without content in a region at the end, the list's last content line is in a kept rule: split afresh to find it.
    if (reachesEnd && scan.contentEnd === from) return undefined;
    const sectionEnd = previous.sectionEnd + delta;
    // One array filled in place: on 50,000 rules, spreading or slicing would make several copies per keystroke.
    const nextStarts = starts.slice(0, first).concat(scan.itemStarts);
    for (let i = last; i < count; i++) nextStarts.push(starts[i] + delta);
    return {
      header: header.length > 1 ? [header[0], { text: header[1].text, base: sectionEnd }] : [header[0]],
      starts: nextStarts,
      first,
      removed: last - first,
      added: chunksBetween(text, scan.itemStarts, to),
      rulesEnd: reachesEnd ? scan.contentEnd : previous.rulesEnd + delta,
      sectionEnd,
    };
  }
}
