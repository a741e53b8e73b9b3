import type { FlowRow, NewSiteOptions, NewSiteResult } from '../engine';

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
}

export interface ExplainResult {
  readonly title: string;
  readonly markdown: string;
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

/** "Backup Exec: New site…": the site's files from what the admin answered (the engine's newSite options, text fields as typed). */
export const NEW_SITE_REQUEST = 'befw/newSite';
export type NewSiteParams = NewSiteOptions;
/** The manifest and each firewall's rule file, relative to the folder they go in; or the problem and the option it is about. */
export type NewSiteResponse = NewSiteResult;
