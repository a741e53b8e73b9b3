import { dagre, type DagreGraph } from './dagre';
import { lanePoints, type Box, type Point } from './lanes';
import { firewallNode, hostNode, LANE_GAP, layoutGraph, MARGIN } from './layoutGraph';
import { FONT, flowLabelWidth, lineHeight, type HostText } from './textSize';
import type { FlowMap, FlowMapFlow, FlowMapHost } from './types';

export type { Box, Point } from './lanes';
export type { HostText } from './textSize';

/**
 * Where everything of a flow map goes: pure geometry, no SVG. Boxes are
 * top-left corner and size, in the SVG's user units (pixels at 100%).
 */
export interface FlowMapLayout {
  readonly width: number;
  readonly height: number;
  readonly hosts: readonly HostPlacement[];
  /** Network firewalls' boundaries, outer ones before the boundaries they hold. */
  readonly boundaries: readonly BoundaryPlacement[];
  readonly roleGroups: readonly RoleGroupPlacement[];
  /** One per unordered pair of hosts with flows between them. */
  readonly routes: readonly RoutePlacement[];
  /** One per flow whose two hosts the map has, in map order. */
  readonly flows: readonly FlowPlacement[];
}

export interface HostPlacement {
  readonly host: FlowMapHost;
  readonly box: Box;
  readonly text: HostText;
}

export interface BoundaryPlacement {
  readonly firewall: string;
  readonly box: Box;
  /** Baseline start of its label, inside the top-left corner. */
  readonly label: Point;
}

export interface RoleGroupPlacement {
  readonly role: string;
  readonly roleName: string;
  /** The network firewall whose boundary holds it; absent at the top. */
  readonly region?: string;
  readonly box: Box;
  readonly label: Point;
}

export interface RoutePlacement {
  /** The server's side of the pair (dagre ranks it further left), not each flow's connecting side. */
  readonly from: string;
  readonly to: string;
  readonly points: readonly Point[];
}

export interface FlowPlacement {
  readonly flow: FlowMapFlow;
  /** Index in `routes`. */
  readonly route: number;
  /** Sideways shift from the route, to its right looking from the route's `from` (negative: to its left). */
  readonly offset: number;
  /** The flow's own arrow, from its connecting side (`flow.from`) to `flow.to`: the arrowhead goes at the last point. */
  readonly points: readonly Point[];
  /** Its line in the pair's stack of labels. */
  readonly label: Box;
}

export function layoutFlowMap(map: FlowMap): FlowMapLayout {
  const hosts = [...new Map(map.hosts.map((host) => [host.name, host])).values()];
  const { graph, regions, hostTexts, pairs, roleGroups } = layoutGraph({ ...map, hosts });
  dagre.layout(graph);

  const hostBoxes = new Map(hosts.map((host) => [host.name, nodeBox(graph, hostNode(host.name))]));
  const boundaries = map.firewalls
    .filter((firewall) => firewall.kind === 'network')
    .map((firewall) => ({ firewall: firewall.name, box: nodeBox(graph, firewallNode(firewall.name)), depth: depthOf(firewall.name, regions.parentOf) }))
    .sort((a, b) => a.depth - b.depth)
    .map(({ firewall, box }) => ({ firewall, box, label: labelAt(box) }));
  const groups = roleGroups.map(({ id, region, role, roleName }) => {
    const box = nodeBox(graph, id);
    return { role, roleName, ...(region !== undefined ? { region } : {}), box, label: labelAt(box) };
  });

  const routes: RoutePlacement[] = [];
  const flows: FlowPlacement[] = [];
  const line = lineHeight(FONT.flow);
  pairs.forEach((pair, route) => {
    const edge = graph.edge(hostNode(pair.from), hostNode(pair.to));
    const points = edge.points ?? [];
    routes.push({ from: pair.from, to: pair.to, points });
    const start = hostBoxes.get(pair.from)!;
    const end = hostBoxes.get(pair.to)!;
    // The label stack's top-left: dagre gives its centre (or nothing for a host's flows to itself: beside the route's start).
    const stackX = edge.x !== undefined ? edge.x - (edge.width ?? 0) / 2 : (points[0]?.x ?? 0) + LANE_GAP;
    const stackY = edge.y !== undefined ? edge.y - (edge.height ?? 0) / 2 : points[0]?.y ?? 0;
    pair.flows.forEach((flow, lane) => {
      const offset = (lane - (pair.flows.length - 1) / 2) * LANE_GAP;
      const forward = lanePoints(points, offset, (pair.flows.length - 1) * LANE_GAP, start, end);
      flows.push({
        flow,
        route,
        offset,
        points: flow.from === pair.from ? forward : forward.reverse(),
        label: { x: stackX, y: stackY + lane * line, width: flowLabelWidth(flow), height: line },
      });
    });
  });
  const size = graph.graph();
  return {
    width: Math.ceil(size.width ?? 2 * MARGIN),
    height: Math.ceil(size.height ?? 2 * MARGIN),
    hosts: hosts.map((host) => ({ host, box: hostBoxes.get(host.name)!, text: hostTexts.get(host.name)! })),
    boundaries,
    roleGroups: groups,
    routes,
    flows,
  };
}

function nodeBox(graph: DagreGraph, node: string): Box {
  const { x = 0, y = 0, width, height } = graph.node(node);
  return { x: x - width / 2, y: y - height / 2, width, height };
}

function depthOf(firewall: string, parentOf: ReadonlyMap<string, string>): number {
  let depth = 0;
  for (let parent = parentOf.get(firewall); parent !== undefined; parent = parentOf.get(parent)) depth++;
  return depth;
}

/** A boundary's or group's label: on the first line inside its box (dagre leaves that room between nested borders). */
function labelAt(box: Box): Point {
  return { x: box.x + 6, y: box.y + lineHeight(FONT.group) - 2 };
}
