import { predefinedRule } from '../predefinedRules';
import type { FirewallProfile, Located, OffsetRange, SyntaxProblem } from '../../model/types';
import type { ScriptStyle } from '../../model/scriptStyle';
import { excerpt } from '../../util/excerpt';
import type { ScriptList, ScriptRule } from '../scriptRule';
import { fieldOf, isIndented, isSeparator, labelKey, RULE_NAME_LABEL, trimmed, type Line } from './lines';
import { profilesOf } from '../windowsValues';
import { items, readAction, readAddresses, readDirection, readEnabled, readPorts, readProtocol, type ListReading, type Reading, type Written } from './values';

/**
 * One rule of the listing, from its `Rule Name:` line to its last field. Fields are read by label,
 * in any order; what cannot be read becomes a problem, and the rule is then not counted
 * (ScriptRule.uncertain: it allows and blocks nothing) rather than read in part.
 */

/**
 * The English labels (FORMATS.md 1a), lower-cased. `verbose` adds Description, Program, Service,
 * InterfaceTypes, Security and Rule source. Like the script dialects, the model does not narrow a
 * rule by program, service, interface type or IPsec, and reads no grouping or edge traversal.
 */
const LABELS = new Set(['rule name', 'description', 'enabled', 'direction', 'profiles', 'grouping', 'localip', 'remoteip', 'protocol', 'localport', 'remoteport', 'edge traversal', 'program', 'service', 'interfacetypes', 'security', 'rule source', 'action']);

/** Every rule has these; LocalPort and RemotePort only TCP and UDP rules (FORMATS.md 1a). */
const REQUIRED = ['enabled', 'direction', 'profiles', 'localip', 'remoteip', 'protocol', 'action'];
const PORT_LABELS = ['localport', 'remoteport'];
/**
 * The one-line values the model reads: a further line under one of them may hold more of it. Under
 * the others it is free text, or, under Protocol, the type/code table of an ICMP rule.
 */
const ONE_LINE = new Set(['rule name', 'enabled', 'direction', 'profiles', 'localip', 'remoteip', 'localport', 'remoteport', 'action']);

/** Exports are not edited, so nothing is written in this style; `Rule Name:` is what a rule's start points at. */
const STYLE: ScriptStyle = { prefix: RULE_NAME_LABEL, parameterOrder: [], quote: '"', indent: '' };

interface Field extends Written {
  /** How the label is written, colon included, for messages. */
  readonly label: string;
  readonly labelRange: OffsetRange;
}

export class RuleRecord {
  private readonly fields = new Map<string, Field>();
  private readonly problems: SyntaxProblem[] = [];
  /** The field the last line belonged to: an indented line continues it. */
  private current = 'rule name';
  private end: number;
  private lines = 1;

  /** `addressProblems`: what is wrong with each address text read so far in the file, shared by its rules. */
  constructor(
    private readonly text: string,
    private readonly head: Line,
    private readonly addressProblems: Map<string, string | undefined>,
  ) {
    this.end = head.end;
    this.add(head);
  }

  /** Whether a line is a field with an English label (not a rule's head in another language). */
  static isEnglishField(text: string, line: Line): boolean {
    const field = fieldOf(text, line);
    return field !== undefined && LABELS.has(labelKey(text, field));
  }

  get name(): string {
    return this.fields.get('rule name')?.text ?? '';
  }

  /** Where the rule's name is written, for problems about the rule as a whole. */
  get nameRange(): OffsetRange {
    const name = this.fields.get('rule name')!;
    return name.text ? name.range : name.labelRange;
  }

  get hasAction(): boolean {
    return this.fields.has('action');
  }

  /** Takes a line of the rule (not blank, not a rule head). */
  take(line: Line): void {
    this.lines++;
    this.end = line.end;
    const { text } = this;
    if (this.lines === 2 && isSeparator(text, line)) return;
    const field = fieldOf(text, line);
    const key = field && labelKey(text, field);
    // A description is free text, which may hold line breaks; how netsh prints them is NOT VERIFIED.
    // Its further lines are taken as its own unless they start a known field, rather than called stray.
    if (key !== undefined && LABELS.has(key)) return this.add(line);
    if (this.current === 'description') return;
    if (isIndented(text, line)) {
      // Under Protocol: the type/code table of an ICMP rule, seen in captures (search ids 7177311039, 1896324824); not read.
      if (!ONE_LINE.has(this.current)) return;
      return this.fault(`the ${this.labelOf(this.current)} value of rule "${excerpt(this.name)}" goes on over the next line, which befw does not read`, trimmed(text, line));
    }
    if (field && key) return this.fault(`unknown label "${excerpt(text.slice(field.label[0], field.label[1]))}" in rule "${excerpt(this.name)}": befw does not know how it narrows the rule`, field.label);
    this.fault(`"${excerpt(text.slice(line.start, line.end))}" in rule "${excerpt(this.name)}" is not a "Label: value" line of netsh's listing`, [line.start, line.end]);
  }

  /**
   * The rule, and the problems that keep it from being counted. `cut`: the listing stops inside or
   * right after it (see parse.ts), which is said instead of what is missing or unreadable.
   */
  finish(cut?: string): { rule: ScriptRule; problems: SyntaxProblem[]; notes: SyntaxProblem[] } {
    const notes: SyntaxProblem[] = [];
    const rule = predefinedRule(this.rule(), this.located('rule name'), this.located('grouping'), notes);
    // What a cut leaves unreadable follows from the cut: one problem says it all.
    const problems = cut === undefined ? this.problems : [{ message: cut, range: this.nameRange }];
    return { rule: problems.length > 0 ? { ...rule, uncertain: true } : rule, problems, notes };
  }

  private rule(): ScriptRule {
    const protocol = this.read('protocol', readProtocol);
    const transport = protocol?.value === 'tcp' || protocol?.value === 'udp';
    const missing = [...REQUIRED, ...(transport ? PORT_LABELS : [])].filter((key) => !this.fields.has(key));
    if (missing.length > 0) {
      const lines = missing.map((key) => this.labelOf(key));
      this.fault(`rule "${excerpt(this.name)}" has no ${lines.join(', ')} line${lines.length > 1 ? 's' : ''}`, this.nameRange);
    }
    const name = this.fields.get('rule name')!;
    return {
      range: [this.head.start, this.end],
      kind: 'add',
      name: name.text ? { value: name.text, range: name.range } : undefined,
      description: this.located('description'),
      direction: this.read('direction', readDirection),
      action: this.read('action', readAction),
      protocol,
      localPorts: this.list('localport', (written) => readPorts(written, 'LocalPort')),
      remotePorts: this.list('remoteport', (written) => readPorts(written, 'RemotePort')),
      localAddresses: this.list('localip', (written) => readAddresses(written, 'LocalIP', this.addressProblems)),
      remoteAddresses: this.list('remoteip', (written) => readAddresses(written, 'RemoteIP', this.addressProblems)),
      program: this.located('program'),
      profiles: this.profiles(),
      enabled: this.read('enabled', readEnabled),
      style: STYLE,
    };
  }

  private add(line: Line): void {
    const field = fieldOf(this.text, line)!;
    const key = labelKey(this.text, field);
    const label = this.text.slice(field.label[0], field.label[1]);
    this.current = key;
    if (this.fields.has(key)) return this.fault(`rule "${excerpt(this.name)}" has a second ${excerpt(label.slice(0, -1))} line`, field.label);
    this.fields.set(key, { label, labelRange: field.label, text: this.text.slice(field.value[0], field.value[1]), range: field.value });
  }

  private read<T>(key: string, reader: (written: Written) => Reading<T>): T | undefined {
    const field = this.value(key);
    if (!field) return undefined;
    const reading = reader(field);
    if ('value' in reading) return reading.value;
    this.fault(`${reading.problem} in rule "${excerpt(this.name)}"`, reading.range);
    return undefined;
  }

  private list(key: string, reader: (written: Written) => ListReading): ScriptList | undefined {
    const field = this.value(key);
    if (!field) return undefined;
    const { list, bad } = reader(field);
    if (bad) this.fault(`${bad.problem} in rule "${excerpt(this.name)}"`, bad.range);
    return list;
  }

  /** `Domain,Private,Public`, also with a blank after each comma (one capture writes it so); Any: every profile. */
  private profiles(): Located<readonly FirewallProfile[]> | undefined {
    const field = this.value('profiles');
    if (!field) return undefined;
    const problems: SyntaxProblem[] = [];
    const profiles = profilesOf({ range: field.range, items: items(field) }, problems, 'Profiles');
    for (const problem of problems) this.fault(`${problem.message} in rule "${excerpt(this.name)}"`, problem.range);
    return profiles;
  }

  /** A field the model reads; an empty one is a problem. */
  private value(key: string): Field | undefined {
    const field = this.fields.get(key);
    if (field && !field.text) this.fault(`${field.label.slice(0, -1)} of rule "${excerpt(this.name)}" has no value`, field.labelRange);
    return field?.text ? field : undefined;
  }

  private located(key: string): Located<string> | undefined {
    const field = this.fields.get(key);
    return field?.text ? { value: field.text, range: field.range } : undefined;
  }

  private fault(message: string, range: OffsetRange): void {
    this.problems.push({ message: `${message}; the rule is not counted`, range });
  }

  /** The label as the file writes it, or the English one for a label the rule lacks. */
  private labelOf(key: string): string {
    return this.fields.get(key)?.label.slice(0, -1) ?? ENGLISH[key];
  }
}

const ENGLISH: Readonly<Record<string, string>> = {
  enabled: 'Enabled',
  direction: 'Direction',
  profiles: 'Profiles',
  localip: 'LocalIP',
  remoteip: 'RemoteIP',
  protocol: 'Protocol',
  localport: 'LocalPort',
  remoteport: 'RemotePort',
  action: 'Action',
};
