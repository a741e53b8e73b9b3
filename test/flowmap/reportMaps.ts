import type { FlowCrossing, FlowMap, FlowMapFinding, FlowMapFlow, FlowMapRule } from '../../server/src/engine';
import { MANIFEST, place, sampleMap } from './sampleMaps';

/**
 * A site written by hand for the report tests: every kind of table row and
 * every kind of cell, and names a report must escape. The DMZ's rule file was
 * read; be01's own firewall's was not, so every flow to or from be01 is unknown there.
 */
export const HOSTILE_HOST = '<img src=x onerror=alert(1)>';
export const PIPE_HOST = 'db|02';
/** A rule name with what Markdown must escape: a backtick and a line break. */
export const TICK_RULE = 'BE `to`\nagents';

const DMZ = 'file:///site/dmz.fwrules.yaml';
const at = (uri: string, line: number, character: number) => ({ uri, range: { start: { line, character }, end: { line, character: character + 4 } } });

const rule: FlowMapRule = { name: TICK_RULE, place: at(DMZ, 4, 4) };
const partialFinding: FlowMapFinding = {
  code: 'BEX101',
  severity: 'error',
  message: `Remote Agent data connections (TCP 50100-50149) from be01 to ${PIPE_HOST} does not get through firewall "dmz" (inbound): rule "${TICK_RULE}" opens 50100-50120.`,
  place: at(DMZ, 10, 11),
};
const blockFinding: FlowMapFinding = { code: 'BEX104', severity: 'error', message: 'TCP 5633 is dropped by block rule "<script>alert(1)</script>".', place: at(DMZ, 2, 0) };
const manifestFinding: FlowMapFinding = { code: 'BEX020', severity: 'warning', message: `Host "${HOSTILE_HOST}": the range starts at 1024.`, place: at(MANIFEST, 6, 4) };
/** A code that is not befw's: shown, not linked. */
const foreignFinding: FlowMapFinding = { code: 'yaml-lint', severity: 'information', message: 'Not one of ours.', place: at(MANIFEST, 0, 0) };

const unread = (direction: FlowCrossing['direction']): FlowCrossing => ({ firewall: 'be01-host', direction, state: 'unknown', status: 'not checked: rule file be01.fwrules.yaml is missing', allowedBy: [] });

const SOURCES: FlowMapFlow['sources'] = [
  { id: 'KB100017208', title: 'Veritas KB 100017208', url: 'https://www.veritas.com/support/en_US/article.100017208' },
  { id: 'HOSTILE', title: 'A <b>bold</b> claim', url: 'javascript:alert(1)' },
  { id: 'BOOK', title: 'A book without a link' },
];

type FlowParts = Pick<FlowMapFlow, 'serviceId' | 'service' | 'from' | 'to' | 'ports' | 'state' | 'crossings'>;
const flow = (parts: FlowParts): FlowMapFlow => ({ ...parts, id: `${parts.serviceId}:${parts.from}>${parts.to}`, sources: SOURCES, reveal: { kind: 'manifest', place: place(1) } });

/** Five flows: 1 allowed, 1 partly allowed, 1 blocked, 2 unknown; nine table rows. */
export function reportMap(): FlowMap {
  const site = sampleMap({
    hosts: [{ name: 'be01', role: 'backup-exec-server' }, HOSTILE_HOST, PIPE_HOST],
    firewalls: [
      { name: 'dmz', hosts: [HOSTILE_HOST, PIPE_HOST] },
      { name: 'be01-host', kind: 'host', hosts: ['be01'] },
    ],
  });
  const flows = [
    flow({
      serviceId: 'remote-agent-control', service: 'Remote Agent control connection (NDMP)', from: 'be01', to: HOSTILE_HOST, ports: 'TCP 10000', state: 'unknown',
      // The same rule twice: it opens two predefined rules the flow needs, and is listed once.
      crossings: [unread('outbound'), { firewall: 'dmz', direction: 'inbound', state: 'allowed', status: 'allowed', allowedBy: [rule, rule] }],
    }),
    flow({
      serviceId: 'remote-agent-data', service: 'Remote Agent data connections', from: 'be01', to: PIPE_HOST, ports: 'TCP 50100-50149', state: 'partial',
      crossings: [unread('outbound'), { firewall: 'dmz', direction: 'inbound', state: 'partial', status: 'partly blocked: some ports are not allowed', allowedBy: [rule], finding: partialFinding }],
    }),
    flow({
      serviceId: 'job-engine-oracle', service: 'Backup Exec Job Engine (Agent for Oracle)', from: PIPE_HOST, to: 'be01', ports: 'TCP 5633', state: 'blocked',
      crossings: [{ firewall: 'dmz', direction: 'outbound', state: 'blocked', status: 'blocked: a block rule overrides the allow rule', allowedBy: [], finding: blockFinding }, unread('inbound')],
    }),
    flow({
      serviceId: 'agent-browser', service: 'Backup Exec Agent Browser (advertising)', from: HOSTILE_HOST, to: 'be01', ports: 'TCP 6101', state: 'unknown',
      crossings: [{ firewall: 'dmz', direction: 'outbound', state: 'allowed', status: 'allowed by the outbound default', allowedBy: [] }, unread('inbound')],
    }),
    // Both behind the DMZ: no firewall between them.
    flow({ serviceId: 'dedup-manager', service: 'Deduplication Manager (spad)', from: HOSTILE_HOST, to: PIPE_HOST, ports: 'TCP 10102', state: 'allowed', crossings: [] }),
  ];
  return { ...site, flows, findings: [foreignFinding, manifestFinding, blockFinding, partialFinding] };
}

/** Paths as the CLI shows them, relative to the folder above the site. */
export const relativePath = (uri: string) => uri.replace('file:///site/', 'site/');
