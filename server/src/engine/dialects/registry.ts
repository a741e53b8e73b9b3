import type { RuleDialect, RuleFileModel, SourceText } from '../model/types';
import { firewalldDialect } from './firewalld';
import { iptablesDialect } from './iptables';
import { netshDialect } from './netsh';
import { nftablesDialect } from './nftables';
import { netshShowDialect } from './netsh-show';
import { powershellDialect } from './powershell';
import { collectorDialect } from './windows-collector';
import type { Dialect } from './types';
import { ufwDialect } from './ufw';
import { windowsRegistryDialect } from './windows-registry';
import { yamlDialect } from './yaml';

/**
 * Every firewall dialect befw reads, like CHECKS for checks: adding one is a
 * folder under dialects/ and a row here. Rows are tried in this order when a
 * file's name does not decide; YAML, which recognises nothing by content, is the fallback.
 */
export const DIALECTS: readonly Dialect[] = [
  yamlDialect,
  netshDialect,
  powershellDialect,
  netshShowDialect,
  windowsRegistryDialect,
  collectorDialect,
  iptablesDialect,
  ufwDialect,
  nftablesDialect,
  firewalldDialect,
];

const byId = new Map<string, Dialect>(DIALECTS.map((dialect) => [dialect.id, dialect]));

/** The ids a manifest's `format:` may name. */
export const DIALECT_IDS: readonly RuleDialect[] = DIALECTS.map((dialect) => dialect.id);

/** The dialects befw can write whole files in (`befw generate --dialect`). */
export const GENERATED_DIALECTS: readonly RuleDialect[] = DIALECTS.filter((dialect) => dialect.id === 'yaml' || dialect.renderCommand || dialect.renderFile).map((dialect) => dialect.id);

/** The short names `befw generate --dialect` also takes, as admins call the firewalls. */
const SHORT_NAMES: Readonly<Record<string, RuleDialect>> = { iptables: 'iptables-save', firewalld: 'firewalld-zone' };

/** A dialect by id or short name (`iptables`, `firewalld`). */
export function dialectById(id: string): Dialect | undefined {
  return byId.get(SHORT_NAMES[id] ?? id);
}

/** How much of a file's start recognise() looks at. */
const RECOGNITION_WINDOW = 4096;

/**
 * The dialect of a file: the one its name ends in, else the one `format` names
 * (a manifest's `format:`, for exports saved as .txt or .json), else the first
 * whose recognise() accepts its start, else YAML. The name comes first so that
 * a remediation script listed beside an export keeps its own dialect.
 */
export function dialectFor(uri: string, text?: string, format?: string): Dialect {
  const path = pathOf(uri);
  const bySuffix = DIALECTS.find((dialect) => dialect.extensions.some((extension) => path.endsWith(extension)));
  if (bySuffix) return bySuffix;
  const named = format !== undefined ? byId.get(format) : undefined;
  if (named) return named;
  if (text !== undefined) {
    const start = text.slice(0, RECOGNITION_WINDOW);
    const recognised = DIALECTS.find((dialect) => dialect.recognise?.(start));
    if (recognised) return recognised;
  }
  return yamlDialect;
}

/** The dialect a parsed rule file was read in. */
export function dialectOf(ruleFile: Pick<RuleFileModel, 'dialect'>): Dialect {
  return byId.get(ruleFile.dialect) ?? yamlDialect;
}

/** The lower-cased path of a URI, without query or fragment. */
function pathOf(uri: string): string {
  const lower = uri.toLowerCase();
  const query = lower.search(/[?#]/);
  return query === -1 ? lower : lower.slice(0, query);
}

/** Reads a rule file in its dialect (by name, then content); `cache` is what the last parse of the same URI left. */
export function parseInDialect(source: SourceText, dialect = dialectFor(source.uri, source.text), cache: unknown = dialect.createCache()): RuleFileModel {
  return dialect.parse(source, cache);
}
