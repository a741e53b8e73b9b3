import { isAlias, isNode, parseDocument, visit } from 'yaml';
import type { OffsetRange } from '../../model/types';

/**
 * Whether text in `range` belongs to a node that an alias elsewhere repeats
 * (`ports: &be-ports [...]` and another rule's `ports: *be-ports`, or a whole
 * rule merged with `<<: *base`): an edit there would change those places too.
 */
export function sharedByAlias(text: string, range: OffsetRange): boolean {
  const aliased = new Set<string>();
  const anchored: Array<{ anchor: string; range: OffsetRange }> = [];
  visit(parseDocument(text, { uniqueKeys: false }), (_key, node) => {
    if (isAlias(node)) aliased.add(node.source);
    else if (isNode(node) && node.anchor && node.range) anchored.push({ anchor: node.anchor, range: [node.range[0], node.range[1]] });
  });
  return anchored.some((node) => aliased.has(node.anchor) && node.range[0] <= range[0] && range[1] <= node.range[1]);
}
