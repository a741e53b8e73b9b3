import type { Action, Located, SyntaxProblem } from '../../model/types';
import { excerpt } from '../../util/excerpt';
import type { ChainFileParse, ChainRuleText, ChainText } from '../chains/chainText';
import { fileRefused, GROUP_ORDER, type OrderedRule, type ZoneReading } from './reading';
import { richRule } from './richRule';
import { checkSchema } from './schema';
import { attribute } from './values';
import { readXml, type XmlElement } from './xmlTree';
import { zoneRule, zoneSources } from './zoneElements';

/**
 * A firewalld zone file (/etc/firewalld/zones/<zone>.xml, firewalld.zone(5)) as one inbound base chain:
 * its rules in the order firewalld walks them (reading.ts, Group), its target as the policy. Zones
 * filter inbound traffic only: firewalld's OUTPUT chain has no zone dispatch, only policies, which
 * live in other files (firewalld 1.3.3 src/firewall/core/nftables.py build_default_rules); so the
 * file has no outbound chain and outbound traffic passes.
 */
export function parseFirewalldZone(text: string, uri: string): ChainFileParse {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const document = readXml(text);
  const problems: SyntaxProblem[] = [...document.problems];
  const unresolved: SyntaxProblem[] = [];
  const root = document.root;
  if (!root) return { chains: [], problems, unresolved, eol, recognised: problems.length > 0 };
  if (root.name !== 'zone') {
    problems.push({ message: `the root element is <${excerpt(root.name)}>, not <zone>: befw reads firewalld zone files (firewalld.zone(5)); a service file is read by firewalld only through a zone's <service>`, range: root.nameRange });
    return { chains: [], problems, unresolved, eol, recognised: true };
  }
  checkSchema(root, problems);
  const base = { problems, unresolved };
  const reading: ZoneReading = { ...base, zoneSources: zoneSources(root, base) };
  const ordered: { rule: OrderedRule; order: number }[] = [];
  root.children.forEach((child, order) => {
    // An element the file ends inside (or another's end tag closes) is not counted: the XML problem says why.
    if (!child.closed) return;
    const rule = child.name === 'rule' ? richRule(child, reading) : zoneRule(child, reading);
    if (rule) ordered.push({ rule, order });
  });
  ordered.sort((a, b) => GROUP_ORDER.indexOf(a.rule.group) - GROUP_ORDER.indexOf(b.rule.group) || a.rule.priority - b.rule.priority || a.order - b.order);
  const name = zoneName(uri);
  const chain: ChainText = {
    id: `zone ${name}`,
    name: { value: `zone ${name}`, range: root.nameRange },
    hook: 'inbound',
    priority: 0,
    policy: targetOf(root, reading),
    rules: ordered.map(({ rule }) => named(text, rule.rule)),
    appendAt: appendAt(text, root),
  };
  const byPlace = (a: SyntaxProblem, b: SyntaxProblem) => a.range[0] - b.range[0];
  return { chains: [chain], problems: problems.sort(byPlace), unresolved: unresolved.sort(byPlace), eol, recognised: true };
}

/** A rule written over several lines is named on one, as messages quote it: its tags without the blanks between them. */
function named(text: string, rule: ChainRuleText): ChainRuleText {
  const written = text.slice(rule.range[0], rule.range[1]);
  return written.includes('\n') ? { ...rule, name: { value: written.replace(/>\s+</g, '><'), range: rule.range } } : rule;
}

/**
 * What falls off the zone's rules meets its target: ACCEPT allows, %%REJECT%% and DROP block, and
 * none (or `default`) rejects: "If the target is not specified, every packet not matching any rule
 * will be rejected" (firewalld.zone(5); ICMP is accepted, FORMATS.md 2c, which no Backup Exec flow
 * uses). Values are firewalld 1.3.3's ZONE_TARGETS (src/firewall/core/base.py), case as written.
 */
function targetOf(zone: XmlElement, reading: ZoneReading): Located<Action> {
  const target = attribute(zone, 'target');
  if (!target) return { value: 'block', range: zone.nameRange };
  const at = target.valueRange;
  if (target.value === 'ACCEPT') return { value: 'allow', range: at };
  if (!['%%REJECT%%', 'DROP', 'default', '{chain}_{zone}'].includes(target.value)) {
    fileRefused(reading, at, `target "${excerpt(target.value)}" is not ACCEPT, %%REJECT%%, DROP or default`, 'INVALID_TARGET');
  }
  return { value: 'block', range: at };
}

/**
 * firewalld names a zone after its file, less ".xml", and ignores <zone name=…> ("Ignoring deprecated
 * attribute name", src/firewall/core/io/zone.py zone_reader); befw's own endings are left out too.
 */
function zoneName(uri: string): string {
  const path = uri.slice(uri.lastIndexOf('/') + 1);
  const query = path.search(/[?#]/);
  const file = query === -1 ? path : path.slice(0, query);
  let decoded = file;
  try {
    decoded = decodeURIComponent(file);
  } catch {
    // A name that is not percent-encoded is its own name.
  }
  return decoded.replace(/(\.zone|\.firewalld)?\.xml$/i, '') || decoded;
}

/** Before </zone>: at the start of its line when nothing else is written before it there; at </zone> itself otherwise; at "/>" of <zone/>. */
function appendAt(text: string, zone: XmlElement): number {
  if (zone.selfClosing) return zone.startTagEnd - 2;
  const close = zone.closeTagStart;
  if (close === undefined) return text.length;
  const lineStart = text.lastIndexOf('\n', close - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, close)) && lineStart > zone.startTagEnd ? lineStart : close;
}
