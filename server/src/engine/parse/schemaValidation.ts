import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { Node } from 'yaml';
import type { OffsetRange, SchemaIssue, SyntaxProblem } from '../model/types';
import { describeError, errorTarget, found } from './schemaMessages';
import { nodeAtPath, rangeOf, type PathSegment } from './yamlNodes';

// strictNumbers: YAML has .inf and .nan, which ajv's "integer" otherwise accepts.
const ajv = new Ajv({ allErrors: true, strict: false, strictNumbers: true, verbose: true });

const compiled = new Map<string, ValidateFunction>();

/** Compiles (once) a JSON Schema, or the part of it at a JSON pointer ("/definitions/rule", "/properties/hosts/items"). */
export function validatorFor(schema: object, pointer = ''): ValidateFunction {
  const id = (schema as { $id: string }).$id;
  let validate = compiled.get(`${id}#${pointer}`);
  if (!validate) {
    if (!ajv.getSchema(id)) ajv.addSchema(schema);
    validate = pointer ? ajv.compile({ $ref: `${id}#${pointer}` }) : ajv.getSchema(id)!;
    compiled.set(`${id}#${pointer}`, validate);
  }
  return validate;
}

/** A parsed YAML root and the offset of its text in the file. */
export interface PlacedRoot {
  readonly node: Node | null;
  readonly base: number;
}

/**
 * Validates a plain value and turns ajv's errors into one readable problem per
 * place ("hosts[1].role: expected one of …, found "x"") at the YAML node
 * concerned, in whichever of `roots` holds it (a rule file's header may come
 * in two pieces).
 */
export function schemaIssues(validate: ValidateFunction, value: unknown, roots: Node | null | readonly PlacedRoot[], fallback: OffsetRange): SchemaIssue[] {
  if (validate(value)) return [];
  const placed: readonly PlacedRoot[] = Array.isArray(roots) ? roots : [{ node: roots as Node | null, base: 0 }];
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const error of relevantErrors(validate.errors ?? [])) {
    const path = pointerToPath(error.instancePath);
    const located = locate(placed, errorTarget(error, path), error.keyword === 'additionalProperties');
    const detail = describeError(error, found(error.data, located?.node));
    const range = located?.range ?? fallback;
    // Keywords that say the same of one value (a .nan breaks type, minimum and maximum) say it once.
    const id = `${range[0]}:${detail}`;
    if (seen.has(id)) continue;
    seen.add(id);
    issues.push({ path, detail, range });
  }
  return issues;
}

function locate(roots: readonly PlacedRoot[], path: readonly PathSegment[], preferKey: boolean): { range: OffsetRange; node?: Node } | undefined {
  let best: { range: OffsetRange } | undefined;
  for (const root of roots) {
    const located = nodeAtPath(root.node, path);
    const node = preferKey && located.complete ? located.key : located.node;
    const range = rangeOf(node);
    if (!range) continue;
    const shifted: OffsetRange = [range[0] + root.base, range[1] + root.base];
    if (located.complete) return { range: shifted, node };
    const headFound = path.length > 0 && located.node !== root.node;
    if (!best || headFound) best = { range: shifted };
  }
  return best;
}

/** "hosts[1].role: expected one of …", with `prefix` naming where the validated value sits. */
export function issueMessage(issue: SchemaIssue, prefix: readonly PathSegment[] = []): SyntaxProblem {
  return { message: `${formatPath([...prefix, ...issue.path])}: ${issue.detail}`, range: issue.range };
}

const isAlternative = (error: ErrorObject) => error.keyword === 'anyOf' || error.keyword === 'oneOf';
const within = (path: string, outer: string) => path === outer || path.startsWith(`${outer}/`);

/**
 * The errors of each anyOf/oneOf's branches. ajv reports them right before
 * the alternative itself, at its value or deeper; their schema paths do not
 * tell (a branch that is a $ref has the path of the definition), but a
 * sibling keyword of the alternative (its own `type`, `required`) does.
 */
function branchErrors(errors: readonly ErrorObject[]): Map<ErrorObject, ErrorObject[]> {
  const branches = new Map<ErrorObject, ErrorObject[]>();
  const claimed = new Set<ErrorObject>();
  errors.forEach((alternative, index) => {
    if (!isAlternative(alternative)) return;
    const siblingPrefix = alternative.schemaPath.slice(0, alternative.schemaPath.lastIndexOf('/') + 1);
    const own: ErrorObject[] = [];
    for (let i = index - 1; i >= 0; i--) {
      const error = errors[i];
      const sibling = error.schemaPath.startsWith(siblingPrefix) && !error.schemaPath.startsWith(`${alternative.schemaPath}/`) && !error.schemaPath.slice(siblingPrefix.length).includes('/');
      if (!within(error.instancePath, alternative.instancePath) || sibling) break;
      own.push(error);
      claimed.add(error);
    }
    branches.set(alternative, own.reverse());
  });
  for (const error of claimed) branches.delete(error);
  return branches;
}

/**
 * For anyOf, keeps what went wrong inside the branch the value was evidently
 * meant for (a list whose items are wrong: those items), or else one summary
 * error; for oneOf, the summary. ajv reports every branch.
 */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const branches = branchErrors(errors);
  const inBranch = new Set([...branches.values()].flat());
  const result: ErrorObject[] = [];
  for (const error of errors) {
    if (inBranch.has(error) || error.keyword === 'if') continue;
    const own = branches.get(error);
    const deeper = own?.filter((e) => e.instancePath.length > error.instancePath.length && !isAlternative(e)) ?? [];
    if (error.keyword === 'anyOf' && deeper.length > 0) result.push(...deeper);
    else result.push(error);
  }
  return result;
}

/** ajv's JSON pointer ("/rules/3/localPorts/0") as keys and indexes. */
export function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** `hosts[1].role`: the keys are the schema's, never one of the file's own (those are named in "unknown key"). */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) text += typeof segment === 'number' ? `[${segment}]` : text ? `.${segment}` : segment;
  return text || 'the document';
}
