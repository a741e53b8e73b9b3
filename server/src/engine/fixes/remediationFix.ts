import type { CodeFix, FixInput } from '../checks/types';
import { dialectById } from '../dialects/registry';
import { scriptSpecOf } from '../dialects/scriptEdits';
import type { FirewallModel, Located, ManifestModel, RuleFileModel } from '../model/types';
import { excerpt } from '../util/excerpt';
import { resolveRulesPath } from '../util/uris';
import { dialectOf } from '../dialects/registry';
import { yamlScalar } from '../dialects/yaml/edits';
import type { NewRule } from './ruleEdits';

/** The script dialects a remediation script may be written in (the `befw.remediationDialect` setting). */
export type RemediationDialect = 'powershell' | 'netsh';

const SUFFIX: Record<RemediationDialect, string> = { powershell: '.remediation.ps1', netsh: '.remediation.cmd' };

/**
 * The fix for an export, which is not edited by hand: a remediation script
 * beside it holding the missing rule, listed after the export in the
 * firewall's `rules:`, so a re-check reads both as one rule set.
 */
export function remediationFix(input: FixInput, exported: RuleFileModel, rule: NewRule): CodeFix[] {
  const { manifest, data } = input;
  const firewall = manifest?.firewalls.find((f) => f.name.value === data.firewall);
  const exportPath = firewall?.rules.find((path) => resolveRulesPath(manifest!.uri, path.value) === exported.uri);
  if (!manifest || !firewall || !exportPath) return [];
  const dialect = input.remediationDialect ?? 'powershell';
  const row = dialectById(dialect)!;
  const path = remediationPath(exportPath.value, dialectOf(exported).extensions, dialect);
  const uri = resolveRulesPath(manifest.uri, path);
  if (!uri) return [];
  const eol = manifest.text.includes('\r\n') ? '\r\n' : '\n';
  const comment = `${row.lineComment} `;
  const header = [
    ...(row.preamble ?? []),
    `${comment}Remediation for firewall "${firewall.name.value}", written by befw: rules missing from ${exportPath.value}.`,
    `${comment}Run it on ${firewall.host?.value ?? 'the firewall\'s host'} as an administrator, then export the firewall again.`,
  ];
  const command = row.renderCommand!(scriptSpecOf(rule, data, manifest));
  return [
    {
      title: `Add rule "${excerpt(rule.name)}" to a new remediation script ${path} (the export is not edited)`,
      isPreferred: true,
      edits: [
        { uri, create: true, edits: [{ range: [0, 0], newText: [...header, command, ''].join(eol) }] },
        { uri: manifest.uri, edits: [listEdit(manifest, firewall, path)] },
      ],
    },
  ];
}

/**
 * Beside the export, named after it without the ending its dialect gives it, else without its
 * last extension: `exports/sql02.netsh-show.txt` → `exports/sql02.remediation.ps1`,
 * `sql01.contoso.local.txt` → `sql01.contoso.local.remediation.ps1`.
 */
function remediationPath(exportPath: string, endings: readonly string[], dialect: RemediationDialect): string {
  const lower = exportPath.toLowerCase();
  const ending = endings.find((e) => lower.endsWith(e));
  const slash = Math.max(exportPath.lastIndexOf('/'), exportPath.lastIndexOf('\\'));
  const dot = exportPath.lastIndexOf('.');
  const stem = ending ? exportPath.slice(0, exportPath.length - ending.length) : dot > slash + 1 ? exportPath.slice(0, dot) : exportPath;
  return `${stem}${SUFFIX[dialect]}`;
}

/** Adds `path` after the firewall's last rule file, in the style the `rules:` value is written in. */
function listEdit(manifest: ManifestModel, firewall: FirewallModel, path: string) {
  const { rulesValue } = firewall;
  const [start, end] = rulesValue.range;
  const last = firewall.rules[firewall.rules.length - 1] as Located<string>;
  // Paths are written as YAML reads them back: quoted when a comma, a colon or a bracket would change their meaning.
  const written = yamlScalar(path);
  if (rulesValue.style === 'scalar') return { range: [start, end] as const, newText: `[${yamlScalar(last.value)}, ${written}]` };
  if (rulesValue.style === 'flow') return { range: [last.range[1], last.range[1]] as const, newText: `, ${written}` };
  // A block list: a new "- path" line under the last item, indented like it.
  const lineStart = manifest.text.lastIndexOf('\n', last.range[0] - 1) + 1;
  const prefix = manifest.text.slice(lineStart, last.range[0]);
  const lineEnd = manifest.text.indexOf('\n', last.range[1]);
  const at = lineEnd === -1 ? manifest.text.length : manifest.text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  const eol = manifest.text.includes('\r\n') ? '\r\n' : '\n';
  return { range: [at, at] as const, newText: `${eol}${prefix}${written}` };
}
