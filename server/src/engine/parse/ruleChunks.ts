/**
 * Splits a rule file into its header and one text chunk per rule, by lines, so
 * each rule is parsed on its own and an unchanged rule is never parsed again.
 * Returns undefined for anything it cannot split safely (anchors and aliases
 * that cross rules, several documents, tabs, a flow-style rules list); the
 * caller then parses the whole document.
 */
export interface TextChunk {
  readonly text: string;
  readonly base: number;
}

export interface RuleChunks {
  /** The text before the first rule and after the last one, each a valid YAML document. */
  readonly header: TextChunk[];
  readonly items: TextChunk[];
  readonly rulesKeyStart: number;
  /** After the last line of the last rule that is neither blank nor a comment. */
  readonly rulesEnd: number;
}

/** Directives, document markers after the first line, anchors/aliases, tabs. */
const UNSAFE_TO_SPLIT = /^%|\n(?:---|\.\.\.)(?:[ \t\r\n]|$)|[\s[{,:-][&*][^\s,\]}]|^[&*]|\t/m;
const RULES_KEY = /^rules[ \t]*:[ \t]*(?:#.*)?\r?$/gm;
const BLANK_OR_COMMENT = /^[ \t]*(?:#.*)?\r?$/;

export function splitRuleChunks(text: string): RuleChunks | undefined {
  if (UNSAFE_TO_SPLIT.test(text)) return undefined;
  const keys = [...text.matchAll(RULES_KEY)];
  if (keys.length !== 1) return undefined;
  const rulesKeyStart = keys[0].index!;
  let position = text.indexOf('\n', rulesKeyStart);
  if (position === -1) return undefined;
  position++;

  let itemIndent = -1;
  const itemStarts: number[] = [];
  let sectionEnd = text.length;
  let rulesEnd = position;
  while (position < text.length) {
    const newline = text.indexOf('\n', position);
    const lineEnd = newline === -1 ? text.length : newline + 1;
    const line = text.slice(position, newline === -1 ? text.length : newline);
    if (!BLANK_OR_COMMENT.test(line)) {
      const indent = line.length - line.trimStart().length;
      const startsItem = line[indent] === '-' && (indent + 1 === line.length || line[indent + 1] === ' ' || line[indent + 1] === '\r');
      if (itemIndent === -1) {
        if (!startsItem) return undefined;
        itemIndent = indent;
      }
      if (indent === itemIndent && startsItem) {
        itemStarts.push(position);
      } else if (indent < itemIndent || (indent === itemIndent && !startsItem)) {
        sectionEnd = position;
        break;
      }
      rulesEnd = lineEnd;
    }
    position = lineEnd;
  }
  if (itemStarts.length === 0) return undefined;
  const items = itemStarts.map((start, i) => {
    const end = i + 1 < itemStarts.length ? itemStarts[i + 1] : sectionEnd;
    return { text: text.slice(start, end), base: start };
  });
  const header = [{ text: text.slice(0, itemStarts[0]), base: 0 }];
  if (sectionEnd < text.length) header.push({ text: text.slice(sectionEnd), base: sectionEnd });
  return { header, items, rulesKeyStart, rulesEnd };
}
