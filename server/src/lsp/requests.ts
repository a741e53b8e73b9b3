import type { Connection } from 'vscode-languageserver';
import { explain, flowRows, flowTableMarkdown } from '../engine';
import type { ClientUris } from './clientUris';
import type { Project } from './project';
import {
  ERROR_CODES_REQUEST,
  EXPLAIN_REQUEST,
  REQUIRED_FLOWS_REQUEST,
  type ErrorCodeDto,
  type ExplainParams,
  type ExplainResult,
  type RequiredFlowsParams,
  type RequiredFlowsResult,
} from './protocol';

/** The requests beyond LSP that the VS Code commands use: the flow table, explanations, error codes. */
export function registerCustomRequests(connection: Connection, project: Project, uris: ClientUris): void {
  connection.onRequest(REQUIRED_FLOWS_REQUEST, async (params: RequiredFlowsParams | undefined): Promise<RequiredFlowsResult> => {
    await project.idle();
    const reports = params?.uri ? project.reportsFor(uris.fromClient(params.uri)).filter((r) => r.manifest) : project.manifestReports();
    return {
      manifests: reports.map((report) => {
        const rows = flowRows(report.evaluations).filter((row) => !params?.firewall || row.firewall === params.firewall);
        return { uri: uris.toClient(report.manifest!.uri), rows, markdown: flowTableMarkdown(rows) };
      }),
    };
  });
  connection.onRequest(EXPLAIN_REQUEST, (params: ExplainParams | undefined): ExplainResult | null => {
    try {
      return explain(project.service.catalog, String(params?.term ?? '')) ?? null;
    } catch {
      return null;
    }
  });
  connection.onRequest(ERROR_CODES_REQUEST, (): ErrorCodeDto[] => project.service.catalog.data.errors.map((e) => ({ code: e.code, message: e.message })));
}
