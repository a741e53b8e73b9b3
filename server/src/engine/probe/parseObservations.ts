import probeSchema from '../../../../schemas/probe-result.schema.json';
import type { SyntaxProblem } from '../model/types';
import { jsonSchemaProblems } from '../parse/jsonSchemaProblems';
import { markedRange, parseJson, valueOf, type JsonObject } from '../parse/jsonTree';
import { validatorFor } from '../parse/schemaValidation';
import type { Observation, ObservationFile, ObservedSource, ProbeRecord } from './types';

/** A file of thousands of broken lines is one problem said many times: the first ones say it. */
const MAX_PROBLEMS = 200;

const LINE = /([^\r\n]*)(?:\r\n|\r|\n|$)/gy;

/**
 * Reads a probe results file (JSON Lines, schemas/probe-result.schema.json):
 * every line that is one valid result becomes an observation with the place of
 * each value; every other non-blank line is a problem at its place (BEX001), and
 * is left out. Never throws.
 */
export function parseObservations(source: ObservedSource): ObservationFile {
  const { uri, text } = source;
  const observations: Observation[] = [];
  const problems: SyntaxProblem[] = [];
  const validate = validatorFor(probeSchema);
  // A byte-order mark (PowerShell 5.1 writes one) is skipped by the JSON reader.
  LINE.lastIndex = 0;
  for (let match = LINE.exec(text); match && match[0] !== ''; match = LINE.exec(text)) {
    const start = match.index;
    const line = match[1];
    if (line.trim() === '') continue;
    const shift = (range: readonly [number, number]): [number, number] => [start + range[0], start + range[1]];
    const say = (message: string, range: readonly [number, number]) => {
      if (problems.length < MAX_PROBLEMS) problems.push({ message, range: shift(range) });
    };
    const parsed = parseJson(line);
    if (parsed.problem) {
      // The reader speaks of a file; here each line is a document of its own.
      say(`not a JSON line: ${parsed.problem.message.replace(/^the file ends/, 'the line ends')}`, parsed.problem.range);
      continue;
    }
    const root = parsed.root;
    const schemaProblems = jsonSchemaProblems(root, validate, [], 0, 'the line');
    if (schemaProblems.length > 0) {
      for (const problem of schemaProblems) say(problem.message, problem.range);
      continue;
    }
    const object = root as JsonObject;
    const record = Object.fromEntries(object.entries.map((entry) => [entry.key, valueOf(entry.value)])) as unknown as ProbeRecord;
    const time = Date.parse(record.at);
    const places = Object.fromEntries(object.entries.map((entry) => [entry.key, shift(markedRange(entry.value))]));
    if (!Number.isFinite(time)) {
      say(`at: "${record.at}" is not a date and time that exists`, markedRange(object.entries.find((e) => e.key === 'at')!.value));
      continue;
    }
    observations.push({ ...record, uri, range: shift(object.range), places, time });
  }
  return { uri, text, observations, problems, owned: source.owned };
}
