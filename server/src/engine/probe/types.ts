import type { OffsetRange, SyntaxProblem } from '../model/types';

/**
 * Live probes (docs/probe.md): `befw probe` writes a script that, run on one
 * host of a manifest, connects to every port of the required flows starting
 * there and writes what it saw as JSON Lines (`*.probe.jsonl`); `befw check`
 * and the editor read those lines back and compare them with what the rule
 * files say.
 */

/**
 * What one TCP connect saw: `open` connected; `refused` the destination (or a
 * firewall that rejects with a reset) answered with a reset, so the network let
 * it through as far as the host; `timeout` no answer in time, or an ICMP
 * unreachable from the way: it did not reach the host.
 */
export type ProbeResult = 'open' | 'refused' | 'timeout';

export const PROBE_RESULTS: readonly ProbeResult[] = ['open', 'refused', 'timeout'];

/** One line of a `*.probe.jsonl` file, as schemas/probe-result.schema.json defines it. */
export interface ProbeRecord {
  /** The manifest's name of the host the script ran on. */
  readonly from: string;
  /** The manifest's name of the host connected to. */
  readonly to: string;
  readonly protocol: 'tcp';
  readonly port: number;
  readonly result: ProbeResult;
  /** ISO 8601 date and time with its offset, as the probing host's clock said. */
  readonly at: string;
  /** The address connected to, when the script knew one (the manifest's, or --address). */
  readonly address?: string;
  /** The system's own word for a failure ("Connection refused", "HostUnreachable"), for the reader. */
  readonly detail?: string;
}

/** A port a probe script tests on one destination, and the required flows it stands for. */
export interface ProbePort {
  readonly port: number;
  /** The catalog names of the services whose flows need this port (several may share one). */
  readonly services: readonly string[];
  /** Set when the port is a sample of a dynamic range: the range as written ("50100-50149"). */
  readonly sampleOf?: string;
}

/** One destination host of a probe: where the script connects, and which ports. */
export interface ProbeTarget {
  /** The manifest's name of the host. */
  readonly to: string;
  /** What the script connects to: the manifest's address of the host, or the one --address gave. */
  readonly address: string;
  readonly ports: readonly ProbePort[];
}

/** A required flow the script cannot test, said in the script and by the CLI. */
export interface ProbeSkip {
  /** The destination host's name. */
  readonly to: string;
  /** "Remote Administration Console (predefined Windows rules)", "TCP 10000", … */
  readonly what: string;
  /** Why, and what to do about it: "its address is the subnet 10.1.0.0/24: give one with --address fs-net=<address>". */
  readonly reason: string;
}

/** Everything a probe script for one host does. */
export interface ProbePlan {
  /** The manifest's name of the host the script runs on. */
  readonly from: string;
  readonly manifestName: string;
  readonly targets: readonly ProbeTarget[];
  readonly skipped: readonly ProbeSkip[];
  /** How long one connect may take before it counts as `timeout`. */
  readonly timeoutSeconds: number;
  /** The results file the script writes by default: `<from>.probe.jsonl`. */
  readonly resultsFile: string;
}

/** A port the listener script opens on the destination host for a while. */
export interface ListenPort {
  readonly port: number;
  readonly services: readonly string[];
  /** The dynamic range it samples ("50100-50149"). */
  readonly sampleOf: string;
  /** The hosts whose probe scripts connect to it. */
  readonly from: readonly string[];
}

/** Everything a listener script for one host does. */
export interface ListenPlan {
  readonly host: string;
  readonly manifestName: string;
  readonly ports: readonly ListenPort[];
  /** How long the listeners stay open before the script closes them. */
  readonly minutes: number;
}

/** One observation read from a results file, with where each of its values is written. */
export interface Observation extends ProbeRecord {
  readonly uri: string;
  /** The whole line's JSON object. */
  readonly range: OffsetRange;
  /** The object's text, for the place of each value (observationPlace): wanted for few of many lines. */
  readonly json: string;
  /** `at` in milliseconds since 1970 (UTC). */
  readonly time: number;
}

/** A results file read: its valid observations in line order, and a problem for each line that is not one (BEX001). */
export interface ObservationFile {
  readonly uri: string;
  readonly text: string;
  readonly observations: readonly Observation[];
  readonly problems: readonly SyntaxProblem[];
  /**
   * Whether observations naming no host of the manifest are reported (BEX303):
   * the file sits beside this manifest alone, or was given for it alone. A file
   * shared by several manifests leaves the others' hosts to them.
   */
  readonly owned: boolean;
}

/** Results files to compare with a manifest's rule files (CheckSettings.observed). */
export interface ObservedSource {
  readonly uri: string;
  readonly text: string;
  readonly owned: boolean;
}

/** The name results files end with; the editor and the CLI read those beside a manifest. */
export const PROBE_RESULTS_SUFFIX = '.probe.jsonl';

/** Observations older than this many days are reported as stale (BEX302), unless the setting says otherwise. */
export const DEFAULT_OBSERVATION_MAX_AGE_DAYS = 30;

/** A day in milliseconds: ages of observations are said in days. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How far ahead of the checking clock an observation may be dated and still count: a probing host
 * whose clock or time zone is off by hours is common; a result dated days ahead is a wrong clock,
 * and would otherwise stay the newest of its port for ever.
 */
export const OBSERVATION_AHEAD_TOLERANCE_MS = DAY_MS;

/** What the rule files say of one port of a required flow: let through by every firewall crossed, stopped by one, or not known (a rule file was not read). */
export type ExpectedResult = 'allowed' | 'blocked' | 'unknown';

/** The newest observation of one port of a required flow, beside what the rule files expect there. */
export interface ObservedPort {
  readonly observation: Observation;
  readonly expected: ExpectedResult;
  /** Older than the age setting (BEX302): shown, but it decides no BEX300/BEX301. */
  readonly stale: boolean;
}

/**
 * What was observed of one required flow. `key` is `requiredFlowKey(flow)`
 * (flows/requiredFlows.ts): the flow map and the lenses meet flows on it.
 */
export interface ObservedFlow {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly serviceId: string;
  /** In port order. */
  readonly ports: readonly ObservedPort[];
}
