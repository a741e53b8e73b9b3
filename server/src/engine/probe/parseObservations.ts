import probeSchema from '../../../../schemas/probe-result.schema.json';
import type { ValidateFunction } from 'ajv';
import type { OffsetRange, SyntaxProblem } from '../model/types';
import { jsonSchemaProblems } from '../parse/jsonSchemaProblems';
import { entryOf, markedRange, parseJson, valueOf, type JsonObject } from '../parse/jsonTree';
import { validatorFor } from '../parse/schemaValidation';
import type { Observation, ObservationFile, ObservedSource, ProbeRecord } from './types';

/** A file of thousands of broken lines is one problem said many times: the first ones say it. */
const MAX_PROBLEMS = 200;

const LINE = /([^\r\n]*)(?:\r\n|\r|\n|$)/gy;

/**
 * Reads a probe results file (JSON Lines, schemas/probe-result.schema.json):
 * every line that is one valid result becomes an observation; every other
 * non-blank line is a problem at its place (BEX001), and is left out. Never throws.
 * A month of results holds hundreds of thousands of lines, nearly all valid and
 * superseded: a valid line costs the native JSON.parse and the schema check, and
 * only a line that fails them is read again for the exact place of each problem.
 */
export function parseObservations(source: ObservedSource): ObservationFile {
  const { uri, text } = source;
  const observations: Observation[] = [];
  const problems: SyntaxProblem[] = [];
  const validate = validatorFor(probeSchema);
  LINE.lastIndex = 0;
  for (let match = LINE.exec(text); match && match[0] !== ''; match = LINE.exec(text)) {
    const line = match[1];
    const json = line.trim();
    if (json === '') continue;
    const start = match.index + line.indexOf(json[0]);
    const record = parsedRecord(json, validate);
    if (record) {
      // Written out, not spread: one shape for all, which a spread of JSON.parse's object is not.
      const { from, to, protocol, port, result, at, address, detail } = record;
      observations.push({ from, to, protocol, port, result, at, address, detail, uri, range: [start, start + json.length], json, time: timeOf(at) });
    }
    else for (const problem of lineProblems(json, validate)) if (problems.length < MAX_PROBLEMS) problems.push({ message: problem.message, range: [start + problem.range[0], start + problem.range[1]] });
  }
  return { uri, text, observations, problems, owned: source.owned };
}

/** The line's result when it is one: JSON, valid by the schema, at a time that exists. */
function parsedRecord(json: string, validate: ValidateFunction): ProbeRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  return validate(value) && Number.isFinite(timeOf((value as ProbeRecord).at)) ? (value as ProbeRecord) : undefined;
}

/** What is wrong with a line that is not a result, at its place in the line. */
function lineProblems(json: string, validate: ValidateFunction): SyntaxProblem[] {
  // The JSON reader skips a byte-order mark (PowerShell 5.1 writes one), which JSON.parse does not.
  const parsed = parseJson(json);
  if (parsed.problem) {
    // The reader speaks of a file; here each line is a document of its own.
    return [{ message: `not a JSON line: ${parsed.problem.message.replace(/^the file ends/, 'the line ends')}`, range: parsed.problem.range }];
  }
  const schemaProblems = jsonSchemaProblems(parsed.root, validate, [], 0, 'the line');
  if (schemaProblems.length > 0) return schemaProblems;
  const at = entryOf(parsed.root as JsonObject, 'at')!.value;
  const record = valueOf(parsed.root) as ProbeRecord;
  if (Number.isFinite(timeOf(record.at))) return [];
  return [{ message: `at: "${record.at}" is not a date and time that exists`, range: markedRange(at) }];
}

/**
 * `at` (valid by the schema's pattern) in milliseconds since 1970, or NaN when it names no day
 * that exists: Date.parse rolls 2026-02-30 over to 2 March, which is not what the probe wrote.
 */
export function timeOf(at: string): number {
  const [year, month, day] = at.slice(0, 10).split('-').map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const exists = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return exists ? Date.parse(at) : NaN;
}

/** Where the observation's value of `key` is written in its file (the whole object when the key is not there). */
export function observationPlace(observation: Observation, key: keyof ProbeRecord): OffsetRange {
  const { root } = parseJson(observation.json);
  const entry = root?.kind === 'object' ? entryOf(root, key) : undefined;
  if (!entry) return observation.range;
  const [start, end] = markedRange(entry.value);
  return [observation.range[0] + start, observation.range[0] + end];
}
