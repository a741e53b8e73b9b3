/**
 * Where the cursor is in a YAML document, read from the lines alone: it works
 * on half-typed text that does not parse, and costs little on a large file.
 */
export interface YamlContext {
  /** Keys from the root to the mapping the cursor is in; "*" for a list item. */
  readonly path: readonly string[];
  /** Typing a key, or a value of `key` (an item of its list when `inList`). */
  readonly mode: 'key' | 'value';
  readonly key?: string;
  readonly inList: boolean;
  /** The partial word before the cursor, and where it starts. */
  readonly word: string;
  readonly wordStart: number;
  /** The cursor is in a comment, where nothing is completed. */
  readonly inComment: boolean;
}

/** One thing a line opens, at its column: a list item ("- ") or a key. */
interface Opener {
  readonly column: number;
  readonly key?: string;
  /** A key with a value on its own line, which cannot hold the lines below. */
  readonly closed?: boolean;
}

const KEY = /^([A-Za-z_$][\w$.-]*|"[^"]*"|'[^']*')[ \t]*:(?:[ \t]+|$)/;

function openers(line: string): Opener[] {
  const text = line.replace(/\r$/, '');
  if (/^\s*(#|$)/.test(text)) return [];
  const result: Opener[] = [];
  let column = /^ */.exec(text)![0].length;
  while (text.startsWith('-', column) && /^-(\s|$)/.test(text.slice(column))) {
    result.push({ column });
    column += 1 + /^\s*/.exec(text.slice(column + 1))![0].length;
  }
  const key = KEY.exec(text.slice(column));
  if (key) {
    const value = text.slice(column + key[0].length).replace(/(^|\s)#.*$/, '').trim();
    // A block scalar indicator, an anchor or a tag alone leaves the value to the lines below.
    result.push({ column, key: key[1].replace(/^["']|["']$/g, ''), closed: value !== '' && !/^(?:[|>]|[&!]\S*$)/.test(value) });
  }
  return result;
}

/**
 * The path of the block collections enclosing a column of the line starting
 * at `lineStart`. When that line starts a list item, its list may hang at the
 * key's own indentation ("key:\n- item").
 */
function enclosingPath(text: string, lineStart: number, column: number, startsItem: boolean): string[] {
  const path: string[] = [];
  let threshold = column;
  let lastWasItem = startsItem;
  let end = lineStart - 1;
  while (end >= 0 && (threshold > 0 || lastWasItem)) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    for (const opener of openers(line).reverse()) {
      const parentOfItem = lastWasItem && opener.key !== undefined && !opener.closed && opener.column === threshold;
      if (opener.column >= threshold && !parentOfItem) continue;
      if (opener.key !== undefined && opener.closed) continue;
      path.push(opener.key ?? '*');
      lastWasItem = opener.key === undefined;
      threshold = opener.column;
    }
    if (start === 0) break;
  }
  return path.reverse();
}

/** The innermost bracket left open before the end of `prefix`, skipping quoted text and comments; -2 inside a comment. */
function openBracket(prefix: string): number {
  const stack: number[] = [];
  let quote: string | undefined;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(prefix[i - 1]))) {
      const lineEnd = prefix.indexOf('\n', i);
      if (lineEnd === -1) return -2;
      i = lineEnd;
    }
    else if (c === '{' || c === '[') stack.push(i);
    else if ((c === '}' || c === ']') && stack.length > 0) stack.pop();
  }
  return stack.length > 0 ? stack[stack.length - 1] : -1;
}

/** Path and mode for the text of one line up to the cursor. */
function contextOfLine(text: string, lineStart: number, prefix: string): Omit<YamlContext, 'word' | 'wordStart' | 'inComment'> {
  const bracket = openBracket(prefix);
  if (bracket >= 0) {
    const before = prefix.slice(0, bracket);
    const ownerMatch = keyBefore(before);
    const outer = contextOfLine(text, lineStart, ownerMatch ? before.slice(0, ownerMatch.index) : before);
    // Without a key before it, the bracket is an item of the list the outer context is in.
    const holder = ownerMatch ? [...outer.path, ownerMatch[1]] : outer.mode === 'value' && outer.key ? [...outer.path, outer.key, '*'] : [...outer.path];
    if (prefix[bracket] === '[') return { path: holder.slice(0, -1), mode: 'value', key: holder[holder.length - 1], inList: true };
    const key = /^\s*([A-Za-z_$][\w$.-]*)[ \t]*:/.exec(prefix.slice(bracket + 1).split(',').pop()!)?.[1];
    return key ? { path: holder, mode: 'value', key, inList: false } : { path: holder, mode: 'key', inList: false };
  }
  const shape = openers(prefix);
  const last = shape[shape.length - 1];
  const items = shape.filter((o) => o.key === undefined);
  const innermostItem = items[items.length - 1];
  if (last?.key !== undefined) {
    // "key: value-so-far": the value of that key.
    const itemPath = items.map(() => '*');
    return { path: [...enclosingPath(text, lineStart, items[0]?.column ?? last.column, items.length > 0), ...itemPath], mode: 'value', key: last.key, inList: false };
  }
  const column = innermostItem ? items[0].column : prefix.length - prefix.trimStart().length;
  const outer = enclosingPath(text, lineStart, column, items.length > 0);
  if (innermostItem && !/\S/.test(prefix.slice(innermostItem.column + 1))) {
    // "- wor": either a scalar item of the enclosing key's list or the first key of a mapping item.
    const parentKey = outer[outer.length - 1];
    if (parentKey !== undefined && parentKey !== '*' && items.length === 1) return { path: [...outer, ...items.map(() => '*')], mode: 'key', key: parentKey, inList: true };
  }
  return { path: [...outer, ...items.map(() => '*')], mode: 'key', inList: false };
}

const WORD_CHARACTER = /[\w.$-]/;

/** Where the word ending `text` starts; scanned backwards, so a long line costs one pass. */
function wordStartIn(text: string): number {
  let start = text.length;
  while (start > 0 && WORD_CHARACTER.test(text[start - 1])) start--;
  return start;
}

/** `key:` (and blanks) ending `text`: the key and where it starts. */
function keyBefore(text: string): { index: number; 1: string } | undefined {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  if (text[end - 1] !== ':') return undefined;
  end--;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  const start = wordStartIn(text.slice(0, end));
  const key = text.slice(start, end);
  return /^[A-Za-z_$]/.test(key) ? { index: start, 1: key } : undefined;
}

/** Flow collections spanning lines are followed back this far. */
const MAX_FLOW_LINES = 20;

export function yamlContext(text: string, offset: number): YamlContext {
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(lineStart, offset);
  // The word being typed, or an open quoted string with its quote: completion replaces it whole.
  const quoted = (line.match(/"/g)?.length ?? 0) % 2 === 1 ? line.slice(line.lastIndexOf('"')) : undefined;
  const word = quoted ?? line.slice(wordStartIn(line));
  const inComment = openBracket(line) === -2;
  let prefix = line.slice(0, line.length - word.length);
  if (!inComment && openBracket(prefix) === -1) {
    // Inside a "[ ... ]" or "{ ... }" opened on an earlier line?
    let start = lineStart;
    for (let i = 0; i < MAX_FLOW_LINES && start > 0; i++) {
      start = text.lastIndexOf('\n', start - 2) + 1;
      const joined = text.slice(start, lineStart) + prefix;
      if (openBracket(joined) >= 0) {
        prefix = joined;
        lineStart = start;
        break;
      }
    }
  }
  return { ...contextOfLine(text, lineStart, prefix), word, wordStart: offset - word.length, inComment };
}
