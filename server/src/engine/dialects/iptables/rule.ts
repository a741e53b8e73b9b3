import type { OffsetRange, SyntaxProblem } from '../../model/types';
import { GOTO_WORDS, IMPLICIT_MATCH_PROTOCOLS, JUMP_WORDS, MATCH_OPTIONS, MATCH_WORDS, RULE_OPTIONS, TARGET_OPTIONS, type OptionSpec } from './options';
import { MULTIPORT_LIMIT, multiportCount, readPort } from './ports';
import type { MatchOption, PlainOption, PortSpec, RuleOption, TargetOption, Token } from './tree';
import { commaItems, type Word } from './words';

/**
 * The options of one rule, after `-A CHAIN`: each with its `!`, its values and their ranges, match
 * options grouped under their `-m`, target options under their `-j`. Option lookup follows
 * iptables' command line (FORMATS.md 2a: "Rules are entered as a commandline to iptables"): an
 * option belongs to the module named last that has it, else to an earlier one, else to the match
 * `-p tcp`/`-p udp` loads by itself; rule options (`-s`, `-p` …) stay the rule's wherever written.
 */

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** Options while they are read: their lists still grow. */
type Plain = Mutable<PlainOption> & { values: Token[] };
type Match = Mutable<MatchOption> & { options: Plain[] };
type Target = Mutable<TargetOption> & { options: Plain[] };
type Owner = Match | Target | undefined;

export interface RuleOptions {
  readonly options: RuleOption[];
  readonly target?: TargetOption;
}

const isDigit = (code: number) => code >= 48 && code <= 57;
/** An unquoted `-x` / `--name` (a negative number such as `-1` is a value). */
const isOptionWord = (word: Word) => !word.quoted && word.text.length >= 2 && word.text.charCodeAt(0) === 45 && !isDigit(word.text.charCodeAt(1));
const isBang = (word: Word | undefined) => word !== undefined && !word.quoted && word.text === '!';
const token = (word: Word): Token => ({ text: word.text, range: word.range });

export function readRuleOptions(words: readonly Word[], problems: SyntaxProblem[]): RuleOptions {
  const options: (Plain | Match | Target)[] = [];
  const matches: Match[] = [];
  let owner: Owner;
  let target: Target | undefined;
  let protocol: Token | undefined;
  let implicit: Match | undefined;
  let negation: OffsetRange | undefined;
  /** A run of words that are neither options nor their values: one problem for the run. */
  let stray: OffsetRange | undefined;
  const endStray = () => {
    if (stray) problems.push({ message: 'these words belong to no option', range: stray });
    stray = undefined;
  };
  const refuseNegation = (what: string) => {
    if (negation) problems.push({ message: `"!" cannot negate ${what}`, range: negation });
    negation = undefined;
  };

  let i = 0;
  while (i < words.length) {
    const word = words[i];
    if (isBang(word)) {
      endStray();
      refuseNegation('another "!"');
      negation = word.range;
      i++;
      continue;
    }
    if (!isOptionWord(word)) {
      stray = stray ? [stray[0], word.range[1]] : word.range;
      i++;
      continue;
    }
    endStray();
    if (MATCH_WORDS.has(word.text) || JUMP_WORDS.has(word.text) || GOTO_WORDS.has(word.text)) {
      refuseNegation(word.text);
      const next = words[i + 1];
      const named = next !== undefined && !isOptionWord(next) && !isBang(next) ? token(next) : undefined;
      if (!named) problems.push({ message: `${word.text} needs ${MATCH_WORDS.has(word.text) ? 'a module name' : GOTO_WORDS.has(word.text) ? 'a chain' : 'a target'}`, range: word.range });
      const range: OffsetRange = [word.range[0], (named ?? word).range[1]];
      if (MATCH_WORDS.has(word.text)) {
        // No module written: an empty token right after `-m`, so ranges stay true to the text.
        const module = named ?? { text: '', range: [word.range[1], word.range[1]] as const };
        const match: Match = { kind: 'match', name: token(word), module, implicit: false, known: MATCH_OPTIONS.has(module.text), options: [], range };
        matches.push(match);
        options.push(match);
        owner = match;
      } else {
        const jump: Target = { kind: 'target', name: token(word), goto: GOTO_WORDS.has(word.text), target: named, options: [], range };
        options.push(jump);
        target = jump;
        owner = jump;
      }
      i += named ? 2 : 1;
      continue;
    }
    // Where the option belongs, and what it takes.
    let spec: OptionSpec | undefined;
    let home: Owner | 'rule' = undefined;
    const ownTable = owner?.kind === 'match' ? optionsOf(owner) : owner?.kind === 'target' ? TARGET_OPTIONS.get(owner.target?.text ?? '') : undefined;
    if ((spec = ownTable?.get(word.text))) home = owner;
    else if ((spec = RULE_OPTIONS.get(word.text))) home = 'rule';
    else {
      for (let m = matches.length - 1; m >= 0 && !spec; m--) if ((spec = optionsOf(matches[m])?.get(word.text))) home = matches[m];
      if (!spec && protocol && (spec = MATCH_OPTIONS.get(protocol.text.toLowerCase())?.get(word.text))) {
        const loaded: Match = implicit ?? { kind: 'match', module: protocol, implicit: true, known: true, options: [], range: word.range };
        if (!implicit) {
          matches.push(loaded);
          options.push(loaded);
          implicit = loaded;
        }
        home = loaded;
      }
    }
    const option: Plain = {
      kind: 'option',
      name: token(word),
      canonical: spec?.canonical ?? word.text,
      negation,
      values: [],
      items: [],
      known: spec !== undefined,
      range: [negation?.[0] ?? word.range[0], word.range[1]],
    };
    negation = undefined;
    i++;
    if (spec === undefined || spec.value !== 'none') {
      // Old saves negate after the option: `-s ! 10.0.0.0/8` (FORMATS.md 2a, "very old").
      if (isBang(words[i]) && words[i + 1] !== undefined && !isOptionWord(words[i + 1])) {
        if (option.negation) problems.push({ message: `${word.text} is negated twice`, range: words[i].range });
        option.negation = words[i].range;
        i++;
      }
      if (spec === undefined) {
        // Unknown: the words up to the next option are its values.
        while (i < words.length && !isOptionWord(words[i]) && !isBang(words[i])) option.values.push(token(words[i++]));
      } else if (i < words.length && !isOptionWord(words[i]) && !isBang(words[i])) {
        option.values.push(token(words[i++]));
      } else {
        problems.push({ message: `${word.text} needs a value`, range: word.range });
      }
    }
    const value = option.values.length === 1 && spec ? (words[i - 1] as Word) : undefined;
    if (value && spec) readValue(option, value, spec, problems);
    if (option.values.length > 0) option.range = [option.range[0], option.values[option.values.length - 1].range[1]];
    if (spec?.canonical === '--protocol' && value) protocol = IMPLICIT_MATCH_PROTOCOLS.has(value.text.toLowerCase()) ? token(value) : undefined;
    if (home === 'rule' || home === undefined) {
      if (home === undefined && owner) owner.options.push(option);
      else options.push(option);
    } else home.options.push(option);
  }
  endStray();
  if (negation) problems.push({ message: '"!" with no option after it', range: negation });
  for (const entry of options) {
    if (entry.kind === 'option' || entry.options.length === 0) continue;
    const last = entry.options[entry.options.length - 1].range[1];
    entry.range = [Math.min(entry.range[0], entry.options[0].range[0]), Math.max(entry.range[1], last)];
  }
  return { options, target };
}

/** A match's option table; an implicit match is named by `-p`, whose protocol names iptables reads in any case. */
function optionsOf(match: Match) {
  return MATCH_OPTIONS.get(match.implicit ? match.module.text.toLowerCase() : match.module.text);
}

/** Items and ports of a known option's value. */
function readValue(option: Plain, value: Word, spec: OptionSpec, problems: SyntaxProblem[]): void {
  if (spec.value === 'list' || spec.value === 'ports') option.items = commaItems(value);
  else option.items = [token(value)];
  if (spec.value === 'port') option.ports = [readPort(option.items[0], true, problems)];
  if (spec.value === 'ports') {
    const ports: PortSpec[] = option.items.map((item) => readPort(item, false, problems));
    option.ports = ports;
    const count = multiportCount(option.items);
    // FORMATS.md 2a: multiport allows at most 15 ports, a range counts as two.
    if (count > MULTIPORT_LIMIT) problems.push({ message: `multiport takes at most ${MULTIPORT_LIMIT} ports (a range counts as two); this list counts ${count}`, range: value.range });
  }
}
