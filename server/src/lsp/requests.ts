import { ErrorCodes, ResponseError, type Connection, type Location } from 'vscode-languageserver';
import {
  buildFlowMap,
  countsText,
  explainForManifest,
  flowAriaLabel,
  flowRows,
  flowTableMarkdown,
  generateRules,
  newSite,
  renderFlowMapSvg,
  stateCounts,
  uncheckedFlowRows,
  type Catalog,
  type CheckReport,
} from '../engine';
import { registerAddHostRequest } from './addHost';
import type { ClientUris } from './clientUris';
import type { Lifecycle } from './lifecycle';
import type { ManifestCheck, Project } from './project';
import {
  ERROR_CODES_REQUEST,
  EXPLAIN_REQUEST,
  FIREWALLS_REQUEST,
  FLOW_MAP_REQUEST,
  GENERATE_REQUEST,
  NEW_SITE_REQUEST,
  REQUIRED_FLOWS_REQUEST,
  type ErrorCodeDto,
  type FirewallDto,
  type GenerateParams,
  type GenerateResult,
  type NewSiteParams,
  type NewSiteResponse,
  type ExplainParams,
  type ExplainResult,
  type FlowMapDto,
  type FlowMapParams,
  type FlowMapResult,
  type RequiredFlowsParams,
  type RequiredFlowsResult,
} from './protocol';

/** The requests beyond LSP that the VS Code commands use: the flow table and map, explanations, error codes, generation. */
export function registerCustomRequests(connection: Connection, project: Project, uris: ClientUris, serve: Lifecycle['serve']): void {
  /** The checks of the manifest `uri` is or of those checking it (its rule file); of every manifest when absent. */
  const checksFor = async (uri: string | undefined): Promise<ManifestCheck[]> => {
    await project.idle();
    return project.manifestChecks(uri ? uris.fromClient(uri) : undefined);
  };
  connection.onRequest(REQUIRED_FLOWS_REQUEST, serve(async (params: RequiredFlowsParams | undefined): Promise<RequiredFlowsResult> => {
    return {
      manifests: (await checksFor(params?.uri)).map((check) => {
        if (!('report' in check)) return { uri: uris.toClient(check.uri), rows: [], markdown: '', skipped: check.skipped };
        const rows = [...flowRows(check.report.evaluations), ...uncheckedFlowRows(check.report.unchecked)].filter((row) => !params?.firewall || row.firewall === params.firewall);
        return { uri: uris.toClient(check.uri), rows, markdown: flowTableMarkdown(rows) };
      }),
    };
  }));
  connection.onRequest(FLOW_MAP_REQUEST, serve(async (params: FlowMapParams | undefined): Promise<FlowMapResult> => {
    const checks = await checksFor(params?.uri);
    return { maps: checks.map((check) => flowMapOf(check, project.service.catalog, uris, params?.firewall)) };
  }));
  connection.onRequest(EXPLAIN_REQUEST, serve(async (params: ExplainParams | undefined): Promise<ExplainResult | null> => {
    try {
      const report = typeof params?.manifestUri === 'string' ? await explainedManifest(project, uris.fromClient(params.manifestUri)) : undefined;
      const result = explainForManifest(project.service.catalog, String(params?.term ?? ''), report);
      if (!result?.manifest) return result ?? null;
      const { manifest } = result;
      const flows = manifest.flows.map((flow) => (flow.diagnostic ? { ...flow, diagnostic: { ...flow.diagnostic, uri: uris.toClient(flow.diagnostic.uri) } } : flow));
      return { ...result, manifest: { ...manifest, uri: uris.toClient(manifest.uri), flows } };
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
  registerAddHostRequest(connection, project, uris, serve);
  connection.onRequest(NEW_SITE_REQUEST, serve(async (params: NewSiteParams): Promise<NewSiteResponse> => newSite(params, project.service.catalog)));
  connection.onRequest(ERROR_CODES_REQUEST, serve((): ErrorCodeDto[] => project.service.catalog.data.errors.map((e) => ({ code: e.code, message: e.message }))));
}

/** The check of the manifest `uri` is, or of one that checks it (its rule file), else of the only manifest known. */
async function explainedManifest(project: Project, uri: string): Promise<CheckReport | undefined> {
  await project.idle();
  const covering = project.manifestChecks(uri).flatMap((check) => ('report' in check ? [check.report] : []));
  const all = project.manifestReports();
  return covering[0] ?? (all.length === 1 ? all[0] : undefined);
}

/** A manifest's map as the client shows it: the SVG, the counts, and where each flow, firewall and host is, in the client's spelling. */
function flowMapOf(check: ManifestCheck, catalog: Catalog, uris: ClientUris, highlightFirewall: string | undefined): FlowMapDto {
  const manifestUri = uris.toClient(check.uri);
  if (!('report' in check)) return { manifestUri, svg: '', counts: { allowed: 0, partial: 0, blocked: 0, unknown: 0 }, summary: '', flows: [], firewalls: [], hosts: [], skipped: check.skipped };
  try {
    const map = buildFlowMap(check.report, catalog);
    const svg = renderFlowMapSvg(map, { highlightFirewall });
    const located = (place: Location): Location => ({ uri: uris.toClient(place.uri), range: place.range });
    return {
      manifestUri,
      svg,
      counts: stateCounts(map),
      summary: countsText(map),
      flows: map.flows.map((flow) => ({ id: flow.id, state: flow.state, label: flowAriaLabel(flow), reveal: { kind: flow.reveal.kind, location: located(flow.reveal.place) } })),
      firewalls: map.firewalls.map((firewall) => ({ name: firewall.name, location: located(firewall.place) })),
      hosts: map.hosts.map((host) => ({ name: host.name, location: located(host.place) })),
    };
  } catch (error) {
    throw new ResponseError(ErrorCodes.InternalError, `befw could not draw the flow map of ${manifestUri}: ${(error as Error).message}`);
  }
}
