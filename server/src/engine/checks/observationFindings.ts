import type { FlowEvaluation } from '../flows/evaluateFlow';
import { observedAt } from '../probe/observationText';
import { observationPlace } from '../probe/parseObservations';
import type { Observation } from '../probe/types';
import { excerpt } from '../util/excerpt';
import { fileName } from '../util/uris';
import type { OffsetRange } from '../model/types';
import { relatedRule, ruleNameRange } from './flowFindings';
import type { CheckContext, RelatedPlace } from './types';

/** "TCP 10000 from "be01" to "fs01"": the connection an observation tested. */
export function observedConnection(observation: Observation): string {
  return `TCP ${observation.port} from "${excerpt(observation.from)}" to "${excerpt(observation.to)}"`;
}

const RESULT_WORDS = { open: 'open', refused: 'refused', timeout: 'timing out' } as const;

/** "open", "refused", "timing out": a result as a sentence says it after "observed". */
export function observedResult(observation: Observation): string {
  return RESULT_WORDS[observation.result];
}

/** "2026-11-24 10:12, be01.probe.jsonl; No route to host": when and where it was seen, and what the system said. */
export function observedWhen(observation: Observation): string {
  const detail = observation.detail ? `; the system said "${excerpt(observation.detail)}"` : '';
  return `${observedAt(observation.at)}, ${fileName(observation.uri)}${detail}`;
}

/** The observation's line, as related information of a finding placed elsewhere. */
export function relatedObservation(observation: Observation): RelatedPlace {
  return { uri: observation.uri, range: observationPlace(observation, 'result'), message: `observed ${observedResult(observation)} at ${observedAt(observation.at)} from "${excerpt(observation.from)}"` };
}

/** The manifest's entries of the two hosts and of the firewall, as related information. */
export function relatedSite(context: CheckContext, evaluation: FlowEvaluation | undefined, hosts: { from: OffsetRange; to: OffsetRange }): RelatedPlace[] {
  const manifest = context.manifest!;
  return [
    ...(evaluation ? [{ uri: manifest.uri, range: evaluation.firewall.name.range, message: `firewall "${excerpt(evaluation.firewall.name.value)}" in the manifest` }] : []),
    { uri: manifest.uri, range: hosts.from, message: 'source host' },
    { uri: manifest.uri, range: hosts.to, message: 'destination host' },
  ];
}

/** Where a firewall decides a port of a flow: the rule that allows or blocks it there, else the rule file's rules. */
export function decidingPlace(evaluation: FlowEvaluation, port: number, allowed: boolean): { uri: string; range: OffsetRange; rule?: string; related?: RelatedPlace } {
  const shares = allowed ? evaluation.allowedBy : evaluation.blockedBy;
  const rule = shares.find((share) => share.ports.has(port))?.rule;
  if (rule) return { uri: rule.uri, range: ruleNameRange(rule), rule: rule.name, related: relatedRule(rule, allowed ? 'allowed by' : 'blocked by') };
  return { uri: evaluation.ruleFile.uri, range: evaluation.ruleFile.layout.rulesKeyRange };
}
