import type { Catalog, ErrorCodeEntry } from './catalog/catalog';
import { explain, type Explanation } from './explain';
import type { Direction, FlowEvaluation } from './flows/evaluateFlow';
import { describeFlow } from './flows/requiredFlows';
import { flowPorts, problemText } from './language/flowTable';
import { md } from './language/markdown';
import type { ManifestModel } from './model/types';
import type { CheckReport } from './service';
import { escapeControls } from './util/excerpt';
import { fileName } from './util/uris';

/** A required flow that does not get through one firewall, and where befw reports it. */
export interface BlockedFlow {
  readonly service: string;
  readonly from: string;
  readonly to: string;
  readonly ports: string;
  readonly firewall: string;
  readonly direction: Direction;
  /** "blocked: no rule allows it", "partly blocked: …". */
  readonly status: string;
  /** The diagnostic in the rule file (1-based line); absent when it is suppressed, turned off or past the per-file limit. */
  readonly diagnostic?: { readonly code: string; readonly uri: string; readonly file: string; readonly line: number };
}

/** What an error code means for one manifest: its blocked flows that could produce it. */
export interface ManifestSection {
  readonly uri: string;
  /** The manifest's file name, the section's heading. */
  readonly name: string;
  readonly flows: readonly BlockedFlow[];
  readonly markdown: string;
}

export interface ManifestExplanation extends Explanation {
  readonly manifest?: ManifestSection;
}

/**
 * `explain`, and for a Backup Exec error code the manifest's required flows
 * that are blocked and could produce it: those of the services the catalog
 * ties the code to, and no others.
 */
export function explainForManifest(catalog: Catalog, term: string, report: CheckReport | undefined): ManifestExplanation | undefined {
  const explanation = explain(catalog, term);
  const error = catalog.errorCode(term.trim());
  const manifest = report?.manifest;
  if (!explanation || !error || !report || !manifest) return explanation;
  const section = manifestSection(catalog, error, report, manifest);
  return { ...explanation, markdown: `${explanation.markdown}\n\n${section.markdown}`, manifest: section };
}

function manifestSection(catalog: Catalog, error: ErrorCodeEntry, report: CheckReport, manifest: ManifestModel): ManifestSection {
  const flows = report.evaluations
    .filter((evaluation) => evaluation.problem && error.services.includes(evaluation.flow.service.id))
    .map((evaluation): BlockedFlow => ({
      service: evaluation.flow.service.name,
      from: evaluation.flow.from.name.value,
      to: evaluation.flow.to.name.value,
      ports: flowPorts(evaluation.flow),
      firewall: evaluation.firewall.name.value,
      direction: evaluation.direction,
      status: problemText(evaluation.problem),
      diagnostic: reportedAt(report, evaluation),
    }));
  const name = fileName(manifest.uri);
  const services = error.services.flatMap((id) => catalog.service(id)?.name ?? []).join(', ');
  const lines = [
    `### In ${md(name)}`,
    '',
    flows.length === 0
      ? `None of its flows is blocked that could produce ${error.code} (${services}).`
      : `Its required flows that are blocked and could produce ${error.code} (${services}):`,
    ...(flows.length > 0 ? [''] : []),
    ...flows.map((flow) => {
      const where = flow.diagnostic ? `${flow.diagnostic.code} at ${md(flow.diagnostic.file)}:${flow.diagnostic.line}` : 'no diagnostic shown (suppressed or turned off)';
      return `- ❌ ${md(flow.service)}: ${md(flow.from)} → ${md(flow.to)}, ${md(flow.ports)}, firewall "${md(flow.firewall)}" (${flow.direction}): ${flow.status}; ${where}`;
    }),
  ];
  return { uri: manifest.uri, name, flows, markdown: lines.join('\n') };
}

/** The rule-file diagnostic of a blocked flow: the flow checks start its message with the flow, in a file of the firewall's rule set. */
function reportedAt(report: CheckReport, evaluation: FlowEvaluation): BlockedFlow['diagnostic'] {
  const prefix = `${escapeControls(describeFlow(evaluation.flow))} `;
  for (const file of evaluation.ruleSet.files) {
    const found = report.diagnostics.get(file.uri)?.find((d) => typeof d.message === 'string' && d.message.startsWith(prefix));
    if (found) {
      const path = report.bindings.find((binding) => binding.ruleFileUri === file.uri)?.rulesPath.value ?? fileName(file.uri);
      return { code: String(found.code), uri: file.uri, file: path, line: found.range.start.line + 1 };
    }
  }
  return undefined;
}
