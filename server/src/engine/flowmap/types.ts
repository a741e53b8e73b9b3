import type { Location } from 'vscode-languageserver-types';
import type { Direction } from '../flows/ruleSet';
import type { Contradiction } from '../probe/observationFacts';
import type { ExpectedResult, ProbeResult } from '../probe/types';

/**
 * The site as a picture's data: hosts, firewalls and every required flow with
 * its state. Built once from a check report (`buildFlowMap`); the SVG map, the
 * HTML and Markdown reports and the editor's webview all read this, never the
 * report itself. Places are LSP locations so every front end can show file:line.
 */

/**
 * A flow's state over every firewall it crosses: blocked if one blocks it,
 * partly allowed if one opens only some ports, unknown if a rule file of one
 * was not read, allowed otherwise (also when no firewall of the manifest lies between the hosts).
 */
export type FlowState = 'allowed' | 'partial' | 'blocked' | 'unknown';

export const FLOW_STATES: readonly FlowState[] = ['allowed', 'partial', 'blocked', 'unknown'];

export interface FlowMapHost {
  readonly name: string;
  /** The catalog's role id (`backup-exec-server`) and its name. */
  readonly role: string;
  readonly roleName: string;
  readonly address: string;
  readonly agent: 'windows' | 'linux';
  readonly features: readonly string[];
  /** The host's entry in the manifest. */
  readonly place: Location;
  /** The host firewalls on this host, by firewall name, in the manifest's order (usually one; none when the manifest has none). */
  readonly hostFirewalls: readonly string[];
  /** The network firewalls that protect this host, by name, in the manifest's order. */
  readonly behind: readonly string[];
}

export interface FlowMapRuleFile {
  /** As the manifest writes it. */
  readonly path: string;
  readonly uri: string;
  /** Why it was not read; absent when it was. */
  readonly failure?: 'missing' | 'too large' | 'unreadable';
}

export interface FlowMapFirewall {
  readonly name: string;
  readonly kind: 'network' | 'host';
  /** Network firewall: the hosts it protects. Host firewall: its one host. */
  readonly hosts: readonly string[];
  readonly ruleFiles: readonly FlowMapRuleFile[];
  /** The firewall's entry in the manifest. */
  readonly place: Location;
  /** Required flows crossing it, and how many of them it lets through. */
  readonly allowed: number;
  readonly total: number;
}

/** A rule that lets the flow through at one firewall. */
export interface FlowMapRule {
  readonly name: string;
  readonly place: Location;
}

/** A diagnostic: the one that reports a flow not getting through a firewall, or any of the report's (the findings list). */
export interface FlowMapFinding {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'information' | 'hint';
  readonly message: string;
  readonly place: Location;
}

/** A flow at one firewall it crosses. */
export interface FlowCrossing {
  readonly firewall: string;
  readonly direction: Direction;
  readonly state: FlowState;
  /** "allowed", "blocked: no rule allows it", "not checked: rule file missing", … */
  readonly status: string;
  readonly allowedBy: readonly FlowMapRule[];
  readonly finding?: FlowMapFinding;
}

export interface FlowMapSource {
  readonly id: string;
  readonly title: string;
  readonly url?: string;
}

/** One port of a flow as a probe saw it last (docs/probe.md). */
export interface FlowMapObservedPort {
  readonly port: number;
  readonly result: ProbeResult;
  /** As the probing host's clock wrote it. */
  readonly at: string;
  /** What the rule files say of the port. */
  readonly expected: ExpectedResult;
  /** Older than the age setting: shown, but it contradicts nothing. */
  readonly stale: boolean;
  /** The observation's line in its `*.probe.jsonl`. */
  readonly place: Location;
}

/** What probes observed of a flow, in words and per port. */
export interface FlowMapObservation {
  /** observationSummary: "verified open 2026-11-24 10:12 from be01", "observed 2 open, 1 timeout; latest …". */
  readonly text: string;
  /** The newest observation's time and probing host. */
  readonly at: string;
  readonly from: string;
  /** In port order. */
  readonly ports: readonly FlowMapObservedPort[];
  /** Set when a port observed within the age setting contradicts the rule files: the finding's code. */
  readonly contradicts?: Contradiction;
}

export interface FlowMapFlow {
  /** Stable while the manifest keeps the service and both hosts: `<service id>:<from>><to>`, a repeated host name followed by `#<its place in the list>`. */
  readonly id: string;
  readonly serviceId: string;
  readonly service: string;
  readonly from: string;
  readonly to: string;
  /** "TCP 10000", "TCP 50100-50149", or the predefined Windows rules it needs. */
  readonly ports: string;
  readonly state: FlowState;
  /** In the order the flow meets them; empty when no firewall of the manifest lies between the hosts. */
  readonly crossings: readonly FlowCrossing[];
  /** The catalog's sources of the service. */
  readonly sources: readonly FlowMapSource[];
  /**
   * What a click on the flow opens: the diagnostic that blocks it, the rule
   * that allows it, the unread rule file's entry in the manifest, or the destination host.
   */
  readonly reveal: { readonly kind: 'finding' | 'rule' | 'manifest'; readonly place: Location };
  /** What probes observed of the flow; absent when no results file has it. */
  readonly observed?: FlowMapObservation;
}

export interface FlowMap {
  readonly manifestUri: string;
  readonly hosts: readonly FlowMapHost[];
  readonly firewalls: readonly FlowMapFirewall[];
  readonly flows: readonly FlowMapFlow[];
  /** Every diagnostic of the manifest and its rule files, by file then position. */
  readonly findings: readonly FlowMapFinding[];
  /** Set when the site has more required flows than a drawing can hold: `flows` holds the first `limit`. */
  readonly truncated?: { readonly flows: number; readonly limit: number };
}
