import { isAlias, isNode, parseDocument, visit } from 'yaml';
import type { OffsetRange } from '../../model/types';

/**
 * Whether text in `range` belongs to a node that an alias elsewhere repeats
 * (`ports: &be-ports [...]` and another rule's `ports: *be-ports`, or a whole
 * rule merged with `<<: *base`): an edit there would change those places too.
 */
export function sharedByAlias(text: string, range: OffsetRange): boolean {
  // Reading the whole document takes seconds on a large file (about 0.8 s at 1.4 MB here): a file with no
  // anchor that some alias names, as most are, cannot share anything, and a scan tells so in milliseconds.
  if (!hasAliasedAnchor(text)) return false;
  const aliased = new Set<string>();
  const anchored: Array<{ anchor: string; range: OffsetRange }> = [];
  visit(parseDocument(text, { uniqueKeys: false }), (_key, node) => {
    if (isAlias(node)) aliased.add(node.source);
    else if (isNode(node) && node.anchor && node.range) anchored.push({ anchor: node.anchor, range: [node.range[0], node.range[1]] });
  });
  return anchored.some((node) => aliased.has(node.anchor) && node.range[0] <= range[0] && range[1] <= node.range[1]);
}

/** YAML node properties: `&name` and `*name`, after a line start, a space or a flow indicator (so R&D is no anchor). */
const ANCHOR = /(?:^|[\s[{,])&([^\s,[\]{}]+)/gm;
const ALIAS = /(?:^|[\s[{,])\*([^\s,[\]{}]+)/gm;

/** Whether some `&name` in the text is also used as `*name`; a quoted or commented look-alike only costs the full read. */
function hasAliasedAnchor(text: string): boolean {
  const anchors = new Set(Array.from(text.matchAll(ANCHOR), (m) => m[1]));
  if (anchors.size === 0) return false;
  for (const match of text.matchAll(ALIAS)) if (anchors.has(match[1])) return true;
  return false;
}
