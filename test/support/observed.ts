import assert from 'node:assert/strict';
import type { Catalog } from '../../server/src/engine/catalog/catalog';
import { requiredFlowKey, requiredFlows } from '../../server/src/engine/flows/requiredFlows';
import type { ExpectedResult, Observation, ObservationFile, ObservedFlow, ProbeResult } from '../../server/src/engine/probe/types';
import type { CheckReport } from '../../server/src/engine/service';
import { uriOf } from './engine';

/** One line of a results file, with the rule files' verdict on its port as the engine would give it. */
export interface ProbeLine {
  readonly service: string;
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly result: ProbeResult;
  readonly at: string;
  readonly expected: ExpectedResult;
  readonly stale?: boolean;
}

/**
 * A report with observations made by hand (as the probe engine fills them):
 * `lines` written one a line to `file`, each matched to the required flow of
 * its service and hosts, the ports of a flow in port order.
 */
export function withObservations(report: CheckReport, catalog: Catalog, file: string, lines: readonly ProbeLine[]): CheckReport {
  const uri = uriOf(file);
  let text = '';
  const observed = new Map<string, { flow: Omit<ObservedFlow, 'ports'>; ports: ObservedFlow['ports'][number][] }>();
  const flows = [...requiredFlows(report.manifest!, catalog)];
  const observations: Observation[] = [];
  for (const line of lines) {
    const json = JSON.stringify({ from: line.from, to: line.to, protocol: 'tcp', port: line.port, result: line.result, at: line.at });
    const observation: Observation = { from: line.from, to: line.to, protocol: 'tcp', port: line.port, result: line.result, at: line.at, uri, range: [text.length, text.length + json.length], json, time: Date.parse(line.at) };
    text += `${json}\n`;
    observations.push(observation);
    const flow = flows.find((f) => f.service.id === line.service && f.from.name.value === line.from && f.to.name.value === line.to);
    assert.ok(flow, `no required flow ${line.service} ${line.from} > ${line.to}`);
    const key = requiredFlowKey(flow);
    const entry = observed.get(key) ?? { flow: { key, from: line.from, to: line.to, serviceId: line.service }, ports: [] };
    entry.ports.push({ observation, expected: line.expected, stale: line.stale ?? false });
    observed.set(key, entry);
  }
  const observationFile: ObservationFile = { uri, text, observations, problems: [], owned: true };
  const observedFlows = [...observed.values()].map(({ flow, ports }) => ({ ...flow, ports: ports.sort((a, b) => a.observation.port - b.observation.port) }));
  return { ...report, observationFiles: [observationFile], observedFlows };
}
