/**
 * How deep a YAML text may nest lists and mappings before befw refuses to
 * read it. The yaml package composes nodes recursively and runs out of stack
 * somewhere between 500 and 1,000 levels; caught deep in the stack, that has
 * even brought the whole process down (V8 "RegExpCompiler Allocation
 * failed"). Real manifests and rule files nest fewer than ten levels.
 */
export const MAX_NESTING = 100;

/**
 * Where the text first nests deeper than MAX_NESTING, by an estimate that is
 * cheap to compute and at least half the true depth: open [ and { (outside
 * quotes and comments) plus, per line, the columns of indentation and of
 * "- " / "? " indicators before the content (a block level takes at least
 * one column, but for a list that is a mapping's value: two levels per two
 * columns at most). Undefined when the text stays within the limit.
 */
export function tooDeepAt(text: string): number | undefined {
  let flowDepth = 0;
  let lineStart = true;
  let blockDepth = 0;
  let previous = '\n';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      lineStart = true;
      blockDepth = 0;
      previous = c;
      continue;
    }
    if (lineStart) {
      if (c === ' ' || ((c === '-' || c === '?') && isBlank(text[i + 1]))) {
        blockDepth++;
        if (flowDepth + blockDepth > MAX_NESTING) return i;
        continue;
      }
      lineStart = false;
    }
    if (c === '#' && isBlank(previous)) {
      i = lineEnd(text, i) - 1;
      continue;
    }
    if ((c === '"' || c === "'") && opensValue(previous)) {
      i = quoteEnd(text, i);
      previous = c;
      continue;
    }
    if ((c === '[' || c === '{') && opensValue(previous)) {
      flowDepth++;
      if (flowDepth + blockDepth > MAX_NESTING) return i;
    } else if ((c === ']' || c === '}') && flowDepth > 0) {
      flowDepth--;
    }
    if (c !== ' ' && c !== '\t') previous = c;
    else if (!isBlank(previous)) previous = ' ';
  }
  return undefined;
}

const isBlank = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Whether a value may start after `previous` (the last character that is not a blank, or a blank itself after a token). */
const opensValue = (previous: string) => isBlank(previous) || previous === '[' || previous === '{' || previous === ',' || previous === ':' || previous === '-' || previous === '?';

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (text[i] === '\n' || text[i] === '\r') return i;
  return text.length;
}

/** The offset of the quote that closes the one at `start` (YAML doubles a single quote inside '…' and escapes with \ inside "…"). */
function quoteEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return text.length;
}
