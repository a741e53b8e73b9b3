import { isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import ruleFileSchema from '../../../../schemas/fwrules.schema.json';
import type { ListSyntax, Located, OffsetRange, RuleSyntax, SchemaIssue } from '../model/types';
import { schemaIssues, validatorFor } from './schemaValidation';
import { mapEntries, parseYaml, rangeOf } from './yamlSupport';

/** Parses one rule chunk ("  - name: …\n    action: allow\n") on its own. */
export function parseRuleChunk(chunk: string): RuleSyntax {
  const parsed = parseYaml(chunk);
  const whole: OffsetRange = [0, chunk.trimEnd().length];
  const seq = parsed.document.contents;
  const yamlIssues: SchemaIssue[] = parsed.problems.map((p) => ({ path: [], detail: p.message, range: p.range }));
  if (!isSeq(seq) || seq.items.length !== 1) {
    return emptySyntax(chunk, [...yamlIssues, ...(yamlIssues.length ? [] : [{ path: [], detail: 'expected one rule (a mapping after "-")', range: whole }])]);
  }
  const value = yamlIssues.length === 0 ? (parsed.value as unknown[])[0] : undefined;
  return extractRule(seq.items[0] as Node, 0, chunk, value, yamlIssues);
}

/** Reads a rule's YAML node; ranges become relative to `origin` (the start of the item's line). */
export function extractRule(node: Node, origin: number, text: string, value: unknown, yamlIssues: SchemaIssue[] = []): RuleSyntax {
  const relative = (range: OffsetRange): OffsetRange => [range[0] - origin, range[1] - origin];
  const itemRange = rangeOf(node) ?? [origin, origin];
  const issues: SchemaIssue[] = [...yamlIssues];
  if (yamlIssues.length === 0) {
    for (const issue of schemaIssues(validatorFor(ruleFileSchema, 'rule'), value, node, itemRange)) {
      issues.push({ ...issue, range: relative(issue.range) });
    }
  }
  const entries = mapEntries(node);
  const keys: Record<string, OffsetRange> = {};
  for (const [key, entry] of entries) {
    const range = rangeOf(entry.key);
    if (range) keys[key] = relative(range);
  }
  const scalarOf = <T>(key: string, type: string): Located<T> | undefined => {
    const valueNode = entries.get(key)?.value;
    if (!isScalar(valueNode) || typeof valueNode.value !== type) return undefined;
    const range = rangeOf(valueNode);
    return range ? { value: valueNode.value as T, range: relative(range) } : undefined;
  };
  const listOf = (key: string): ListSyntax | undefined => {
    const valueNode = entries.get(key)?.value;
    const range = rangeOf(valueNode);
    if (!valueNode || !range) return undefined;
    if (isSeq(valueNode)) {
      const items = valueNode.items
        .filter((item): item is Node => isScalar(item))
        .map((item) => ({ value: (item as { value: unknown }).value, range: relative(rangeOf(item)!) }));
      return { style: valueNode.flow ? 'flow' : 'block', range: relative(range), items };
    }
    if (isScalar(valueNode)) return { style: 'scalar', range: relative(range), items: [{ value: valueNode.value, range: relative(range) }] };
    if (isAlias(valueNode)) {
      // An alias (from: *servers) takes its items from the resolved value, all placed at the alias.
      const resolved = (value as Record<string, unknown> | undefined)?.[key];
      const items = (Array.isArray(resolved) ? resolved : resolved === undefined ? [] : [resolved]).map((item) => ({ value: item, range: relative(range) }));
      return { style: 'scalar', range: relative(range), items };
    }
    return undefined;
  };
  const lineStart = text.lastIndexOf('\n', itemRange[0] - origin - 1) + 1;
  const line = text.slice(lineStart, itemRange[0] - origin);
  const dashColumn = /^\s*-\s*$/.test(line) || /^\s*-\s*\{\s*$/.test(line) ? line.indexOf('-') : -1;
  return {
    text,
    issues,
    itemRange: relative(itemRange),
    keys,
    name: scalarOf<string>('name', 'string'),
    action: scalarOf<string>('action', 'string'),
    protocol: scalarOf<string>('protocol', 'string'),
    from: listOf('from'),
    to: listOf('to'),
    ports: listOf('ports'),
    windowsRules: listOf('windowsRules'),
    enabled: scalarOf<boolean>('enabled', 'boolean'),
    dashColumn,
    keyColumn: isMap(node) && node.flow ? -1 : itemRange[0] - origin - lineStart,
    flowMap: isMap(node) && Boolean(node.flow),
  };
}

function emptySyntax(text: string, issues: SchemaIssue[]): RuleSyntax {
  return { text, issues, itemRange: [0, text.trimEnd().length], keys: {}, dashColumn: -1, keyColumn: -1, flowMap: false };
}
