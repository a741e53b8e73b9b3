import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import * as fc from 'fast-check';
import * as ts from 'typescript';

/**
 * Every regular expression of the parsers, checks, language features and
 * grammars against catastrophic backtracking: each gets 50,000-character
 * adversarial inputs (long runs of the characters it repeats, the text it
 * matches pumped up, each with a tail that makes the match fail) and must
 * answer each within 200 ms. The regexes run in a worker, so one that never
 * returns is stopped and reported instead of hanging the test.
 */

const SEED = 42;
const ROOT = join(__dirname, '..', '..', '..');
const LENGTH = 50_000;
/** The bound for one exec on a 50 kB input. */
const BOUND_MS = 200;
/** A worker silent for this long is stopped: the regex in it is far over the bound. */
const STOP_MS = 1_500;

interface Pattern {
  /** file:line where it is written. */
  readonly where: string;
  readonly source: string;
  readonly flags: string;
}

/** An input: `prefix`, then `unit` repeated up to LENGTH characters, then `tail`. */
interface Recipe {
  readonly prefix: string;
  readonly unit: string;
  readonly tail: string;
}

function tsFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Regex literals, and `new RegExp('literal', 'flags')`, found by the TypeScript parser (no guessing about `/` in code). */
function sourceRegexes(): { patterns: Pattern[]; dynamic: string[] } {
  const patterns: Pattern[] = [];
  const dynamic: string[] = [];
  for (const path of tsFiles(join(ROOT, 'server', 'src'))) {
    const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
    const where = (node: ts.Node) => `${relative(ROOT, path)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText();
        const end = text.lastIndexOf('/');
        patterns.push({ where: where(node), source: text.slice(1, end), flags: text.slice(end + 1) });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        const [source, flags] = node.arguments ?? [];
        if (source && ts.isStringLiteralLike(source) && (!flags || ts.isStringLiteralLike(flags))) patterns.push({ where: where(node), source: source.text, flags: flags ? (flags as ts.StringLiteralLike).text : '' });
        else dynamic.push(where(node));
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return { patterns, dynamic };
}

/** The match/begin/end/while patterns of the TextMate grammars that JavaScript compiles; the others are listed. */
function grammarRegexes(): { patterns: Pattern[]; skipped: string[] } {
  const patterns: Pattern[] = [];
  const skipped: string[] = [];
  const folder = join(ROOT, 'syntaxes');
  for (const name of readdirSync(folder).filter((n) => n.endsWith('.tmLanguage.json'))) {
    const text = readFileSync(join(folder, name), 'utf8');
    const lineOf = (source: string) => text.slice(0, text.indexOf(JSON.stringify(source))).split('\n').length;
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(visit);
      if (!value || typeof value !== 'object') return;
      for (const [key, child] of Object.entries(value)) {
        if (['match', 'begin', 'end', 'while'].includes(key) && typeof child === 'string') {
          const where = `syntaxes/${name}:${lineOf(child)}`;
          try {
            new RegExp(child);
            patterns.push({ where, source: child, flags: '' });
          } catch (error) {
            skipped.push(`${where} ${child}: ${(error as Error).message}`);
          }
        } else visit(child);
      }
    };
    visit(JSON.parse(text));
  }
  return { patterns, skipped };
}

/** Characters and pairs that quantified parts of these regexes repeat; each also alone. */
const UNITS = ['a', ' ', '-', '1', ':', '"', '\\', '\t', '\n', '\r\n', '.', ',', '#', '/', '=', "'", '`', '0', 'A', '_', '$', '%', '@', '^', '{', '[', '(', '*', 'a ', '1-', '1.', 'a:', ': ', '- ', '\\"', ' 1', '1,', 'a-', '::'];
const TAILS = ['\u0000', '\n!'];

/** The literal text a regex needs before anything repeats ("netsh", "REM", "befw-disable-next-line"…). */
function literalPrefix(source: string): string {
  let prefix = '';
  let i = 0;
  const skip = /^(?:\^|\\b|\\s[*+?]?|\[ \\t\][*+?]|\(\?:|\(\?<\w+>|\(| [*+?]?)/;
  while (i < source.length) {
    const rest = source.slice(i);
    const skipped = skip.exec(rest);
    if (skipped) {
      if (/^\\s|^\[ |^ /.test(skipped[0])) prefix += ' ';
      i += skipped[0].length;
      continue;
    }
    const literal = /^(?:[A-Za-z0-9_ ,:;=@#'"<>!%&~`-]|\\[.\-/()[\]{}$^*+?|\\])/.exec(rest);
    if (!literal || /^[*+?{]/.test(source.slice(i + literal[0].length))) break;
    prefix += literal[0].replace(/^\\/, '');
    i += literal[0].length;
  }
  return prefix;
}

/** The characters a regex writes literally (and the class shorthands it uses), as extra units. */
function ownUnits(source: string): string[] {
  const units = new Set<string>();
  for (const [shorthand, unit] of [['\\d', '1'], ['\\w', 'a'], ['\\s', ' '], ['\\S', 'a'], ['\\D', 'a'], ['\\W', ' ']]) if (source.includes(shorthand)) units.add(unit);
  for (const char of source.replace(/\\[a-zA-Z]/g, '').replace(/\\(.)/g, '$1')) if (!'()[]{}|?*+^$'.includes(char)) units.add(char);
  return [...units].slice(0, 24);
}

/** A regex fast-check can generate matches for: flags it cannot handle dropped, assertions it does not know taken out. */
function generatable(source: string): RegExp | undefined {
  let simple = source.replace(/\\[bB]/g, '');
  // Remove lookaround groups (innermost first) until none is left.
  for (let before = ''; before !== simple; ) {
    before = simple;
    simple = simple.replace(/\(\?<?[=!][^()]*\)/g, '');
  }
  try {
    return new RegExp(simple);
  } catch {
    return undefined;
  }
}

/** Matches of the regex with one short piece of them repeated: the inputs that make a nested quantifier backtrack. */
function pumped(pattern: Pattern): Recipe[] {
  const regex = generatable(pattern.source);
  if (!regex) return [];
  let samples: string[];
  try {
    samples = fc.sample(fc.stringMatching(regex, { size: 'small' }), { seed: SEED, numRuns: 4 });
  } catch {
    return [];
  }
  const recipes: Recipe[] = [];
  for (const sample of samples.filter((s) => s.length > 0 && s.length <= 60)) {
    for (const at of new Set([0, Math.floor(sample.length / 3), Math.floor(sample.length / 2), sample.length - 1])) {
      for (const width of [1, 2]) {
        const unit = sample.slice(at, at + width);
        if (unit) recipes.push({ prefix: sample.slice(0, at), unit, tail: `${sample.slice(at + width)}\u0000` });
      }
    }
  }
  return recipes.slice(0, 24);
}

function recipesFor(pattern: Pattern): Recipe[] {
  const prefixes = [...new Set(['', literalPrefix(pattern.source)])];
  const units = [...new Set([...UNITS, ...ownUnits(pattern.source)])];
  return [...prefixes.flatMap((prefix) => units.flatMap((unit) => TAILS.map((tail) => ({ prefix, unit, tail })))), ...pumped(pattern)];
}

/** Runs in the worker: builds each input and times one exec (or, for a global regex, a full scan); stops a regex at its first slow input. */
const WORKER = `
const { parentPort } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
parentPort.on('message', ({ source, flags, recipes, length, bound }) => {
  const regex = new RegExp(source, flags);
  for (const [index, { prefix, unit, tail }] of recipes.entries()) {
    const input = prefix + unit.repeat(Math.ceil(Math.max(0, length - prefix.length) / unit.length)) + tail;
    const started = performance.now();
    regex.lastIndex = 0;
    if (regex.global) input.match(regex);
    else regex.exec(input);
    const ms = performance.now() - started;
    parentPort.postMessage({ index, ms });
    if (ms > bound) break;
  }
  parentPort.postMessage({ done: true });
});
`;

interface Slow {
  readonly where: string;
  readonly regex: string;
  readonly input: string;
  readonly ms: number;
}

const describeInput = ({ prefix, unit, tail }: Recipe) => `${JSON.stringify(prefix)} + ${JSON.stringify(unit)} × ${Math.round(LENGTH / unit.length)} + ${JSON.stringify(tail)}`;

/** Times the inputs of every pattern, up to its first slow one; a pattern that stalls the worker is reported and the worker replaced. */
async function timeAll(patterns: readonly Pattern[]): Promise<{ slow: Slow[]; execs: number }> {
  const slow: Slow[] = [];
  let execs = 0;
  let worker: Worker | undefined;
  try {
    for (const pattern of patterns) {
      const recipes = recipesFor(pattern);
      worker ??= new Worker(WORKER, { eval: true });
      const current = worker;
      const stalled = await new Promise<number | undefined>((resolve, reject) => {
        let next = 0;
        let timer = setTimeout(() => finish(next), STOP_MS);
        const onMessage = (message: { index?: number; ms?: number; done?: boolean }) => {
          clearTimeout(timer);
          if (message.done) return finish(undefined);
          execs++;
          next = message.index! + 1;
          if (message.ms! > BOUND_MS) slow.push({ where: pattern.where, regex: `/${pattern.source}/${pattern.flags}`, input: describeInput(recipes[message.index!]), ms: Math.round(message.ms!) });
          timer = setTimeout(() => finish(next), STOP_MS);
        };
        const onError = (error: Error) => {
          clearTimeout(timer);
          current.off('message', onMessage);
          reject(error);
        };
        const finish = (value: number | undefined) => {
          current.off('message', onMessage);
          current.off('error', onError);
          resolve(value);
        };
        current.on('message', onMessage);
        current.once('error', onError);
        current.postMessage({ source: pattern.source, flags: pattern.flags, recipes, length: LENGTH, bound: BOUND_MS });
      });
      if (stalled !== undefined) {
        slow.push({ where: pattern.where, regex: `/${pattern.source}/${pattern.flags}`, input: describeInput(recipes[stalled]), ms: Infinity });
        await worker.terminate();
        worker = undefined;
      }
    }
  } finally {
    await worker?.terminate();
  }
  return { slow, execs };
}

const report = (slow: readonly Slow[]) => slow.map((s) => `${s.where} ${s.regex} took ${s.ms === Infinity ? `over ${STOP_MS} ms (stopped)` : `${s.ms} ms`} on ${s.input}`).join('\n');

describe(`regular expressions against catastrophic backtracking (${LENGTH / 1000} kB inputs, ${BOUND_MS} ms each)`, () => {
  it('the helpers find the regexes they are meant to', () => {
    assert.equal(literalPrefix('^\\s*REM\\b(.*)$'), ' REM');
    assert.equal(literalPrefix('^netsh\\s+advfirewall'), 'netsh advfirewall');
    assert.ok(ownUnits('^\\d+-\\d+$').includes('1') && ownUnits('^\\d+-\\d+$').includes('-'));
    const ok: Pattern = { where: 'x', source: '^a+$', flags: '' };
    assert.ok(recipesFor(ok).length > UNITS.length);
  });

  it('every regex literal in server/src answers each adversarial input in time', { timeout: 300_000 }, async (t) => {
    const { patterns, dynamic } = sourceRegexes();
    assert.ok(patterns.length >= 80, `${patterns.length} regexes found in server/src`);
    if (dynamic.length > 0) t.diagnostic(`RegExp built from non-literal text, not tested: ${dynamic.join(', ')}`);
    const { slow, execs } = await timeAll(patterns);
    t.diagnostic(`${patterns.length} regexes, ${execs} timed execs`);
    assert.deepEqual(slow, [], `slow regexes:\n${report(slow)}`);
  });

  it('every JavaScript-compatible pattern of syntaxes/*.tmLanguage.json answers each adversarial input in time', { timeout: 300_000 }, async (t) => {
    const { patterns, skipped } = grammarRegexes();
    assert.ok(patterns.length >= 20, `${patterns.length} grammar patterns compiled`);
    if (skipped.length > 0) t.diagnostic(`patterns JavaScript cannot compile, not tested:\n${skipped.join('\n')}`);
    const { slow, execs } = await timeAll(patterns);
    t.diagnostic(`${patterns.length} patterns (${skipped.length} skipped), ${execs} timed execs`);
    assert.deepEqual(slow, [], `slow grammar patterns:\n${report(slow)}`);
  });
});
