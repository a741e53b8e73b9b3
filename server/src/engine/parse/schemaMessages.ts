import type { ErrorObject } from 'ajv';
import { isScalar, type Node } from 'yaml';
import { excerpt } from '../util/excerpt';

/**
 * ajv's errors in words a person reads: what is expected, and what was found
 * quoted as it was written (`.inf`, `1e26`), never as a program prints it
 * (`Infinity`, `null`, `1e+26`), and never more than an excerpt of it.
 */

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
};

/** What a schema says of itself; `x-message` is its own sentence of what it expects ("expected …"). */
interface SchemaWords {
  readonly description?: string;
  readonly 'x-message'?: string;
  readonly type?: string | string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly properties?: object;
  readonly patternProperties?: object;
}

/** What a value is, in words, quoting the YAML scalar `node` it was read from when there is one. */
export function found(data: unknown, node: Node | undefined): string {
  if (data === null || data === undefined) return 'nothing';
  if (Array.isArray(data)) return 'a list';
  if (typeof data === 'object') return 'a mapping';
  if (typeof data === 'string') return `text "${excerpt(data)}"`;
  const written = isScalar(node) && Object.is(node.value, data) && typeof node.source === 'string' ? node.source : undefined;
  if (typeof data === 'number') return excerpt(written ?? numberText(data));
  return String(data);
}

/** A number as YAML writes it: `.inf`, `-.inf` and `.nan` for the values JSON has no words for. */
function numberText(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
  return String(value);
}

/**
 * What a number schema expects, in one phrase for all its keywords ("a whole
 * number from 1 to 65535"), so a value that breaks several of them (`.nan`
 * breaks all three) gets one message.
 */
function expectedNumber(schema: SchemaWords): string {
  const type = TYPE_WORDS[String(schema.type)] ?? 'a number';
  const { minimum, maximum } = schema;
  if (minimum !== undefined && maximum !== undefined) return `${type} from ${minimum} to ${maximum}`;
  if (minimum !== undefined) return `${type}, at least ${minimum}`;
  if (maximum !== undefined) return `${type}, at most ${maximum}`;
  return type;
}

const isNumberSchema = (schema: SchemaWords | undefined) => schema?.type === 'integer' || schema?.type === 'number';

/** Where an error is best shown: at its value, or for an unknown key at that key. */
export function errorTarget(error: ErrorObject, path: readonly (string | number)[]): (string | number)[] {
  return error.keyword === 'additionalProperties' ? [...path, String((error.params as { additionalProperty: string }).additionalProperty)] : [...path];
}

/** The sentence after "path: " for one of ajv's errors; `what` is what was found (see found()). */
export function describeError(error: ErrorObject, what: string): string {
  const params = error.params as Record<string, unknown>;
  const parent = error.parentSchema as SchemaWords | undefined;
  switch (error.keyword) {
    case 'required':
      return `missing required key "${excerpt(String(params.missingProperty))}"`;
    case 'additionalProperties': {
      const allowed = Object.keys(parent?.properties ?? {});
      const extensions = Object.keys(parent?.patternProperties ?? {}).some((pattern) => pattern.includes('x-')) ? ' (or an x- extension key)' : '';
      return `unknown key "${excerpt(String(params.additionalProperty))}"${allowed.length ? `; expected one of ${allowed.join(', ')}${extensions}` : ''}`;
    }
    case 'enum':
      return `expected one of ${(params.allowedValues as unknown[]).join(', ')}; found ${what}`;
    case 'const':
      return `expected ${JSON.stringify(params.allowedValue)}; found ${what}`;
    case 'type':
    case 'minimum':
    case 'maximum':
      if (parent?.['x-message']) return `${parent['x-message']}; found ${what}`;
      if (isNumberSchema(parent)) return `expected ${expectedNumber(parent!)}; found ${what}`;
      if (error.keyword !== 'type') return `must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params.limit)}; found ${what}`;
      return `expected ${String(params.type).split(',').map((t) => TYPE_WORDS[t] ?? t).join(' or ')}; found ${what}`;
    case 'pattern':
      return `${what} is not in the expected form${parent?.description ? ` (${parent.description})` : ''}`;
    case 'not':
      return `${what} is not allowed here`;
    case 'oneOf':
    case 'anyOf':
      return `${parent?.['x-message'] ?? parent?.description ?? 'does not match any allowed form'}; found ${what}`;
    case 'minItems':
      return `must list at least ${String(params.limit)} item(s)`;
    case 'minLength':
      return `must not be empty`;
    case 'uniqueItems':
      return `lists the same item twice (items ${String(params.j)} and ${String(params.i)})`;
    default:
      return `${error.message ?? 'is invalid'}`;
  }
}
