import type { ValidateFunction } from 'ajv';
import type { SyntaxProblem } from '../model/types';
import { entryOf, markedRange, valueOf, type JsonNode } from './jsonTree';
import { describeError, errorTarget, found } from './schemaMessages';
import { formatPath, pointerToPath } from './schemaValidation';

/** A schema problem of a JSON value, at the value it is about, with the path the message names. */
export interface JsonSchemaProblem extends SyntaxProblem {
  readonly path: readonly (string | number)[];
}

/**
 * Validates the JSON value `node` (at `at` in its document, of which the first
 * `depth` segments lead to it; the message calls the root `rootName`) and says each ajv error in the engine's wording
 * ("rules[3].direction: expected one of Inbound, Outbound; found text "In""), at the value concerned.
 */
export function jsonSchemaProblems(node: JsonNode, validate: ValidateFunction, at: readonly (string | number)[] = [], depth = 0, rootName = 'the document'): JsonSchemaProblem[] {
  if (validate(valueOf(node))) return [];
  return (validate.errors ?? []).map((error) => {
    const path = [...at, ...pointerToPath(error.instancePath)];
    const range = markedRange(nodeAt(node, errorTarget(error, path).slice(depth)));
    return { path, range, message: `${path.length === 0 ? rootName : formatPath(path)}: ${describeError(error, found(error.data, undefined))}` };
  });
}

/** The node at `path`, or the deepest one on the way (a missing key is shown at its object). */
function nodeAt(root: JsonNode, path: readonly (string | number)[]): JsonNode {
  let node = root;
  for (const segment of path) {
    const next =
      node.kind === 'array' && typeof segment === 'number'
        ? node.items[segment]
        : node.kind === 'object'
          ? entryOf(node, String(segment))?.value
          : undefined;
    if (!next) return node;
    node = next;
  }
  return node;
}
