import type { OffsetRange, SyntaxProblem } from '../../model/types';
import type { ChainDeclaration, Comment, Counters } from './tree';
import { wordsOf, type Word } from './words';

/**
 * The small line kinds of iptables-save text: comments, `:CHAIN` declarations and `[p:b]`
 * counters. FORMATS.md 2a: `:BUILTINCHAIN POLICY [packets:bytes]`, `:USERCHAIN - [0:0]`, and with
 * `-c` "`[pkts:bytes]` precedes each rule"; FORMATS.md 2d: ufw's `### tuple ###` comments.
 */

const TUPLE_MARK = '### tuple ###';

/** A `#` line; `start` is its `#`. */
export function readComment(text: string, start: number, end: number): Comment {
  const comment: Comment = { range: [start, end], text: text.slice(start, end) };
  if (!text.startsWith(TUPLE_MARK, start)) return comment;
  let from = start + TUPLE_MARK.length;
  while (from < end && (text.charCodeAt(from) === 32 || text.charCodeAt(from) === 9)) from++;
  let to = end;
  while (to > from && (text.charCodeAt(to - 1) === 32 || text.charCodeAt(to - 1) === 9)) to--;
  return { ...comment, tuple: { text: text.slice(from, to), range: [from, to] } };
}

/** Whether text[from, to) is one or more digits. */
export const isDigits = (text: string, from: number, to: number) => {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
};

/** `[packets:bytes]`, or undefined when the word is not one. */
export function readCounters(word: Word): Counters | undefined {
  const { text } = word;
  if (word.quoted || text.charCodeAt(0) !== 91 || text.charCodeAt(text.length - 1) !== 93) return undefined;
  const colon = text.indexOf(':');
  if (colon === -1 || !isDigits(text, 1, colon) || !isDigits(text, colon + 1, text.length - 1)) return undefined;
  const at = word.range[0];
  return {
    range: word.range,
    packets: { text: text.slice(1, colon), range: [at + 1, at + colon] },
    bytes: { text: text.slice(colon + 1, text.length - 1), range: [at + colon + 1, at + text.length - 1] },
  };
}

/** `:NAME POLICY [p:b]`; `start` is the colon, `end` the line's end. */
export function readChainDeclaration(text: string, start: number, end: number, problems: SyntaxProblem[]): ChainDeclaration | undefined {
  const { words } = wordsOf(text, start + 1, end);
  const line: OffsetRange = [start, end];
  const [name, policy, counters, ...extra] = words;
  if (!name || name.range[0] !== start + 1) {
    problems.push({ message: 'a chain declaration needs the chain name right after ":"', range: line });
    return undefined;
  }
  if (!policy) problems.push({ message: `chain ${name.text} has no policy (ACCEPT, DROP, or "-" for a user chain)`, range: name.range });
  const read = counters ? readCounters(counters) : undefined;
  if (counters && !read) problems.push({ message: 'expected counters such as [0:0]', range: counters.range });
  if (extra.length > 0) problems.push({ message: 'unexpected words after the chain declaration', range: [extra[0].range[0], extra[extra.length - 1].range[1]] });
  return {
    range: line,
    name: { text: name.text, range: name.range },
    policy: policy && { text: policy.text, range: policy.range },
    counters: read,
    userChain: policy?.text === '-',
  };
}
