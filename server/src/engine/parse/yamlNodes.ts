import { isAlias, isMap, isPair, isScalar, isSeq, visit, type Alias, type Document, type Node, type YAMLMap } from 'yaml';
import type { OffsetRange, SyntaxProblem } from '../model/types';
import { excerpt } from '../util/excerpt';

/**
 * Reading a parsed YAML document as its author meant it: aliases (*name)
 * lead to their anchors (&name), and merge keys (`<<: *base`, the idiom
 * `- <<: *be-rule` then overrides) add the keys of the mappings they name.
 * Values a mapping takes from a merge keep their own nodes, so their ranges
 * point at the anchor's text.
 */

export type PathSegment = string | number;

export interface Entry {
  readonly key: Node;
  readonly value: Node | undefined;
}

/** The node each alias of a parsed document refers to: the last one anchored so before it. */
const aliasTargets = new WeakMap<Alias, Node>();

/**
 * Resolves every alias of `document` once (an alias then costs one lookup,
 * however many a file has) and says which aliases and merge keys cannot be
 * read: an alias of no anchor, a merge of something that is not a mapping.
 */
export function resolveAliases(document: Document.Parsed): SyntaxProblem[] {
  const anchors = new Map<string, Node>();
  const problems: SyntaxProblem[] = [];
  visit(document, (_key, node) => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target) aliasTargets.set(node, target);
      else problems.push({ message: `YAML: *${excerpt(node.source)} names no anchor: write &${excerpt(node.source)} on a value above it`, range: rangeOf(node) ?? [0, 0] });
    } else if (isPair(node) && isMergeKey(node.key)) {
      for (const source of mergeSourceNodes(node.value as Node | null)) {
        // The pair comes before its value in the visit: its alias is looked up here, not yet resolved.
        const target = isAlias(source) ? anchors.get(source.source) : source;
        if (target && !isMap(target)) problems.push({ message: 'YAML: a merge key (<<) takes a mapping, an alias of one (*name) or a list of them', range: rangeOf(source) ?? [0, 0] });
      }
    } else if ((node as Node | null)?.anchor) {
      anchors.set((node as Node).anchor!, node as Node);
    }
  });
  return problems;
}

/** The node an alias refers to, once its document went through resolveAliases. */
export function aliasTarget(alias: Alias): Node | undefined {
  return aliasTargets.get(alias);
}

/** `<<` written plainly: with the yaml package's merge option on, its value is a symbol. */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol';
}

/** What a merge key's value names: one node, or each item of a list. */
function mergeSourceNodes(value: Node | null): Node[] {
  if (!value) return [];
  return isSeq(value) ? (value.items as Node[]) : [value];
}

/** The mappings a merge key's value brings in, in order (an earlier one wins). */
function mergedMaps(value: Node | null): YAMLMap[] {
  return mergeSourceNodes(value).flatMap((source) => {
    const target = isAlias(source) ? aliasTargets.get(source) : source;
    return isMap(target) ? [target] : [];
  });
}

/**
 * A mapping's pairs as its author meant them: its own, then those it merges
 * and does not write itself; a key written twice counts once, the first time
 * (BEX001 says so). Each mapping is merged once, however many paths lead to
 * it (a second time would add nothing), so mappings that merge each other,
 * or themselves, cost no more than their size.
 */
export function mergedPairs(map: YAMLMap): Entry[] {
  const result: Entry[] = [];
  const seen = new Set<string>();
  const merged = new Set<YAMLMap>([map]);
  const addPairsOf = (source: YAMLMap) => {
    const sources: YAMLMap[] = [];
    for (const pair of source.items) {
      if (isMergeKey(pair.key)) sources.push(...mergedMaps(pair.value as Node | null));
      else add({ key: pair.key as Node, value: (pair.value ?? undefined) as Node | undefined });
    }
    for (const next of sources) {
      if (merged.has(next)) continue;
      merged.add(next);
      addPairsOf(next);
    }
  };
  const add = (entry: Entry) => {
    const name = isScalar(entry.key) ? String(entry.key.value) : undefined;
    if (name !== undefined && seen.has(name)) return;
    if (name !== undefined) seen.add(name);
    result.push(entry);
  };
  addPairsOf(map);
  return result;
}

/** Key/value pairs of a map node by key text, merged keys included. */
export function mapEntries(node: unknown): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  if (!isMap(node)) return entries;
  for (const entry of mergedPairs(node)) if (isScalar(entry.key)) entries.set(String(entry.key.value), entry);
  return entries;
}

/** The range of every key of a document's mappings, by where it starts. */
export function keyRanges(document: Document.Parsed): Map<number, OffsetRange> {
  const ranges = new Map<number, OffsetRange>();
  visit(document, {
    Pair: (_key, pair) => {
      const range = rangeOf(pair.key as Node | null);
      if (range) ranges.set(range[0], range);
    },
  });
  return ranges;
}

export function rangeOf(node: Node | null | undefined): OffsetRange | undefined {
  const range = node?.range;
  return range ? [range[0], range[1]] : undefined;
}

/** The value node at `path` and the key node that names it, as deep as the path exists. */
export function nodeAtPath(root: unknown, path: readonly PathSegment[]): { node?: Node; key?: Node; complete: boolean } {
  let node = root as Node | undefined;
  let key: Node | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const entry = mapEntries(node).get(String(segment));
      if (!entry) return { node, key, complete: false };
      key = entry.key;
      node = entry.value;
      if (!node) return { node: key, key, complete: false };
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      key = undefined;
      node = node.items[segment] as Node;
    } else {
      return { node, key, complete: false };
    }
  }
  return { node, key, complete: true };
}
