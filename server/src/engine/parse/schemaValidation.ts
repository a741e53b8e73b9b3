import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { Node } from 'yaml';
import type { OffsetRange, SchemaIssue, SyntaxProblem } from '../model/types';
import { nodeAtPath, rangeOf, type PathSegment } from './yamlSupport';

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const compiled = new Map<object, ValidateFunction>();

/** Compiles (once) a JSON Schema, or a named definition inside one. */
export function validatorFor(schema: object, definition?: string): ValidateFunction {
  const key = definition ? ((schema as { definitions: Record<string, object> }).definitions[definition] ?? schema) : schema;
  let validate = compiled.get(key);
  if (!validate) {
    if (!ajv.getSchema((schema as { $id: string }).$id)) ajv.addSchema(schema);
    validate = definition ? ajv.compile({ $ref: `${(schema as { $id: string }).$id}#/definitions/${definition}` }) : ajv.getSchema((schema as { $id: string }).$id)!;
    compiled.set(key, validate);
  }
  return validate;
}

/**
 * Validates a plain value and turns ajv's errors into one readable problem per
 * place ("hosts[1].role: expected one of …, found "x"") at the YAML node concerned.
 */
/** A parsed YAML root and the offset of its text in the file. */
export interface PlacedRoot {
  readonly node: Node | null;
  readonly base: number;
}

/**
 * Validates a plain value; each issue gets the range of its node in whichever
 * of `roots` holds it (a rule file's header may come in two pieces).
 */
export function schemaIssues(validate: ValidateFunction, value: unknown, roots: Node | null | readonly PlacedRoot[], fallback: OffsetRange): SchemaIssue[] {
  if (validate(value)) return [];
  const placed: readonly PlacedRoot[] = Array.isArray(roots) ? roots : [{ node: roots as Node | null, base: 0 }];
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const error of relevantErrors(validate.errors ?? [])) {
    const path = pointerToPath(error.instancePath);
    const { detail, target } = describe(error, path);
    const range = locate(placed, target, error.keyword === 'additionalProperties') ?? fallback;
    const id = `${range[0]}:${detail}`;
    if (seen.has(id)) continue;
    seen.add(id);
    issues.push({ path, detail, range });
  }
  return issues;
}

function locate(roots: readonly PlacedRoot[], path: readonly PathSegment[], preferKey: boolean): OffsetRange | undefined {
  let best: { range: OffsetRange; complete: boolean } | undefined;
  for (const root of roots) {
    const located = nodeAtPath(root.node, path);
    const range = rangeOf(preferKey && located.complete ? located.key : located.node);
    if (!range) continue;
    const shifted: OffsetRange = [range[0] + root.base, range[1] + root.base];
    if (located.complete) return shifted;
    const headFound = path.length > 0 && located.node !== root.node;
    if (!best || headFound) best = { range: shifted, complete: false };
  }
  return best?.range;
}

/** "hosts[1].role: expected one of …", with `prefix` naming where the validated value sits. */
export function issueMessage(issue: SchemaIssue, prefix: readonly PathSegment[] = []): SyntaxProblem {
  return { message: `${formatPath([...prefix, ...issue.path])}: ${issue.detail}`, range: issue.range };
}

/**
 * For anyOf/oneOf, keeps what went wrong inside the branch the value was
 * evidently meant for, or else one summary error: ajv reports every branch.
 */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const isBranchError = (e: ErrorObject) => alternatives.some((alt) => alt !== e && e.schemaPath.startsWith(`${alt.schemaPath}/`));
  const result = errors.filter((e) => !isBranchError(e) && e.keyword !== 'if');
  for (const alternative of alternatives) {
    const branchErrors = errors.filter((e) => e.schemaPath.startsWith(`${alternative.schemaPath}/`));
    const deeper = branchErrors.filter((e) => e.instancePath.length > alternative.instancePath.length && e.keyword !== 'anyOf');
    if (deeper.length > 0 && alternative.keyword === 'anyOf') {
      result.splice(result.indexOf(alternative), 1, ...deeper);
    }
  }
  return result;
}

function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) text += typeof segment === 'number' ? `[${segment}]` : text ? `.${segment}` : segment;
  return text || 'the document';
}

function found(data: unknown): string {
  if (data === null || data === undefined) return 'nothing';
  if (Array.isArray(data)) return 'a list';
  if (typeof data === 'object') return 'a mapping';
  const text = JSON.stringify(data);
  return `${typeof data === 'string' ? 'text' : typeof data} ${text.length > 40 ? `${text.slice(0, 37)}…` : text}`;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
};

function describe(error: ErrorObject, path: PathSegment[]): { detail: string; target: PathSegment[] } {
  const params = error.params as Record<string, unknown>;
  const parent = error.parentSchema as { description?: string; 'x-message'?: string } | undefined;
  switch (error.keyword) {
    case 'required':
      return { detail: `missing required key "${String(params.missingProperty)}"`, target: path };
    case 'additionalProperties': {
      const allowed = Object.keys((parent as { properties?: object })?.properties ?? {});
      const extra = String(params.additionalProperty);
      return {
        detail: `unknown key "${extra}"${allowed.length ? `; expected one of ${allowed.join(', ')} (or an x- extension key)` : ''}`,
        target: [...path, extra],
      };
    }
    case 'enum':
      return { detail: `expected one of ${(params.allowedValues as unknown[]).join(', ')}; found ${found(error.data)}`, target: path };
    case 'const':
      return { detail: `expected ${JSON.stringify(params.allowedValue)}; found ${found(error.data)}`, target: path };
    case 'type': {
      const types = String(params.type).split(',').map((t) => TYPE_WORDS[t] ?? t);
      return { detail: `expected ${types.join(' or ')}; found ${found(error.data)}`, target: path };
    }
    case 'pattern':
      return { detail: `${found(error.data)} is not in the expected form${parent?.description ? ` (${parent.description})` : ''}`, target: path };
    case 'oneOf':
    case 'anyOf':
      return { detail: `${parent?.['x-message'] ?? parent?.description ?? 'does not match any allowed form'}; found ${found(error.data)}`, target: path };
    case 'minimum':
    case 'maximum':
      return { detail: `must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params.limit)}; found ${found(error.data)}`, target: path };
    case 'minItems':
      return { detail: `must list at least ${String(params.limit)} item(s)`, target: path };
    case 'minLength':
      return { detail: `must not be empty`, target: path };
    case 'uniqueItems':
      return { detail: `lists the same item twice (items ${String(params.j)} and ${String(params.i)})`, target: path };
    default:
      return { detail: `${error.message ?? 'is invalid'}`, target: path };
  }
}
