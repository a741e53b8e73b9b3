import { isScalar, isSeq, type Document, type Node } from 'yaml';
import ruleFileSchema from '../../../../schemas/fwrules.schema.json';
import type {
  Evaluation,
  OffsetRange,
  RuleFileLayout,
  RuleFileModel,
  RuleSyntax,
  SourceText,
  SyntaxProblem,
} from '../model/types';
import { placeRule } from '../model/ruleModel';
import { splitRuleChunks } from './ruleChunks';
import { extractRule, parseRuleChunk } from './ruleSyntax';
import { issueMessage, schemaIssues, validatorFor, type PlacedRoot } from './schemaValidation';
import { MAX_ALIAS_COUNT, mapEntries, parseYaml, rangeOf } from './yamlSupport';

/**
 * Rule parses of one document, keyed by the rule's text. Each parse keeps only
 * the entries it used, so the cache never holds more than the file's rules.
 */
export class RuleSyntaxCache {
  private entries = new Map<string, RuleSyntax>();

  parse(chunks: readonly string[]): RuleSyntax[] {
    const next = new Map<string, RuleSyntax>();
    const result = chunks.map((chunk) => {
      let syntax = next.get(chunk) ?? this.entries.get(chunk);
      if (!syntax) syntax = parseRuleChunk(chunk);
      next.set(chunk, syntax);
      return syntax;
    });
    this.entries = next;
    return result;
  }
}

interface RuleListing {
  readonly problems: SyntaxProblem[];
  readonly header: Record<string, unknown>;
  readonly rules: { syntax: RuleSyntax; base: number }[];
  readonly layout: RuleFileLayout;
}

/** Parses a *.fwrules.yaml file; unchanged rules come from `cache` without being parsed again. */
export function parseRuleFile(source: SourceText, cache = new RuleSyntaxCache()): RuleFileModel {
  const listing = listByChunks(source.text, cache) ?? listByWholeDocument(source.text);
  const problems = [...listing.problems];
  const rules = listing.rules.map(({ syntax, base }, index) => {
    for (const issue of syntax.issues) {
      problems.push(issueMessage({ ...issue, range: [issue.range[0] + base, issue.range[1] + base] }, ['rules', index]));
    }
    return placeRule(syntax, base, index);
  });
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
  const chunks = splitRuleChunks(text);
  if (!chunks) return undefined;
  const problems: SyntaxProblem[] = [];
  const roots: PlacedRoot[] = [];
  const header: Record<string, unknown> = {};
  for (const piece of chunks.header) {
    const parsed = parseYaml(piece.text);
    for (const p of parsed.problems) problems.push({ message: p.message, range: [p.range[0] + piece.base, p.range[1] + piece.base] });
    roots.push({ node: parsed.document.contents as Node | null, base: piece.base });
    if (parsed.value && typeof parsed.value === 'object') {
      // A key written both above and below the rules is a duplicate key of the document: the whole-document parse reports it.
      if (Object.keys(parsed.value).some((key) => Object.hasOwn(header, key))) return undefined;
      Object.assign(header, parsed.value);
    }
  }
  if (problems.length === 0) problems.push(...headerProblems({ ...header, rules: [] }, roots, text));
  const syntaxes = cache.parse(chunks.items.map((item) => item.text));
  return {
    problems,
    header,
    rules: syntaxes.map((syntax, i) => ({ syntax, base: chunks.items[i].base })),
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
    return { problems, header, rules: [], layout: { ...layout, rulesInline: inline } };
  }
  const items = seq.items as Node[];
  // With a YAML error anywhere the document has no value; each rule then gets its own, as a rule chunk would.
  const values = Array.isArray(header.rules) ? (header.rules as unknown[]) : items.map((item) => itemValue(item, parsed.document));
  const origins = items.map((item) => (seq.flow ? rangeOf(item)![0] : text.lastIndexOf('\n', rangeOf(item)![0] - 1) + 1));
  const rules = items.map((item, i) => {
    const end = i + 1 < items.length ? origins[i + 1] : rangeOf(seq)![1];
    const syntax = extractRule(item, origins[i], text.slice(origins[i], Math.max(end, origins[i])), values[i]);
    return { syntax, base: origins[i] };
  });
  const lastEnd = items.length > 0 ? rangeOf(items[items.length - 1])![1] : rulesKeyRange[1];
  return {
    problems,
    header,
    rules,
    layout: { ...layout, rulesEnd: lineEndAfter(text, lastEnd), rulesInline: seq.flow ? rangeOf(seq) : undefined },
  };
}

function itemValue(item: Node, document: Document.Parsed): unknown {
  try {
    return item.toJS(document, { maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    return undefined;
  }
}

function lineEndAfter(text: string, offset: number): number {
  const trimmed = text.slice(0, offset).trimEnd().length;
  const newline = text.indexOf('\n', trimmed);
  return newline === -1 ? text.length : newline + 1;
}
