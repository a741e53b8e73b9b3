import { DiagnosticSeverity, type Diagnostic, type Location } from 'vscode-languageserver-types';
import type { OffsetRange, RuleModel } from '../model/types';
import type { Observation } from '../probe/types';
import type { CheckReport } from '../service';
import { documentOf, toRange } from '../util/lineIndex';
import type { FlowMapFinding } from './types';

export type Locator = ReturnType<typeof locator>;

/** Offsets in the report's files to LSP locations, with each file's line table made once. */
export function locator(report: CheckReport) {
  const ruleFiles = new Map(report.ruleFiles.map((file) => [file.uri, file]));
  const manifest = report.manifest;
  const observationFiles = new Map(report.observationFiles.map((file) => [file.uri, file]));
  return {
    manifest(range: OffsetRange): Location {
      return manifest ? { uri: manifest.uri, range: toRange(documentOf(manifest), range) } : { uri: '', range: ZERO };
    },
    rule(rule: RuleModel): Location {
      const file = ruleFiles.get(rule.uri);
      return { uri: rule.uri, range: file ? toRange(documentOf(file), rule.range) : ZERO };
    },
    /** The observation's line in its results file. */
    observation(observation: Observation): Location {
      const file = observationFiles.get(observation.uri);
      return { uri: observation.uri, range: file ? toRange(documentOf(file), observation.range) : ZERO };
    },
    finding(uri: string, diagnostic: Diagnostic): FlowMapFinding {
      return findingOf(uri, diagnostic);
    },
  };
}

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

const SEVERITY_NAMES: Record<DiagnosticSeverity, FlowMapFinding['severity']> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

export function findingOf(uri: string, diagnostic: Diagnostic): FlowMapFinding {
  return {
    code: String(diagnostic.code ?? ''),
    severity: SEVERITY_NAMES[diagnostic.severity ?? DiagnosticSeverity.Error],
    message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
    place: { uri, range: diagnostic.range },
  };
}
