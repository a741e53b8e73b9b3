import { isAlias, isMap, isPair, isScalar, isSeq, visit, type Document, type Node } from 'yaml';

/**
 * A YAML node's plain value with its aliases resolved, in work bounded by the
 * document's size: aliases may at most make the value a few times larger
 * than the text ("billion laughs" documents are refused), and an alias costs
 * one lookup. (`toJS` of the yaml package searches the whole document for
 * every alias, which is quadratic on rule files that share an anchor.)
 */
export class AliasExpansionError extends Error {}

export class PlainValues {
  /** Anchored nodes by name, in document order: an alias means the last one defined before it. */
  private readonly anchors = new Map<string, Node[]>();
  private budget: number;

  constructor(document: Document.Parsed, textLength: number) {
    this.budget = Math.max(10_000, 4 * textLength);
    visit(document, (_key, node) => {
      const anchor = (node as Node | null)?.anchor;
      if (anchor && !isAlias(node)) this.anchors.get(anchor)?.push(node as Node) ?? this.anchors.set(anchor, [node as Node]);
    });
  }

  /** Throws AliasExpansionError when aliases expand beyond the budget or into themselves. */
  of(node: unknown, resolving: Set<Node> = new Set()): unknown {
    if (--this.budget < 0) throw new AliasExpansionError(`aliases expand to far more values than the document holds (an "alias bomb"?)`);
    if (node === null || node === undefined) return null;
    if (isScalar(node)) return node.value;
    if (isAlias(node)) {
      const target = this.target(node);
      if (!target) return null;
      if (resolving.has(target)) throw new AliasExpansionError(`alias *${node.source} refers to a node that contains it`);
      resolving.add(target);
      const value = this.of(target, resolving);
      resolving.delete(target);
      return value;
    }
    if (isSeq(node)) return node.items.map((item) => this.of(item, resolving));
    if (isMap(node)) {
      const result: Record<string, unknown> = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = this.of(pair.key, resolving);
        result[typeof key === 'object' && key !== null ? JSON.stringify(key) : String(key)] = this.of(pair.value, resolving);
      }
      return result;
    }
    return null;
  }

  private target(alias: { source: string; range?: readonly number[] | null }): Node | undefined {
    const candidates = this.anchors.get(alias.source) ?? [];
    const at = alias.range?.[0] ?? Number.MAX_SAFE_INTEGER;
    let found: Node | undefined;
    for (const node of candidates) if ((node.range?.[0] ?? 0) < at) found = node;
    return found;
  }
}
