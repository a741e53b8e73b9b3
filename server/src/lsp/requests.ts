import type { Connection } from 'vscode-languageserver';
import { explain, flowRows, flowTableMarkdown, generateRules } from '../engine';
import type { ClientUris } from './clientUris';
import type { Lifecycle } from './lifecycle';
import type { Project } from './project';
import {
  ERROR_CODES_REQUEST,
  EXPLAIN_REQUEST,
  FIREWALLS_REQUEST,
  GENERATE_REQUEST,
  REQUIRED_FLOWS_REQUEST,
  type ErrorCodeDto,
  type FirewallDto,
  type GenerateParams,
  type GenerateResult,
  type ExplainParams,
  type ExplainResult,
  type RequiredFlowsParams,
  type RequiredFlowsResult,
} from './protocol';
import { NEW_SITE_REQUEST, type NewSiteParams, type NewSiteResponse } from './protocol';
import { newSite } from '../engine';

/** The requests beyond LSP that the VS Code commands use: the flow table, explanations, error codes, generation. */
export function registerCustomRequests(connection: Connection, project: Project, uris: ClientUris, serve: Lifecycle['serve']): void {
  connection.onRequest(REQUIRED_FLOWS_REQUEST, serve(async (params: RequiredFlowsParams | undefined): Promise<RequiredFlowsResult> => {
    await project.idle();
    return {
      manifests: project.manifestChecks(params?.uri ? uris.fromClient(params.uri) : undefined).map((check) => {
        if (!('report' in check)) return { uri: uris.toClient(check.uri), rows: [], markdown: '', skipped: check.skipped };
        const rows = flowRows(check.report.evaluations).filter((row) => !params?.firewall || row.firewall === params.firewall);
        return { uri: uris.toClient(check.uri), rows, markdown: flowTableMarkdown(rows) };
      }),
    };
  }));
  connection.onRequest(EXPLAIN_REQUEST, serve((params: ExplainParams | undefined): ExplainResult | null => {
    try {
      return explain(project.service.catalog, String(params?.term ?? '')) ?? null;
    } catch {
      return null;
    }
  }));
  connection.onRequest(FIREWALLS_REQUEST, serve(async (): Promise<FirewallDto[]> => {
    await project.idle();
    return project.manifestReports().flatMap((report) =>
      report.manifest.firewalls.map((f) => ({
        manifestUri: uris.toClient(report.manifest.uri),
        name: f.name.value,
        detail: f.host ? `host firewall of ${f.host.value}` : `in front of ${f.protects.map((p) => p.value).join(', ')}`,
      })),
    );
  }));
  connection.onRequest(GENERATE_REQUEST, serve(async (params: GenerateParams): Promise<GenerateResult> => {
    await project.idle();
    const uri = uris.fromClient(String(params?.manifestUri));
    const check = project.manifestChecks().find((known) => known.uri === uri);
    if (check && 'skipped' in check) return { error: check.skipped };
    const manifest = project.reportFor(uri)?.manifest;
    if (!manifest) return { error: `no manifest is known at ${String(params?.manifestUri)}` };
    if (manifest.problems.length > 0) return { error: `the manifest has ${manifest.problems.length} problem(s); fix them first` };
    return generateRules(manifest, project.service.catalog, String(params.firewall), params.dialect);
  }));
  connection.onRequest(NEW_SITE_REQUEST, serve(async (params: NewSiteParams): Promise<NewSiteResponse> => newSite(params, project.service.catalog)));
  connection.onRequest(ERROR_CODES_REQUEST, serve((): ErrorCodeDto[] => project.service.catalog.data.errors.map((e) => ({ code: e.code, message: e.message }))));
}
