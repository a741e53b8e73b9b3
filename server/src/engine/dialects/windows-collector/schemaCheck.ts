import type { ValidateFunction } from 'ajv';
import collectorSchema from '../../../../../schemas/windows-collector.schema.json';
import type { SyntaxProblem } from '../../model/types';
import { describeError, errorTarget, found } from '../../parse/schemaMessages';
import { formatPath, pointerToPath, validatorFor } from '../../parse/schemaValidation';
import { entryOf, markedRange, valueOf, type JsonNode } from '../../parse/jsonTree';

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
 * Rules are validated one by one: ajv collecting every error of thousands of broken rules in one
 * call takes time that grows with the square of their number.
 */
export class SchemaChecker {
  private readonly check: Collected = { problems: [], invalid: new Set(), seen: new Set() };

  /** One rule, as it is read (its tree is not kept): whether it follows the schema. */
  rule(node: JsonNode, index: number): boolean {
    const before = this.check.invalid.size;
    collect(this.check, node, validatorFor(collectorSchema, '/definitions/rule'), valueOf(node), ['rules', index], 2);
    return this.check.invalid.size === before;
  }

  /** The rest of the document, whose "rules" list was read item by item (empty in `root`). */
  finish(root: JsonNode): SchemaCheck {
    collect(this.check, root, validatorFor(collectorSchema), valueOf(root), [], 0);
    return { problems: this.check.problems.sort((a, b) => a.range[0] - b.range[0]), invalid: this.check.invalid };
  }
}

interface Collected {
  readonly problems: SyntaxProblem[];
  readonly invalid: Set<string>;
  /** Each problem's place and message once. */
  readonly seen: Set<string>;
}

/** `node` is the value at `at`, whose first `depth` segments lead to it from the document's root. */
function collect(check: Collected, node: JsonNode, validate: ValidateFunction, value: unknown, at: readonly (string | number)[], depth: number): void {
  if (validate(value)) return;
  for (const error of validate.errors ?? []) {
    const path = [...at, ...pointerToPath(error.instancePath)];
    check.invalid.add(path.slice(0, 2).join('/'));
    if (check.problems.length >= MAX_PROBLEMS) continue;
    const range = markedRange(nodeAt(node, errorTarget(error, path).slice(depth)));
    const message = `${formatPath(path)}: ${describeError(error, found(error.data, undefined))}`;
    const id = `${range[0]}:${message}`;
    if (check.seen.has(id)) continue;
    check.seen.add(id);
    check.problems.push({ message, range });
  }
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
