import type { Location, WorkspaceEdit } from 'vscode-languageserver-types';
import type { FlowRow, FlowState, LoadFailure, ManifestSection, NewSiteOptions, NewSiteResult } from '../engine';

/**
 * Requests and notifications beyond LSP, shared by the server and the VS Code
 * client. Names and types only (type imports are erased), so both sides can import this file.
 */
export const REQUIRED_FLOWS_REQUEST = 'befw/requiredFlows';
export const EXPLAIN_REQUEST = 'befw/explain';
export const ERROR_CODES_REQUEST = 'befw/errorCodes';
export const STATUS_NOTIFICATION = 'befw/status';
export const FIREWALLS_REQUEST = 'befw/firewalls';
export const GENERATE_REQUEST = 'befw/generate';
/** The client command a flow code lens runs. */
export const SHOW_REQUIRED_FLOWS_COMMAND = 'befw.showRequiredFlows';
export const FLOW_MAP_REQUEST = 'befw/flowMap';
/** The client command the code lens above a firewall runs: the map with that firewall highlighted. */
export const SHOW_FLOW_MAP_COMMAND = 'befw.showFlowMap';
/** The client command an observation's code lens runs: it opens a place (an LSP Location), here the observation's line in its results file. */
export const REVEAL_LOCATION_COMMAND = 'befw.revealLocation';

export interface RequiredFlowsParams {
  /** A manifest or rule file; all known manifests when absent. */
  readonly uri?: string;
  readonly firewall?: string;
}

/** One flow at one firewall, as the engine tabulates it. */
export type FlowRowDto = FlowRow;

export interface RequiredFlowsResult {
  readonly manifests: ReadonlyArray<{
    readonly uri: string;
    readonly rows: readonly FlowRowDto[];
    readonly markdown: string;
    /** Why the manifest was not checked (over befw.maxFileSize); its rows are then empty. */
    readonly skipped?: string;
  }>;
}

export interface ExplainParams {
  readonly term: string;
  /**
   * The manifest whose blocked flows an error code's explanation lists: a
   * manifest, a file it checks (its rule file), or any other URI for the only
   * manifest known. Absent: the catalog's explanation alone.
   */
  readonly manifestUri?: string;
}

export interface ExplainResult {
  readonly title: string;
  /** With the manifest's section at its end, when there is one. */
  readonly markdown: string;
  readonly manifest?: ManifestSection;
}

export interface ErrorCodeDto {
  readonly code: string;
  readonly message: string;
}

export interface StatusParams {
  readonly state: 'checking' | 'idle';
  readonly manifests: number;
  readonly requiredFlows: number;
  readonly blockedFlows: number;
  /** Required flows crossing a firewall whose rule file was not read: neither allowed nor blocked as far as befw knows. */
  readonly uncheckedFlows: number;
  /** Those rule files, and why each was not read. */
  readonly uncheckedRuleFiles: ReadonlyArray<{ readonly uri: string; readonly failure: LoadFailure }>;
}

export interface FirewallDto {
  readonly manifestUri: string;
  readonly name: string;
  /** The host it protects, or the hosts behind it. */
  readonly detail: string;
}

export interface GenerateParams {
  readonly manifestUri: string;
  readonly firewall: string;
  readonly dialect: 'yaml' | 'netsh' | 'powershell';
}

export type GenerateResult = { readonly text: string; readonly flows: number } | { readonly error: string };

/** The client command a BEX205 quick-fix runs: it asks the role and address, then sends ADD_MANIFEST_HOST_REQUEST. */
export const ADD_MANIFEST_HOST_COMMAND = 'befw.addManifestHost';
export const ADD_MANIFEST_HOST_REQUEST = 'befw/addManifestHost';

/** The argument of ADD_MANIFEST_HOST_COMMAND. */
export interface AddManifestHostArgs {
  readonly manifestUri: string;
  readonly name: string;
  /** The roles to choose from, in the manifest schema's order, as the catalog describes them. */
  readonly roles: ReadonlyArray<{ readonly id: string; readonly name: string; readonly description: string }>;
}

export interface AddManifestHostParams {
  readonly manifestUri: string;
  readonly name: string;
  readonly role: string;
  readonly address: string;
}

/** The edit that adds the host to the manifest's hosts, for the client to apply; or why not. */
export type AddManifestHostResult = { readonly edit: WorkspaceEdit } | { readonly error: string };

/** "Backup Exec: New site…": the site's files from what the admin answered (the engine's newSite options, text fields as typed). */
export const NEW_SITE_REQUEST = 'befw/newSite';
export type NewSiteParams = NewSiteOptions;
/** The manifest and each firewall's rule file, relative to the folder they go in; or the problem and the option it is about. */
export type NewSiteResponse = NewSiteResult;

export interface FlowMapParams {
  /** A manifest, or a rule file a manifest references; every manifest of the workspace when absent. */
  readonly uri?: string;
  /** The firewall the map highlights. */
  readonly firewall?: string;
}

/** The drawing of one manifest's site, and the places a click on it opens. */
export interface FlowMapDto {
  readonly manifestUri: string;
  /** A standalone SVG; empty when the manifest was not checked. */
  readonly svg: string;
  readonly counts: Record<FlowState, number>;
  /** The counts in words, as the report says them ("9 required flows: 7 allowed, …"; past the map's limit, how many there are). */
  readonly summary: string;
  readonly flows: ReadonlyArray<{ readonly id: string; readonly state: FlowState; readonly label: string; readonly reveal: { readonly kind: string; readonly location: Location } }>;
  readonly firewalls: ReadonlyArray<{ readonly name: string; readonly location: Location }>;
  readonly hosts: ReadonlyArray<{ readonly name: string; readonly location: Location }>;
  /** Why the manifest was not checked (over befw.maxFileSize). */
  readonly skipped?: string;
}

export interface FlowMapResult {
  readonly maps: readonly FlowMapDto[];
}
