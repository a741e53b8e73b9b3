import { isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import { aliasTarget, mergedPairs } from './yamlNodes';

/**
 * A YAML node's plain value with its aliases and merge keys resolved, in work
 * bounded by the document's size: aliases may at most make the value a few
 * times larger than the text ("billion laughs" documents are refused), and an
 * alias costs one lookup. (`toJS` of the yaml package searches the whole
 * document for every alias, which is quadratic on rule files that share an
 * anchor.) The document must have gone through resolveAliases.
 */
export class AliasExpansionError extends Error {}

export class PlainValues {
  private budget: number;

  constructor(textLength: number) {
    this.budget = Math.max(10_000, 4 * textLength);
  }

  /** Throws AliasExpansionError when aliases expand beyond the budget or into themselves. */
  of(node: unknown, resolving: Set<Node> = new Set()): unknown {
    if (--this.budget < 0) throw new AliasExpansionError(`aliases expand to far more values than the document holds (an "alias bomb"?)`);
    if (node === null || node === undefined) return null;
    if (isScalar(node)) return node.value;
    if (isAlias(node)) {
      const target = aliasTarget(node);
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
      for (const pair of mergedPairs(node)) {
        const key = this.of(pair.key, resolving);
        result[typeof key === 'object' && key !== null ? JSON.stringify(key) : String(key)] = this.of(pair.value, resolving);
      }
      return result;
    }
    return null;
  }
}
