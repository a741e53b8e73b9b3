import { ownCopy } from '../../util/ownCopy';
import { isScalar, isSeq, type Node } from 'yaml';
import ruleFileSchema from '../../../../../schemas/fwrules.schema.json';
import type {
  Evaluation,
  OffsetRange,
  RuleFileLayout,
  RuleFileModel,
  RuleModel,
  RuleSyntax,
  SchemaIssue,
  SourceText,
  SyntaxProblem,
} from '../../model/types';
import { placeRule } from '../../model/ruleModel';
import { resplitRuleChunks, splitRuleChunks, type KeptSplit } from './ruleChunks';
import { extractRule, parseRuleChunk } from './ruleSyntax';
import { issueMessage, schemaIssues, validatorFor, type PlacedRoot } from '../../parse/schemaValidation';
import { mapEntries, rangeOf } from '../../parse/yamlNodes';
import { parseYaml, type ParsedYaml } from '../../parse/yamlSupport';

/**
 * What parsing one rule file leaves for the parse of its next version: the
 * chunks and their rule parses, so an edit re-splits only the region it
 * touched and re-parses only the rules whose text changed.
 */
export class RuleSyntaxCache {
  private kept?: KeptSplit;
  private syntaxes: readonly RuleSyntax[] = [];
  private text = '';
  private placed: RuleModel[] = [];
  private headers = new Map<string, ParsedYaml>();

  /** The split of `text` with each rule's parse; undefined when the text cannot be split into rules. */
  split(text: string): { split: KeptSplit; syntaxes: readonly RuleSyntax[] } | undefined {
    const resplit = this.kept ? resplitRuleChunks(this.kept, this.text, text) : undefined;
    if (this.kept && resplit) {
      const { first, removed, added } = resplit;
      // Edits spread over the file (1,000 queued keystrokes) re-split most of it: the rules whose text is unchanged keep their parse.
      const known = new Map(this.syntaxes.slice(first, first + removed).map((syntax) => [syntax.text, syntax]));
      const fresh = added.map((item) => known.get(item.text) ?? parseRuleChunk(ownCopy(item.text)));
      this.syntaxes = this.syntaxes.slice(0, first).concat(fresh, this.syntaxes.slice(first + removed));
      this.kept = { ...this.kept, header: resplit.header, starts: resplit.starts, rulesEnd: resplit.rulesEnd, sectionEnd: resplit.sectionEnd };
    } else {
      const chunks = splitRuleChunks(text);
      const known = new Map(chunks ? this.syntaxes.map((syntax) => [syntax.text, syntax]) : []);
      this.syntaxes = chunks ? chunks.items.map((item) => known.get(item.text) ?? parseRuleChunk(ownCopy(item.text))) : [];
      // The header is kept as its own copy, never as a slice that holds this whole text.
      this.kept = chunks && {
        header: chunks.header.map((piece) => ({ text: ownCopy(piece.text), base: piece.base })),
        starts: chunks.items.map((item) => item.base),
        rulesKeyStart: chunks.rulesKeyStart,
        rulesEnd: chunks.rulesEnd,
        sectionEnd: chunks.sectionEnd,
        itemIndent: chunks.itemIndent,
      };
    }
    this.text = text;
    return this.kept && { split: this.kept, syntaxes: this.syntaxes };
  }

  /** The parse of a header piece; the pieces rarely change while rules are edited. */
  header(text: string): ParsedYaml {
    let parsed = this.headers.get(text);
    if (!parsed) {
      parsed = parseYaml(text);
      if (this.headers.size >= 4) this.headers.clear();
      this.headers.set(text, parsed);
    }
    return parsed;
  }

  /** The placed rule of the previous version, when it is the same rule at the same place. */
  place(uri: string, syntax: RuleSyntax, base: number, index: number): RuleModel {
    const earlier = this.placed[index];
    return earlier?.syntax === syntax && earlier.base === base ? earlier : placeRule(uri, syntax, base, index);
  }

  keepPlaced(rules: RuleModel[]): void {
    this.placed = rules;
  }
}

interface RuleListing {
  readonly problems: SyntaxProblem[];
  readonly header: Record<string, unknown>;
  /** Each rule's parse and where its list item starts (its ranges are relative to that). */
  readonly syntaxes: readonly RuleSyntax[];
  readonly bases: readonly number[];
  readonly layout: RuleFileLayout;
}

/** Parses a *.fwrules.yaml file; unchanged rules come from `cache` without being parsed again. */
export function parseRuleFile(source: SourceText, cache = new RuleSyntaxCache()): RuleFileModel {
  const listing = listByChunks(source.text, cache) ?? listByWholeDocument(source.text);
  const problems = [...listing.problems];
  const rules = listing.syntaxes.map((syntax, index) => {
    const base = listing.bases[index];
    for (const issue of syntax.issues) {
      problems.push(issueMessage({ ...issue, range: [issue.range[0] + base, issue.range[1] + base] }, ['rules', index]));
    }
    return cache.place(source.uri, syntax, base, index);
  });
  cache.keepPlaced(rules);
  const defaults = (listing.header.defaults ?? {}) as { inbound?: unknown; outbound?: unknown };
  return {
    uri: source.uri,
    text: source.text,
    dialect: 'yaml',
    problems,
    unresolved: [],
    evaluation: listing.header.evaluation === 'block-wins' ? 'block-wins' : ('first-match' satisfies Evaluation),
    defaults: {
      inbound: defaults.inbound === 'allow' ? 'allow' : 'block',
      outbound: defaults.outbound === 'block' ? 'block' : 'allow',
    },
    rules,
    layout: listing.layout,
  };
}

function eolOf(text: string): '\n' | '\r\n' {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function headerProblems(header: unknown, roots: PlacedRoot[], text: string): SyntaxProblem[] {
  const firstLine: OffsetRange = [0, Math.max(0, text.indexOf('\n'))];
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    return [{ message: 'A rule file is a YAML mapping with version, evaluation, defaults and rules.', range: firstLine }];
  }
  const withoutRules = { ...(header as object), rules: Array.isArray((header as { rules?: unknown }).rules) ? [] : (header as { rules?: unknown }).rules };
  return schemaIssues(validatorFor(ruleFileSchema), withoutRules, roots, firstLine).map((issue) => issueMessage(issue));
}

function listByChunks(text: string, cache: RuleSyntaxCache): RuleListing | undefined {
  const split = cache.split(text);
  if (!split) return undefined;
  const { split: chunks, syntaxes } = split;
  const problems: SyntaxProblem[] = [];
  const roots: PlacedRoot[] = [];
  const header: Record<string, unknown> = {};
  for (const piece of chunks.header) {
    const parsed = cache.header(piece.text);
    for (const p of parsed.problems) problems.push({ message: p.message, range: [p.range[0] + piece.base, p.range[1] + piece.base] });
    roots.push({ node: parsed.document.contents as Node | null, base: piece.base });
    if (parsed.value && typeof parsed.value === 'object') {
      // A key written both above and below the rules is a duplicate key of the document: the whole-document parse reports it.
      if (Object.keys(parsed.value).some((key) => Object.hasOwn(header, key))) return undefined;
      Object.assign(header, parsed.value);
    }
  }
  if (problems.length === 0) problems.push(...headerProblems({ ...header, rules: [] }, roots, text));
  return {
    problems,
    header,
    syntaxes,
    bases: chunks.starts,
    layout: { eol: eolOf(text), rulesKeyRange: [chunks.rulesKeyStart, chunks.rulesKeyStart + 'rules'.length], rulesEnd: chunks.rulesEnd },
  };
}

function listByWholeDocument(text: string): RuleListing {
  const parsed = parseYaml(text);
  const root = parsed.document.contents as Node | null;
  const problems = [...parsed.problems];
  const value = parsed.value;
  if (problems.length === 0) problems.push(...headerProblems(value, [{ node: root, base: 0 }], text));
  const rulesEntry = mapEntries(root).get('rules');
  const rulesKeyRange = rangeOf(rulesEntry?.key) ?? [0, 0];
  const layout: RuleFileLayout = { eol: eolOf(text), rulesKeyRange, rulesEnd: lineEndAfter(text, rulesKeyRange[1]) };
  const header = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const seq = rulesEntry?.value;
  if (!isSeq(seq)) {
    const inline = isScalar(seq) || seq === undefined ? undefined : rangeOf(seq);
    return { problems, header, syntaxes: [], bases: [], layout: { ...layout, rulesInline: inline } };
  }
  const items = seq.items as Node[];
  // With a YAML error anywhere the document has no value; each rule then gets its own, as a rule chunk would.
  const values = Array.isArray(header.rules) ? (header.rules as unknown[]) : items.map((item) => itemValue(item, parsed));
  const origins = items.map((item) => (seq.flow ? rangeOf(item)![0] : text.lastIndexOf('\n', rangeOf(item)![0] - 1) + 1));
  const syntaxes = items.map((item, i) => {
    const end = i + 1 < items.length ? origins[i + 1] : rangeOf(seq)![1];
    // A YAML problem inside a rule is the rule's, as in a rule chunk: it is reported with the rule, which is then not checked against the schema (no cascade).
    const own = takeProblemsWithin(problems, rangeOf(item)!).map((p): SchemaIssue => ({ path: [], detail: p.message, range: [p.range[0] - origins[i], p.range[1] - origins[i]] }));
    return extractRule(item, origins[i], text.slice(origins[i], Math.max(end, origins[i])), values[i], own);
  });
  const lastEnd = items.length > 0 ? rangeOf(items[items.length - 1])![1] : rulesKeyRange[1];
  return {
    problems,
    header,
    syntaxes,
    bases: origins,
    layout: { ...layout, rulesEnd: lineEndAfter(text, lastEnd), rulesInline: seq.flow ? rangeOf(seq) : undefined },
  };
}

/** Removes from `problems` and returns those that lie within `range`. */
function takeProblemsWithin(problems: SyntaxProblem[], range: OffsetRange): SyntaxProblem[] {
  const within = problems.filter((p) => p.range[0] >= range[0] && p.range[1] <= range[1]);
  if (within.length > 0) problems.splice(0, problems.length, ...problems.filter((p) => !within.includes(p)));
  return within;
}

function itemValue(item: Node, parsed: ParsedYaml): unknown {
  try {
    return parsed.values.of(item);
  } catch {
    return undefined;
  }
}

function lineEndAfter(text: string, offset: number): number {
  const trimmed = text.slice(0, offset).trimEnd().length;
  const newline = text.indexOf('\n', trimmed);
  return newline === -1 ? text.length : newline + 1;
}
