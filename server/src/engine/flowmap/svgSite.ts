import type { BoundaryPlacement, HostPlacement, RoleGroupPlacement } from './layout';
import { NEUTRAL } from './style';
import { FONT, HOST_FIREWALL_BAND, HOST_PADDING, lineHeight } from './textSize';
import type { FlowMapFirewall } from './types';
import { classToken, coordinate, element, xmlText } from './xml';

/**
 * The site's parts in the SVG: network firewalls as the boundaries around
 * the hosts they protect, role groups, and hosts with their host firewall as
 * a band across the top. A highlighted firewall is drawn with a thick line
 * (an attribute, so it shows without the stylesheet too).
 */
const LINE = 1.5;
const HIGHLIGHTED_LINE = 4;

const title = (text: string) => element('title', {}, xmlText(text));
const count = (firewall: FlowMapFirewall | undefined) => (firewall && firewall.total > 0 ? ` · ${firewall.allowed}/${firewall.total} allowed` : '');

/** "dmz: network firewall protecting sql01; 5 of 6 required flows through it allowed; rules: dmz.fwrules.yaml (missing)". */
export function firewallTitle(firewall: FlowMapFirewall | undefined, name: string): string {
  if (!firewall) return name;
  const what = firewall.kind === 'network' ? `network firewall protecting ${firewall.hosts.join(', ') || 'no host'}` : `host firewall of ${firewall.hosts.join(', ')}`;
  const files = firewall.ruleFiles.map((file) => `${file.path}${file.failure ? ` (${file.failure})` : ''}`).join(', ');
  return `${name}: ${what}; ${firewall.allowed} of ${firewall.total} required flows through it allowed${files ? `; rules: ${files}` : ''}`;
}

export function boundarySvg(boundary: BoundaryPlacement, firewall: FlowMapFirewall | undefined, highlighted: boolean): string {
  const { box, label } = boundary;
  return element('g', { class: `firewall network${highlighted ? ' highlighted' : ''}`, 'data-firewall': boundary.firewall }, [
    title(firewallTitle(firewall, boundary.firewall)),
    element('rect', { class: 'boundary', x: box.x, y: box.y, width: box.width, height: box.height, rx: 8, fill: 'none', stroke: NEUTRAL.boundary, 'stroke-width': highlighted ? HIGHLIGHTED_LINE : LINE }),
    element('text', { class: 'firewall-label', x: label.x, y: label.y, 'font-size': FONT.group, 'font-weight': 'bold', fill: NEUTRAL.boundary }, xmlText(`${boundary.firewall}${count(firewall)}`)),
  ].join(''));
}

export function roleGroupSvg(group: RoleGroupPlacement): string {
  const { box, label } = group;
  return element('g', { class: 'role-group', 'data-role': group.role, ...(group.region !== undefined ? { 'data-region': group.region } : {}) }, [
    element('rect', { class: 'role-group-box', x: box.x, y: box.y, width: box.width, height: box.height, rx: 4, fill: 'none', stroke: NEUTRAL.muted, 'stroke-dasharray': '2 2' }),
    element('text', { class: 'group-label', x: label.x, y: label.y, 'font-size': FONT.group, fill: NEUTRAL.muted }, xmlText(group.roleName)),
  ].join(''));
}

function hostTitle({ host }: HostPlacement): string {
  const parts = [`${host.name}: ${host.roleName}, ${host.address}, ${host.agent === 'linux' ? 'Agent for Linux' : 'Windows'}`];
  if (host.features.length > 0) parts.push(`features: ${host.features.join(', ')}`);
  if (host.hostFirewalls.length > 0) parts.push(`host firewall ${host.hostFirewalls.join(', ')}`);
  if (host.behind.length > 0) parts.push(`behind ${host.behind.join(', ')}`);
  return parts.join('; ');
}

export function hostSvg(placement: HostPlacement, firewalls: ReadonlyMap<string, FlowMapFirewall>, highlightFirewall: string | undefined): string {
  const { host, box, text } = placement;
  const band = host.hostFirewalls.length * HOST_FIREWALL_BAND;
  const left = box.x + HOST_PADDING;
  const nameLine = box.y + band + HOST_PADDING + lineHeight(FONT.name) - 4;
  const detailLine = nameLine + lineHeight(FONT.detail);
  const parts = [
    title(hostTitle(placement)),
    element('rect', { class: 'host-box', x: box.x, y: box.y, width: box.width, height: box.height, rx: 4, fill: NEUTRAL.bg, stroke: NEUTRAL.fg, 'stroke-width': 1 }),
    element('text', { class: 'host-name', x: left, y: nameLine, 'font-size': FONT.name, 'font-weight': 'bold', fill: NEUTRAL.fg }, xmlText(text.name)),
    element('text', { class: 'host-detail', x: left, y: detailLine, 'font-size': FONT.detail, fill: NEUTRAL.muted }, xmlText(text.detail)),
  ];
  if (text.alsoBehind) parts.push(element('text', { class: 'also-behind', x: left, y: detailLine + lineHeight(FONT.detail), 'font-size': FONT.detail, fill: NEUTRAL.muted }, xmlText(text.alsoBehind)));
  host.hostFirewalls.forEach((name, i) => parts.push(hostFirewallSvg(placement, i, name, firewalls.get(name), name === highlightFirewall)));
  return element('g', { class: `host role-${classToken(host.role)}`, 'data-host': host.name }, parts.join(''));
}

/** The `index`th band across the top of the host's box (a host may have several host firewalls): a shield and the firewall's name. */
function hostFirewallSvg(placement: HostPlacement, index: number, name: string, firewall: FlowMapFirewall | undefined, highlighted: boolean): string {
  const box = { ...placement.box, y: placement.box.y + index * HOST_FIREWALL_BAND };
  const shield = `M${coordinate(box.x + 5)},${coordinate(box.y + 4)} l5,-1.5 l5,1.5 v4.5 c0,4 -5,7 -5,7 c0,0 -5,-3 -5,-7 Z`;
  return element('g', { class: `firewall host-firewall${highlighted ? ' highlighted' : ''}`, 'data-firewall': name }, [
    title(firewallTitle(firewall, name)),
    element('rect', { class: 'host-firewall-band', x: box.x, y: box.y, width: box.width, height: HOST_FIREWALL_BAND, fill: NEUTRAL.boundary, stroke: highlighted ? NEUTRAL.fg : 'none', 'stroke-width': highlighted ? HIGHLIGHTED_LINE : 0 }),
    element('path', { class: 'shield', d: shield, fill: NEUTRAL.bg }),
    element('text', { class: 'host-firewall-name', x: box.x + HOST_FIREWALL_BAND + 2, y: box.y + HOST_FIREWALL_BAND - 5, 'font-size': FONT.detail, fill: NEUTRAL.bg }, xmlText(name)),
  ].join(''));
}
