import collectorSchema from '../../../../../schemas/windows-collector.schema.json';
import type { SyntaxProblem } from '../../model/types';
import { describeError, errorTarget, found } from '../../parse/schemaMessages';
import { formatPath, validatorFor } from '../../parse/schemaValidation';
import { entryOf, markedRange, valueOf, type JsonNode } from './jsonTree';

/** A broken export can break every one of thousands of rules the same way: the first ones say it. */
const MAX_PROBLEMS = 200;

export interface SchemaCheck {
  readonly problems: SyntaxProblem[];
  /**
   * The parts that do not follow the schema, each as its key and index ("rules/3", "profiles/0",
   * "connections/1"), or its key alone when the whole value is wrong ("rules"): they are not read.
   */
  readonly invalid: ReadonlySet<string>;
}

/**
 * Validates an export against schemas/windows-collector.schema.json, with the engine's wording of
 * schema errors ("rules[3].direction: expected one of Inbound, Outbound; found text "In""), each
 * at the JSON value it is about. The schema has no anyOf or oneOf: every ajv error is one to show.
 */
export function checkAgainstSchema(root: JsonNode): SchemaCheck {
  const validate = validatorFor(collectorSchema);
  if (validate(valueOf(root))) return { problems: [], invalid: new Set() };
  const problems: SyntaxProblem[] = [];
  const invalid = new Set<string>();
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const path = pathOf(error.instancePath);
    invalid.add(path.slice(0, 2).join('/'));
    const range = markedRange(nodeAt(root, errorTarget(error, path)));
    const message = `${formatPath(path)}: ${describeError(error, found(error.data, undefined))}`;
    const id = `${range[0]}:${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (problems.length < MAX_PROBLEMS) problems.push({ message, range });
  }
  return { problems, invalid };
}

/** ajv's JSON pointer ("/rules/3/localPorts/0") as keys and indexes. */
function pathOf(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
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
