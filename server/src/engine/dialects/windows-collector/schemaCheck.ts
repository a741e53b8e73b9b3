import type { ValidateFunction } from 'ajv';
import collectorSchema from '../../../../../schemas/windows-collector.schema.json';
import type { SyntaxProblem } from '../../model/types';
import { jsonSchemaProblems } from '../../parse/jsonSchemaProblems';
import { validatorFor } from '../../parse/schemaValidation';
import type { JsonNode } from '../../parse/jsonTree';

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
    collect(this.check, node, validatorFor(collectorSchema, '/definitions/rule'), ['rules', index], 2);
    return this.check.invalid.size === before;
  }

  /** The rest of the document, whose "rules" list was read item by item (empty in `root`). */
  finish(root: JsonNode): SchemaCheck {
    collect(this.check, root, validatorFor(collectorSchema), [], 0);
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
function collect(check: Collected, node: JsonNode, validate: ValidateFunction, at: readonly (string | number)[], depth: number): void {
  for (const { path, range, message } of jsonSchemaProblems(node, validate, at, depth)) {
    check.invalid.add(path.slice(0, 2).join('/'));
    if (check.problems.length >= MAX_PROBLEMS) continue;
    const id = `${range[0]}:${message}`;
    if (check.seen.has(id)) continue;
    check.seen.add(id);
    check.problems.push({ message, range });
  }
}
