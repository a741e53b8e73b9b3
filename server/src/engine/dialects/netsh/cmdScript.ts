import type { OffsetRange, SyntaxProblem } from '../../model/types';
import { excerpt } from '../../util/excerpt';
import { Environment, expandDelayed, expandPercents, unknownIn, type UnknownReferences, type Variable } from './cmdExpansion';
import { commandParts, logicalLines, type LogicalLine } from './cmdText';
import { MappedBuilder, type MappedText } from './mappedText';

/**
 * The commands of a script in the order they run: a batch file (.cmd, .bat) read as cmd.exe
 * reads it, or a netsh script (`netsh -f`), whose lines are commands as written.
 *
 * Batch files: a line, or a parenthesised block with all its lines, is read and its `%NAME%`
 * references expanded before any of it runs (`set /?`: "the %VAR% in BOTH IF statements is
 * substituted when the first IF statement is read, since it logically includes the body of the
 * IF"). Then its commands run one by one: `set`, `setlocal` and `endlocal` change the variables,
 * and `!NAME!` is expanded if delayed expansion is on. A variable set under a condition or in a
 * loop (`if`, `for`, `call`, after `&&` or `||`, in such a block) is unknown afterwards. `goto`
 * is not followed: lines are read in the order they are written.
 */

/** cmd.exe refuses longer lines, "The input line is too long." (Microsoft KB 830473, "Command prompt (Cmd.exe) command-line string limitation"). */
const MAX_LINE_LENGTH = 8191;

export interface ScriptCommand extends MappedText {
  /** Where the command is written: from the line's start when only blanks come before it. */
  readonly range: OffsetRange;
  /** The leading blanks of the line it starts on. */
  readonly indent: string;
  /** Written inside a parenthesised block (if, for, else): a command added after it would run only when it does. */
  readonly nested?: boolean;
}

export interface CommandScript {
  /** Made one line at a time as they are read: a long script's commands are never all held at once. */
  readonly commands: Iterable<ScriptCommand>;
  /** Characters of the commands that stand for values known only at run time. */
  readonly unknown: UnknownReferences;
}

const CONDITIONAL = 'is set only under a condition or in a loop (if, for, call, && or ||), so its value depends on the run';

function isComment(text: string): boolean {
  return /^\s*(@?rem(\s|$)|:|#)/i.test(text);
}

function* uncommentedLines(text: string): Generator<LogicalLine> {
  for (const line of logicalLines(text)) if (!isComment(line.text)) yield line;
}

/** A netsh script: one command per logical line, nothing expanded. */
export function netshScriptCommands(text: string): CommandScript {
  return { commands: uncommentedLines(text), unknown: new Map() };
}

/**
 * The variables a batch file has set when cmd.exe reaches `offset` (a line's start), by lower-cased
 * name; undefined when that is inside a parenthesised block, whose `%NAME%` were all expanded when
 * the block was read.
 */
export function variablesAt(text: string, offset: number): ReadonlyMap<string, Variable> | undefined {
  const reader = new BatchReader(text.slice(0, offset), []);
  for (const command of reader.commands()) void command;
  return reader.inBlock ? undefined : reader.variables;
}

/** A batch file's commands; `problems` gets the lines cmd.exe refuses, as they are read. */
export function batchCommands(text: string, problems: SyntaxProblem[]): CommandScript {
  const reader = new BatchReader(text, problems);
  return { commands: reader.commands(), unknown: reader.unknown };
}

/** An open parenthesised block: what runs it, and what it sets when that depends on a condition. */
interface Block {
  readonly kind: 'plain' | 'if' | 'loop';
  readonly assigned: Set<string>;
}

class BatchReader {
  readonly unknown: UnknownReferences = new Map();
  private readonly environment = new Environment();
  /** While a block is read: the variables as they were when its first line was read. */
  private readWith?: ReadonlyMap<string, Variable>;
  /** The open blocks, innermost last; of them, the if/else blocks and how many are loops. */
  private readonly blocks: Block[] = [];
  private readonly ifBlocks: Block[] = [];
  private loops = 0;

  constructor(
    private readonly text: string,
    private readonly problems: SyntaxProblem[],
  ) {}

  get variables(): ReadonlyMap<string, Variable> {
    return this.environment.variables;
  }

  get inBlock(): boolean {
    return this.blocks.length > 0;
  }

  /**
   * A line's commands are given only once the whole line is read: a later command of the line can
   * note an unknown reference at the same place as an earlier one (one %P% holding several !Q!),
   * and every command of the line is read with the last note. Lines never share places.
   */
  *commands(): Generator<ScriptCommand> {
    for (const line of uncommentedLines(this.text)) yield* this.line(line);
  }

  private line(line: LogicalLine): ScriptCommand[] {
    const { environment, blocks } = this;
    const commands: ScriptCommand[] = [];
    const expanded = line.text.length > MAX_LINE_LENGTH ? line : expandPercents(line, this.readWith ?? environment.variables, this.unknown);
    if (expanded.text.length > MAX_LINE_LENGTH) {
      const expansion = line.text.length > MAX_LINE_LENGTH ? '' : ' once its variables are expanded';
      this.problems.push({ message: `This line is ${expanded.text.length} characters long${expansion}; cmd.exe does not run lines longer than ${MAX_LINE_LENGTH} ("The input line is too long.")`, range: line.range });
      return commands;
    }
    const edges = blockEdges(expanded.text, blocks.length > 0);
    if (edges.closesFirst) this.close();
    const body = slice(expanded, edges.start, edges.end);
    if (edges.opens) this.readWith ??= new Map(environment.variables);
    for (const part of commandParts(body)) {
      const command = expandDelayed(part, environment, this.unknown);
      this.run(command, part.conditional);
      const [a, b] = trimmed(part.text);
      const first = part.map.from(a);
      const start = this.text.slice(line.range[0], first).trim() === '' ? line.range[0] : first;
      commands.push({ text: command.text, map: command.map, range: [start, part.map.to(b - 1)], indent: line.indent, nested: blocks.length > 0 });
    }
    if (edges.opens) this.open(/^\s*(?:@\s*)?([a-z]*)/i.exec(body.text)![1].toLowerCase());
    if (edges.closesLast) this.close();
    return commands;
  }

  /** What one command does to the variables. */
  private run(command: MappedText, afterCondition: boolean): void {
    const { environment } = this;
    const word = /^\s*(?:@\s*)?([a-z]*)/i.exec(command.text)![1].toLowerCase();
    if (afterCondition || word === 'if' || word === 'for' || word === 'call' || this.loops > 0) {
      for (const set of command.text.matchAll(/(?:^|[\s(@&|])set\s*(?:\/[ap]\s*)?"?([^=\s"]+)\s*=/gi)) environment.set(set[1], { unknown: CONDITIONAL });
    } else if (word === 'set') {
      const name = runSet(command, environment, this.unknown);
      // Inside an if block the value holds until the block ends; after it, it depends on the condition.
      if (name) this.ifBlocks[this.ifBlocks.length - 1]?.assigned.add(name);
    } else if (word === 'setlocal') {
      environment.setlocal(command.text);
    } else if (word === 'endlocal') {
      environment.endlocal();
    }
  }

  private open(opener: string): void {
    const block: Block = { kind: opener === 'for' ? 'loop' : opener === 'if' || opener === 'else' ? 'if' : 'plain', assigned: new Set() };
    this.blocks.push(block);
    if (block.kind === 'if') this.ifBlocks.push(block);
    if (block.kind === 'loop') this.loops++;
  }

  private close(): void {
    const block = this.blocks.pop();
    if (block?.kind === 'if') this.ifBlocks.pop();
    if (block?.kind === 'loop') this.loops--;
    for (const name of block?.assigned ?? []) this.environment.set(name, { unknown: CONDITIONAL });
    if (this.blocks.length === 0) this.readWith = undefined;
  }
}

/** `set NAME=value`, `set "NAME=value"`, `set /a NAME=number`, `set /p NAME=prompt`; returns the name set, if any. */
function runSet(command: MappedText, environment: Environment, unknown: UnknownReferences): string | undefined {
  const head = /^\s*(?:@\s*)?set\s*/i.exec(command.text)![0].length;
  const option = /^\/([ap])\s*/i.exec(command.text.slice(head));
  let from = head + (option?.[0].length ?? 0);
  const quoted = command.text[from] === '"';
  if (quoted) from++;
  const equals = command.text.indexOf('=', from);
  if (equals <= from) return undefined; // `set`, `set P`: shows variables
  const name = command.text.slice(from, equals).trim();
  let end = command.text.length;
  if (quoted && command.text.lastIndexOf('"') > equals) end = command.text.lastIndexOf('"');
  environment.set(name, setValue(command, option?.[1].toLowerCase(), equals + 1, end, unknown));
  return name;
}

function setValue(command: MappedText, option: string | undefined, a: number, b: number, unknown: UnknownReferences): Variable {
  const value = command.text.slice(a, b);
  if (option === 'p') return { unknown: 'is typed in by whoever runs the script (set /p)' };
  if (option === 'a') {
    // set /a: a plain decimal number is known (a leading 0 would make it octal); any other expression is not followed.
    const number = /^\s*(0|[1-9]\d{0,9})\s*(?:"\s*)?$/.exec(value);
    return number ? { value: String(Number(number[1])) } : { unknown: 'is computed by set /a' };
  }
  const [source] = unknownIn(command, a, b, unknown);
  return source ? { unknown: `is set from ${excerpt(source.written)}, which is not known before the script runs` } : { value };
}

interface BlockEdges {
  /** The line starts by closing the innermost block: `)`, `) else (`. */
  readonly closesFirst: boolean;
  /** It ends by opening a block: `if … (`, `for … do (`, `(`. */
  readonly opens: boolean;
  /** It ends by closing the innermost block: `… )`. */
  readonly closesLast: boolean;
  /** The line without those brackets. */
  readonly start: number;
  readonly end: number;
}

/** The brackets of a line that open or close a block, outside quotes and not escaped by `^`. */
function blockEdges(text: string, inBlock: boolean): BlockEdges {
  let [start, end] = trimmed(text);
  const closesFirst = inBlock && text[start] === ')';
  if (closesFirst) start++;
  let balance = 0;
  let quoted = false;
  for (let i = start; i < end; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (!quoted && text[i] === '^') i++;
    else if (!quoted && text[i] === '(') balance++;
    else if (!quoted && text[i] === ')') balance--;
  }
  const opens = balance > 0 && text[end - 1] === '(';
  const closesLast = (inBlock || closesFirst) && balance < 0 && text[end - 1] === ')';
  if (opens || closesLast) end--;
  return { closesFirst, opens, closesLast, start, end };
}

/** The first and last non-blank characters' bounds. */
function trimmed(text: string): [number, number] {
  let a = 0;
  let b = text.length;
  while (a < b && /\s/.test(text[a])) a++;
  while (b > a && /\s/.test(text[b - 1])) b--;
  return [a, b];
}

function slice(text: MappedText, a: number, b: number): MappedText {
  if (a === 0 && b === text.text.length) return text;
  const out = new MappedBuilder();
  out.copy(text, a, b);
  return out.take();
}
