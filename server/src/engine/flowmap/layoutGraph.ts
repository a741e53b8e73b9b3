import { dagre, type DagreGraph } from './dagre';
import { regionsOf, type Regions } from './regions';
import { FONT, flowLabelWidth, HOST_PADDING, hostSize, hostText, lineHeight, textWidth, type HostText } from './textSize';
import type { FlowMap, FlowMapFlow, FlowMapHost } from './types';

/**
 * The map as a dagre graph: a node per host; a compound node per network
 * firewall holding what it protects, and per role when a region holds several
 * roles; ONE edge per unordered pair of hosts however many flows link them
 * (an edge per flow made layout ten times slower), sized for their stacked
 * labels. Edges point from the Backup Exec server's side, since dagre ranks
 * left to right by edge direction: the servers end up on the left.
 */

/** Distance between the parallel arrows of one pair of hosts. */
export const LANE_GAP = 5;
/** Boundaries nest `EDGE_SEP` apart (dagre spaces a cluster's border from what it holds by edgesep): room for the inner one's label. */
const EDGE_SEP = lineHeight(FONT.group) + 6;
const NODE_SEP = 40;
const RANK_SEP = 70;
export const MARGIN = 12;

/** Hosts are ranked by role: servers first (leftmost), then the console, the agents, the cloud. */
const ROLE_SIDE = ['backup-exec-server', 'remote-administration-console', 'remote-computer', 'm365-endpoints'];

/** The two hosts of one pair and its flows in map order; `from` is the server's side, not each flow's connecting side. */
export interface HostPair {
  readonly from: string;
  readonly to: string;
  readonly flows: readonly FlowMapFlow[];
}

export interface RoleGroup {
  readonly id: string;
  /** The network firewall whose boundary holds the group; absent at the top. */
  readonly region?: string;
  readonly role: string;
  readonly roleName: string;
}

export interface LayoutGraph {
  readonly graph: DagreGraph;
  readonly regions: Regions;
  readonly hostTexts: ReadonlyMap<string, HostText>;
  readonly pairs: readonly HostPair[];
  readonly roleGroups: readonly RoleGroup[];
}

export const hostNode = (host: string) => `host:${host}`;
export const firewallNode = (firewall: string) => `firewall:${firewall}`;
const roleNode = (region: string | undefined, role: string) => `role:${JSON.stringify([region ?? null, role])}`;

export function layoutGraph(map: FlowMap): LayoutGraph {
  const graph: DagreGraph = new dagre.graphlib.Graph({ compound: true, multigraph: false });
  graph.setGraph({ rankdir: 'LR', ranker: 'tight-tree', nodesep: NODE_SEP, edgesep: EDGE_SEP, ranksep: RANK_SEP, marginx: MARGIN, marginy: MARGIN });
  const regions = regionsOf(map);
  const network = map.firewalls.filter((firewall) => firewall.kind === 'network');
  for (const firewall of network) graph.setNode(firewallNode(firewall.name), {});
  for (const [firewall, parent] of regions.parentOf) graph.setParent(firewallNode(firewall), firewallNode(parent));

  const roleGroups = roleGroupsOf(map.hosts, regions);
  for (const group of roleGroups) {
    graph.setNode(group.id, {});
    if (group.region !== undefined) graph.setParent(group.id, firewallNode(group.region));
  }
  const grouped = new Set(roleGroups.map((group) => group.id));

  const hostTexts = new Map<string, HostText>();
  for (const host of map.hosts) {
    const text = hostText(host, regions.alsoBehind.get(host.name) ?? []);
    hostTexts.set(host.name, text);
    graph.setNode(hostNode(host.name), hostSize(text, host.hostFirewalls));
    const region = regions.regionOf.get(host.name);
    const group = roleNode(region, host.role);
    if (grouped.has(group)) graph.setParent(hostNode(host.name), group);
    else if (region !== undefined) graph.setParent(hostNode(host.name), firewallNode(region));
  }

  // A boundary holding nothing would have no size: room for its label alone.
  for (const firewall of network) {
    const node = firewallNode(firewall.name);
    if (graph.children(node)?.length === 0) graph.setNode(node, { width: textWidth(firewall.name, FONT.group) + 2 * HOST_PADDING, height: lineHeight(FONT.group) + 2 * HOST_PADDING });
  }

  const pairs = hostPairs(map);
  for (const pair of pairs) {
    const span = (pair.flows.length - 1) * LANE_GAP;
    // labelpos 'r' in a left-to-right layout puts the label box under the edge, clear of its lanes.
    graph.setEdge(hostNode(pair.from), hostNode(pair.to), {
      width: Math.max(...pair.flows.map(flowLabelWidth)),
      height: pair.flows.length * lineHeight(FONT.flow),
      labelpos: 'r',
      labeloffset: span / 2 + LANE_GAP,
    });
  }
  return { graph, regions, hostTexts, pairs, roleGroups };
}

/** The role groups: one per role of a region that holds hosts of several roles. */
function roleGroupsOf(hosts: readonly FlowMapHost[], regions: Regions): RoleGroup[] {
  const byRegion = new Map<string | undefined, Map<string, string>>();
  for (const host of [...hosts].sort((a, b) => sideOf(a) - sideOf(b))) {
    const region = regions.regionOf.get(host.name);
    const roles = byRegion.get(region) ?? new Map<string, string>();
    if (!roles.has(host.role)) roles.set(host.role, host.roleName);
    byRegion.set(region, roles);
  }
  return [...byRegion].flatMap(([region, roles]) =>
    roles.size < 2 ? [] : [...roles].map(([role, roleName]) => ({ id: roleNode(region, role), ...(region !== undefined ? { region } : {}), role, roleName })),
  );
}

function sideOf(host: FlowMapHost): number {
  const side = ROLE_SIDE.indexOf(host.role);
  return side < 0 ? ROLE_SIDE.length : side;
}

/** Flows grouped by unordered pair of hosts, pairs in order of their first flow; flows naming a host the map lacks are left out. */
function hostPairs(map: FlowMap): HostPair[] {
  const hosts = new Map(map.hosts.map((host, index) => [host.name, { host, index }]));
  const pairs = new Map<string, { from: string; to: string; flows: FlowMapFlow[] }>();
  for (const flow of map.flows) {
    const from = hosts.get(flow.from);
    const to = hosts.get(flow.to);
    if (!from || !to) continue;
    const serverFirst = sideOf(from.host) - sideOf(to.host) || from.index - to.index;
    const [left, right] = serverFirst <= 0 ? [flow.from, flow.to] : [flow.to, flow.from];
    const key = JSON.stringify([left, right]);
    const pair = pairs.get(key) ?? { from: left, to: right, flows: [] };
    pair.flows.push(flow);
    pairs.set(key, pair);
  }
  return [...pairs.values()];
}
