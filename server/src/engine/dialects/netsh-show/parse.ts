import type { OffsetRange, SyntaxProblem } from '../../model/types';
import { excerpt } from '../../util/excerpt';
import type { RuleSink, ScriptParse, ScriptRule } from '../scriptRule';
import { fieldOf, isBlankLine, isEnglishHead, isHead, isListingEnd, isNoMatch, lineAt, trimmed, type Line } from './lines';
import { RuleRecord } from './record';

/**
 * The text `netsh advfirewall firewall show rule name=all [verbose]` prints, saved from a host
 * (FORMATS.md 1a): one ScriptRule per `Rule Name:` record, every value at its exact place. An
 * export is what Windows holds, so duplicate names are two rules, as on the host. What cannot be
 * read is a problem and its rule is not counted; translated labels are detected, never translated.
 */

const COMMAND = 'netsh advfirewall firewall show rule';
const COLLECT = 'Run befw collect --host <name> <manifest> on the host instead (it exports the firewall in a language-neutral JSON), or export the rules again from a session whose display language is English';

/** A rule whose labels are not English: its head line and first label. */
interface TranslatedRule {
  readonly range: OffsetRange;
  readonly label: string;
}

type Where = 'english' | 'translated' | 'between';

export function parseNetshShow(text: string, each?: RuleSink): ScriptParse {
  const rules: ScriptRule[] = [];
  const take = each ?? ((rule: ScriptRule) => rules.push(rule));
  const problems: SyntaxProblem[] = [];
  const translated: TranslatedRule[] = [];
  /** The last English rule read, finished when the listing goes on (another rule, `Ok.`) or ends without `Ok.` (cut). */
  let record: RuleRecord | undefined;
  let englishRules = 0;
  const addressProblems = new Map<string, string | undefined>();
  /** Where the line being read belongs: an English rule, a translated one, or between rules. */
  // Cast, not annotated: enter() changes it, which the compiler's narrowing does not follow.
  let within = 'between' as Where;
  /** Whether text outside any rule has been reported since the last rule: one problem per stretch of it. */
  let strayReported = false;
  let listing = false;
  let anyText = false;
  const unresolved: SyntaxProblem[] = [];

  const finish = (cut?: string) => {
    if (!record) return;
    const read = record.finish(cut);
    problems.push(...read.problems);
    unresolved.push(...read.notes);
    take(read.rule);
    record = undefined;
  };
  /** A line of the listing itself (a rule's head, its end): text after it is a new stretch. */
  const enter = (where: Where) => {
    listing = true;
    within = where;
    strayReported = false;
  };

  for (let line = lineAt(text, 0); line.start <= text.length; line = lineAt(text, line.next)) {
    if (isBlankLine(text, line)) {
      // A blank line ends a rule; the next one starts with its head.
      within = 'between';
      continue;
    }
    anyText = true;
    if (isListingEnd(text, line) || isNoMatch(text, line)) {
      finish();
      enter('between');
    } else if (isEnglishHead(text, line)) {
      finish();
      record = new RuleRecord(text, line, addressProblems);
      englishRules++;
      enter('english');
    } else if (startsTranslated(text, line, within)) {
      finish();
      const field = fieldOf(text, line)!;
      translated.push({ range: trimmed(text, line), label: text.slice(field.label[0], field.label[1]) });
      enter('translated');
    } else if (within === 'english') {
      record!.take(line);
    } else if (within === 'between' && !strayReported) {
      problems.push({
        message: `"${excerpt(text.slice(...trimmed(text, line)))}" is not part of ${COMMAND} output, where each rule starts with a "Rule Name:" line; remove it, or export the rules again`,
        range: trimmed(text, line),
      });
      strayReported = true;
    }
  }
  if (record) finish(cutMessage(record));
  if (!anyText) problems.push({ message: `the file is empty: save the output of "${COMMAND} name=all" in it`, range: [0, 0] });
  problems.push(...translatedProblems(translated, englishRules));
  // Rules report their problems when they end, translated rules at the end: the file's order for the editor.
  problems.sort((a, b) => a.range[0] - b.range[0]);
  return { rules, problems, unresolved, eol: text.includes('\r\n') ? '\r\n' : '\n', hasFirewallCommands: listing };
}

/**
 * A translated rule's head: the layout of a head whose label is not `Rule Name:`. Inside an English
 * rule only a line with no English label can be one; lines of the rule are not looked at further.
 */
function startsTranslated(text: string, line: Line, within: Where): boolean {
  if (within === 'english' && RuleRecord.isEnglishField(text, line)) return false;
  return isHead(text, line);
}

function cutMessage(record: RuleRecord): string {
  const name = excerpt(record.name);
  const where = record.hasAction ? `it does not end with netsh's closing "Ok.", so rule "${name}", the last one, may be cut off` : `rule "${name}" stops before its Action line`;
  return `the export looks truncated: ${where}; the rule is not counted. Export the rules again and keep the whole output, down to "Ok."`;
}

/** Listings from a Windows in another display language (FORMATS.md 1a, Carbon's warning): no label is guessed. */
function translatedProblems(translated: readonly TranslatedRule[], englishRules: number): SyntaxProblem[] {
  const why = (rule: TranslatedRule) => `are not English ("${excerpt(rule.label)}"): befw reads only the English layout of ${COMMAND}`;
  if (translated.length > 0 && englishRules === 0) {
    const count = translated.length === 1 ? 'its rule is' : `none of its ${translated.length} rules is`;
    return [{ message: `the labels of this listing ${why(translated[0])}, so ${count} counted. ${COLLECT}`, range: translated[0].range }];
  }
  return translated.map((rule) => ({ message: `the labels of this rule ${why(rule)}, so the rule is not counted. ${COLLECT}`, range: rule.range }));
}
