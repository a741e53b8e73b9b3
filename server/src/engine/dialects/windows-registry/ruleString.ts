import type { FirewallProfile, Located, OffsetRange, SyntaxProblem } from '../../model/types';
import { excerpt } from '../../util/excerpt';
import type { ScriptList, ScriptRule } from '../scriptRule';
import type { MappedString } from './regFile';
import { ADDRESS_KEYWORDS_2_20, PORT_KEYS, RULE_KEYS, addressValueProblem, meantKey, portValueProblem } from './ruleKeys';
import { predefinedRule } from '../predefinedRules';

/**
 * One firewall rule string, `v2.30|Action=Allow|Dir=In|…|` ([MS-GPFAS]
 * 2.2.2.19, FORMATS.md 1b), read into a ScriptRule. The string is split on
 * `|` and each field on its FIRST `=` only (a value may hold `=`). A rule that
 * breaks the grammar is not counted: Windows gives such rules a parsing-error
 * status ([MS-FASP] 2.2.24 FW_RULE_STATUS_PARSING_ERROR_*); whether it still
 * applies part of one is NOT VERIFIED.
 */

export interface Field {
  /** Lower-cased key. */
  readonly key: string;
  /** The key as written. */
  readonly written: string;
  readonly keyRange: OffsetRange;
  readonly value: string;
  readonly valueRange: OffsetRange;
}

export interface RuleStringRead {
  /** Absent when the string breaks the grammar: `problems` say where. */
  readonly rule?: ScriptRule;
  readonly problems: SyntaxProblem[];
  /** What the rule leaves to Windows or to a default (BEX018, information); only for a counted rule. */
  readonly notes: SyntaxProblem[];
}

/** Where the rule is written in the .reg file. */
export interface RuleValuePlace {
  /** The registry value's name: the rule id ([MS-GPFAS] 2.2.2.19, wszRuleId), unquoted, placed inside its quotes. */
  readonly id: Located<string>;
  /** The value line, from the name's opening quote to the data's closing quote. */
  readonly range: OffsetRange;
  /** The name as written, quotes included: where a value the rule leaves out is shown. */
  readonly prefix: string;
}

const VERSION = /^v(\d{1,3})\.(\d{1,3})\|/i;
const REFUSED = 'The rule breaks the grammar Windows reads it by, so befw does not count it.';
const ACTIONS = ['allow', 'block', 'bypass'];
const PROFILES: readonly FirewallProfile[] = ['domain', 'private', 'public'];

/** The fields between `|`s, each split on its first `=`; the first that is not `Key=Value` is a problem (one is enough to refuse the rule). */
function splitFields(data: MappedString, from: number, problems: SyntaxProblem[]): { fields: Field[]; unterminated?: OffsetRange } {
  const { text } = data;
  const fields: Field[] = [];
  let unterminated: OffsetRange | undefined;
  let malformed = false;
  for (let at = from; at < text.length; ) {
    const bar = text.indexOf('|', at);
    const end = bar === -1 ? text.length : bar;
    const equals = text.slice(at, end).indexOf('=') + at;
    if (equals > at) {
      fields.push({ key: text.slice(at, equals).toLowerCase(), written: text.slice(at, equals), keyRange: data.rangeOf(at, equals), value: text.slice(equals + 1, end), valueRange: data.rangeOf(equals + 1, end) });
    } else if (!malformed) {
      malformed = true;
      const empty = end === at;
      problems.push({
        message: empty ? `an empty field ("||"): every field of a rule string is Key=Value. ${REFUSED}` : `"${excerpt(text.slice(at, end))}" is not Key=Value. ${REFUSED}`,
        range: empty ? data.rangeOf(at - 1, end + 1) : data.rangeOf(at, end),
      });
    }
    if (bar === -1) unterminated = data.rangeOf(at, end);
    at = end + 1;
  }
  return { fields, unterminated };
}

/** Items of one side (ports or addresses) gathered from repeated fields, with the span they are written over. */
class ListBuilder {
  readonly items: Located<string>[] = [];
  private span?: [number, number];

  add(field: Field, item = true): void {
    if (item) this.items.push({ value: field.value, range: field.valueRange });
    this.span = this.span ? [this.span[0], field.valueRange[1]] : [field.valueRange[0], field.valueRange[1]];
  }

  list(): ScriptList | undefined {
    return this.span && { range: this.span, items: this.items };
  }
}

export function readRuleString(data: MappedString, place: RuleValuePlace): RuleStringRead {
  const problems: SyntaxProblem[] = [];
  const notes: SyntaxProblem[] = [];
  const { text } = data;
  const version = VERSION.exec(text);
  if (!version || Number(version[1]) > 255 || Number(version[2]) > 255) {
    const head = text.indexOf('|') === -1 ? text.length : text.indexOf('|');
    problems.push({
      message: `a firewall rule string starts with its version, such as "v2.30|" ([MS-GPFAS] 2.2.2.19); "${excerpt(text.slice(0, 20))}" does not. ${REFUSED}`,
      range: head > 0 ? data.rangeOf(0, head) : [data.offsetOf(0) - 1, data.offsetOf(text.length) + 1],
    });
    return { problems, notes };
  }
  const schema = Number(version[1]) * 256 + Number(version[2]);
  const { fields, unterminated } = splitFields(data, version[0].length, problems);
  const refuse = (range: OffsetRange, what: string) => problems.push({ message: `${what}. ${REFUSED}`, range });
  const once = new Map<string, Field>();
  const localPorts = new ListBuilder();
  const remotePorts = new ListBuilder();
  const localAddresses = new ListBuilder();
  const remoteAddresses = new ListBuilder();
  const profiles: FirewallProfile[] = [];
  const profileFields: Field[] = [];
  let protocol: Field | undefined;
  let portField: Field | undefined;
  let icmpField: Field | undefined;
  for (const field of fields) {
    const spec = RULE_KEYS.get(field.key);
    if (!spec) {
      const meant = meantKey(field.key);
      problems.push({
        message: `"${excerpt(field.written)}" is not a Windows Firewall rule key ([MS-GPFAS] 2.2.2.19)${meant ? `: write ${meant}` : ''}. Windows gives a rule it cannot parse a parsing-error status ([MS-FASP] FW_RULE_STATUS_PARSING_ERROR), so befw does not count this rule`,
        range: field.keyRange,
      });
      continue;
    }
    if (spec.once && once.has(field.key)) {
      refuse(field.keyRange, `${spec.name}= may appear only once in a rule string ([MS-GPFAS] 2.2.2.19)`);
      continue;
    }
    if (spec.once) once.set(field.key, field);
    const value = field.value;
    const lower = value.toLowerCase();
    const expect = (allowed: readonly string[], shown: string) => allowed.includes(lower) || (refuse(field.valueRange, `${spec.name}=${excerpt(value)}: expected ${shown}`), false);
    switch (field.key) {
      case 'action':
        expect(ACTIONS, 'Allow, Block or ByPass');
        break;
      case 'dir':
        expect(['in', 'out'], 'In or Out');
        break;
      case 'active':
        expect(['true', 'false'], 'TRUE or FALSE');
        break;
      case 'profile':
        if (expect(PROFILES, 'Domain, Private or Public') && !profiles.includes(lower as FirewallProfile)) profiles.push(lower as FirewallProfile);
        profileFields.push(field);
        break;
      case 'protocol':
        if (!/^\d{1,3}$/.test(value) || Number(value) > 255) refuse(field.valueRange, `Protocol=${excerpt(value)}: expected a protocol number from 0 to 255 (6 is TCP, 17 is UDP)`);
        protocol = field;
        break;
      case 'ra42':
      case 'ra62':
        if (expect(ADDRESS_KEYWORDS_2_20, 'IntrAnet, IntErnet, Ply2Renders, RmtIntrAnet or CaptivePortal')) {
          notes.push({ message: `${spec.name}=${value} stands for addresses only Windows knows on the host ([MS-GPFAS] 2.2.2.13), so this rule is not counted for them`, range: field.valueRange });
        }
        remoteAddresses.add(field, false);
        break;
      case 'la4':
      case 'la6':
      case 'ra4':
      case 'ra6': {
        const problem = addressValueProblem(field.key, value);
        if (problem) refuse(field.valueRange, problem);
        (field.key.startsWith('l') ? localAddresses : remoteAddresses).add(field);
        break;
      }
      case 'icmp4':
      case 'icmp6': {
        const needed = field.key === 'icmp4' ? '1' : '58';
        if (protocol?.value !== needed) refuse(field.keyRange, `${spec.name}= needs Protocol=${needed} before it in the rule string ([MS-GPFAS] 2.2.2.19)`);
        icmpField ??= field;
        break;
      }
      case 'defer':
      case 'security2':
      case 'security2_9': {
        const least = field.key === 'security2_9' ? 0x0209 : 0x020a;
        if (schema < least) refuse(field.keyRange, `${spec.name}= needs version v2.${least & 0xff} or later, and this rule string is v${version[1]}.${version[2]} ([MS-GPFAS] 2.2.2.19)`);
        break;
      }
      default:
        if (PORT_KEYS.includes(field.key)) {
          if (protocol?.value !== '6' && protocol?.value !== '17') refuse(field.keyRange, `${spec.name}= needs Protocol=6 (TCP) or Protocol=17 (UDP) before it in the rule string ([MS-GPFAS] 2.2.2.19)`);
          const problem = portValueProblem(field.key, value);
          if (problem) refuse(field.valueRange, problem);
          (field.key.startsWith('l') ? localPorts : remotePorts).add(field);
          portField ??= field;
        }
    }
  }
  if (portField && icmpField) refuse((portField.valueRange[0] > icmpField.valueRange[0] ? portField : icmpField).keyRange, 'port fields and ICMP4=/ICMP6= cannot be in the same rule string ([MS-GPFAS] 2.2.2.19)');
  if (problems.length > 0) return { problems, notes: [] };

  const given = (key: string): Located<string> | undefined => {
    const field = once.get(key);
    return field && { value: field.value, range: field.valueRange };
  };
  const lowered = (key: string) => {
    const field = given(key);
    return field && { value: field.value.toLowerCase(), range: field.range };
  };
  const note = (message: string, range = place.id.range) => notes.push({ message, range });
  const action = lowered('action');
  const dir = lowered('dir');
  const active = lowered('active');
  if (!action) note('this rule string has no Action=, and what Windows does then is not documented (NOT VERIFIED), so befw does not count the rule');
  if (!dir) note('this rule string has no Dir=; befw reads it as inbound (Dir=In), which is NOT VERIFIED');
  if (!active) note('this rule string has no Active=, and [MS-GPFAS] 2.2.2.19 says the rule is then inactive, so it does not count');
  // The grammar ends every field with "|" (FIELD = TYPE-VALUE "|"); the last field is read all the same.
  if (unterminated) note('the rule string does not end with the "|" the grammar requires ([MS-GPFAS] 2.2.2.19); whether Windows reads its last field is NOT VERIFIED, befw reads it', unterminated);
  const name = given('name');
  const rule: ScriptRule = {
    range: place.range,
    kind: 'add',
    name: name && name.value !== '' ? name : place.id,
    description: given('desc'),
    direction: dir && { value: dir.value === 'out' ? 'outbound' : 'inbound', range: dir.range },
    action,
    protocol: given('protocol'),
    localPorts: localPorts.list(),
    remotePorts: remotePorts.list(),
    localAddresses: localAddresses.list(),
    remoteAddresses: remoteAddresses.list(),
    program: given('app'),
    // Profile= may repeat (the union); absent means every profile ([MS-GPFAS] 2.2.2.19).
    profiles: profileFields.length > 0 ? { value: profiles, range: [profileFields[0].valueRange[0], profileFields[profileFields.length - 1].valueRange[1]] } : undefined,
    enabled: { value: active?.value === 'true', range: active?.range ?? place.id.range },
    style: { prefix: place.prefix, parameterOrder: [], quote: '"', indent: '' },
  };
  return { rule: predefinedRule(rule, name, given('embedctxt'), notes), problems, notes };
}
